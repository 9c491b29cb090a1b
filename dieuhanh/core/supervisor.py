"""A small process supervisor: the web server, the task worker and the periodic jobs as one service.

Each child is restarted when it dies (with a growing pause, so a child that cannot start does not
spin); SIGTERM/SIGINT stop them all (SIGTERM first, SIGKILL after a grace period); SIGHUP is
passed on (gunicorn reloads its workers). A child that dies right after starting too many times
in a row stops the whole service with a message: a port already in use should not loop forever.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

logger = logging.getLogger("dieuhanh.serve")

QUICK_EXIT_SECONDS = 10.0  # a child that dies sooner than this "failed to start"
MAX_QUICK_EXITS = 5
MAX_BACKOFF_SECONDS = 30.0


@dataclass
class Child:
    name: str
    argv: Sequence[str]
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    quick_exits: int = 0
    restart_at: float = 0.0
    restarts: int = 0


@dataclass
class Supervisor:
    children: list[Child]
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    grace_seconds: float = 20.0
    poll_seconds: float = 0.5
    clock: Callable[[], float] = time.monotonic
    say: Callable[[str], None] = print
    stopping: bool = False
    failed: str = ""

    def start(self, child: Child) -> None:
        # Children share our process group, so a Ctrl-C in the terminal reaches them too; we
        # still send SIGTERM ourselves for `kill`, systemd and containers.
        child.process = subprocess.Popen(list(child.argv), env=self.env)
        child.started_at = self.clock()
        self.say(f"[serve] {child.name}: đã khởi động (pid {child.process.pid})")

    def run(self) -> int:
        previous = {s: signal.signal(s, self._on_stop) for s in (signal.SIGTERM, signal.SIGINT)}
        previous_hup = signal.signal(signal.SIGHUP, self._on_hup)
        try:
            for child in self.children:
                self.start(child)
            while not self.stopping:
                self.tick()
                time.sleep(self.poll_seconds)
        finally:
            self.stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            signal.signal(signal.SIGHUP, previous_hup)
        if self.failed:
            self.say(f"[serve] dừng: {self.failed}")
            return 1
        return 0

    def tick(self) -> None:
        """Restart any child that has died, once its pause is over."""
        now = self.clock()
        for child in self.children:
            if child.process is None:
                if now >= child.restart_at and not self.stopping:
                    child.restarts += 1
                    self.start(child)
                continue
            code = child.process.poll()
            if code is None:
                if now - child.started_at >= QUICK_EXIT_SECONDS:
                    child.quick_exits = 0
                continue
            child.process = None
            if now - child.started_at < QUICK_EXIT_SECONDS:
                child.quick_exits += 1
            if child.quick_exits >= MAX_QUICK_EXITS:
                self.failed = (
                    f"{child.name} thoát ngay sau khi khởi động {child.quick_exits} lần liên tiếp "
                    f"(mã {code}); xem thông báo lỗi ở trên."
                )
                self.stopping = True
                return
            pause = min(MAX_BACKOFF_SECONDS, 2.0**child.quick_exits)
            child.restart_at = now + pause
            self.say(f"[serve] {child.name}: đã dừng (mã {code}); khởi động lại sau {pause:.0f} giây")

    def _on_stop(self, signum: int, frame: object) -> None:
        if not self.stopping:
            self.say(f"[serve] nhận tín hiệu {signal.Signals(signum).name}: dừng tất cả")
        self.stopping = True

    def _on_hup(self, signum: int, frame: object) -> None:
        for child in self.children:
            if child.process is not None and child.process.poll() is None:
                child.process.send_signal(signal.SIGHUP)

    def stop_all(self) -> None:
        running = [c for c in self.children if c.process is not None and c.process.poll() is None]
        for child in running:
            assert child.process is not None
            child.process.terminate()
        deadline = self.clock() + self.grace_seconds
        for child in running:
            assert child.process is not None
            try:
                child.process.wait(timeout=max(0.1, deadline - self.clock()))
            except subprocess.TimeoutExpired:
                self.say(f"[serve] {child.name}: không dừng sau {self.grace_seconds:.0f} giây, buộc dừng")
                child.process.kill()
                child.process.wait()
        for child in self.children:
            child.process = None
