"""`dieuhanh serve`'s supervisor, with small stand-in children: a dead child comes back, a child
that cannot start stops the service, and stopping stops them all."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

import pytest

from dieuhanh.core import supervisor as sup
from dieuhanh.core.management.commands.serve import Command
from dieuhanh.core.supervisor import Child, Supervisor

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]
FAILER = [sys.executable, "-c", "raise SystemExit(3)"]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_for(condition, seconds: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_child_that_dies_is_started_again_and_stop_all_ends_every_child():
    lines: list[str] = []
    web, worker = Child("web", SLEEPER), Child("worker", SLEEPER)
    s = Supervisor(children=[web, worker], say=lines.append, grace_seconds=5)
    for child in s.children:
        s.start(child)
    assert web.process is not None and worker.process is not None
    first_pid = worker.process.pid
    worker.process.kill()
    worker.process.wait()
    s.tick()  # notices the death, schedules a restart after a pause
    assert worker.process is None and any("worker: đã dừng" in line for line in lines)
    worker.restart_at = 0  # the pause is over
    s.tick()
    assert worker.process is not None and worker.process.pid != first_pid and worker.restarts == 1
    pids = [web.process.pid, worker.process.pid]
    s.stop_all()
    assert not any(alive(pid) for pid in pids)


def test_a_child_that_exits_at_once_again_and_again_stops_the_service_with_a_message(monkeypatch):
    monkeypatch.setattr(sup, "MAX_QUICK_EXITS", 3)
    lines: list[str] = []
    keeper = Child("reminders", SLEEPER)
    s = Supervisor(children=[Child("web", FAILER), keeper], say=lines.append, poll_seconds=0.05)
    for _ in range(3):
        s.start(s.children[0])
        s.children[0].process.wait()  # type: ignore[union-attr]
        s.tick()
    assert s.stopping and "web thoát ngay sau khi khởi động 3 lần liên tiếp" in s.failed


def test_sigterm_stops_the_service_and_its_children():
    lines: list[str] = []
    children = [Child("web", SLEEPER), Child("worker", SLEEPER)]
    s = Supervisor(children=children, say=lines.append, poll_seconds=0.05, grace_seconds=5)
    result: list[int] = []

    # run() installs signal handlers, which only the main thread may do: run it here and send
    # the signal from a helper thread once the children are up.
    def send_term() -> None:
        wait_for(lambda: all(c.process is not None for c in children))
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=send_term, daemon=True).start()
    pids_seen: list[int] = []
    original_start = s.start

    def start(child: Child) -> None:
        original_start(child)
        assert child.process is not None
        pids_seen.append(child.process.pid)

    s.start = start  # type: ignore[method-assign]
    result.append(s.run())
    assert result == [0]
    assert any("SIGTERM" in line for line in lines)
    assert len(pids_seen) == 2 and not any(alive(pid) for pid in pids_seen)


def test_serve_runs_gunicorn_the_worker_and_both_periodic_jobs():
    options = {
        "host": "127.0.0.1",
        "port": 18999,
        "workers": 3,
        "timeout": 60,
        "no_worker": False,
        "no_jobs": False,
        "reminder_interval": 3600,
        "rollup_interval": 600,
    }
    children = {c.name: list(c.argv) for c in Command().children(options)}
    assert set(children) == {"web", "worker", "reminders", "rollup"}
    web = children["web"]
    assert web[1:4] == ["-m", "gunicorn", "config.wsgi:application"]
    assert web[web.index("--bind") + 1] == "127.0.0.1:18999" and web[web.index("--workers") + 1] == "3"
    assert children["worker"][3] == "db_worker"
    assert children["reminders"][3:] == ["send_reminders", "--loop", "--interval", "3600"]
    assert children["rollup"][3:] == ["indicators_rollup", "--loop", "600"]


@pytest.mark.parametrize(
    ("flag", "missing"), [("no_worker", {"worker"}), ("no_jobs", {"reminders", "rollup"})]
)
def test_serve_can_leave_out_the_worker_or_the_jobs(flag, missing):
    options = {
        "host": "127.0.0.1",
        "port": 1,
        "workers": 1,
        "timeout": 1,
        "no_worker": False,
        "no_jobs": False,
    }
    options.update({"reminder_interval": 1, "rollup_interval": 1, flag: True})
    names = {c.name for c in Command().children(options)}
    assert names.isdisjoint(missing) and "web" in names
