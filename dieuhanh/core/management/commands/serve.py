"""`dieuhanh serve`: the platform as one service — gunicorn, the task worker and the periodic jobs.

`make run` uses it on the demo; an operator can run it under systemd or in a container. The
children are supervised (dieuhanh.core.supervisor): restarted when they die, all stopped on
Ctrl-C or SIGTERM. Logs of every child go to stdout.
"""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dieuhanh.core.supervisor import Child, Supervisor


def default_workers() -> int:
    # gunicorn's rule of thumb (2 × cores + 1), bounded: each worker holds a copy of the app.
    return max(2, min(8, 2 * (os.cpu_count() or 1) + 1))


class Command(BaseCommand):
    help = "Chạy hệ thống như môi trường thật: gunicorn, tiến trình xử lý tác vụ nền và các việc định kỳ."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("DIEUHANH_WEB_WORKERS", default_workers()))
        )
        parser.add_argument("--timeout", type=int, default=60, help="giây cho một yêu cầu")
        parser.add_argument("--no-worker", action="store_true", help="không chạy tiến trình tác vụ nền")
        parser.add_argument("--no-jobs", action="store_true", help="không chạy các việc định kỳ")
        parser.add_argument("--reminder-interval", type=int, default=3600, help="giây giữa hai lần nhắc")
        parser.add_argument("--rollup-interval", type=int, default=600, help="giây giữa hai lần tổng hợp")

    def handle(self, *args: object, **options: object) -> None:
        if settings.DEBUG:
            raise CommandError(
                "DIEUHANH_DEBUG đang bật: `serve` chạy như môi trường thật; "
                "để phát triển hãy dùng `make dev`."
            )
        children = self.children(options)
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        supervisor = Supervisor(children=children, env=env, say=self.say)
        host, port = options["host"], options["port"]
        self.say(f"[serve] dieuhanh tại http://{host}:{port}/ — Ctrl-C để dừng")
        code = supervisor.run()
        if code:
            raise SystemExit(code)

    def say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()

    def children(self, options: dict[str, object]) -> list[Child]:
        manage = [sys.executable, "-m", "dieuhanh"]
        web = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"{options['host']}:{options['port']}",
            "--workers",
            str(options["workers"]),
            "--timeout",
            str(options["timeout"]),
            # One supervisor per instance: no shared control socket under ~/.gunicorn.
            "--no-control-socket",
            "--graceful-timeout",
            "15",
            "--access-logfile",
            "-",
            "--error-logfile",
            "-",
            # Behind a proxy on the same host the client's address comes from X-Forwarded-For.
            "--forwarded-allow-ips",
            os.environ.get("DIEUHANH_FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
        ]
        children = [Child("web", web)]
        if not options["no_worker"]:
            children.append(Child("worker", [*manage, "db_worker", "--queue-name", "*", "--no-reload"]))
        if not options["no_jobs"]:
            children.append(
                Child(
                    "reminders",
                    [*manage, "send_reminders", "--loop", "--interval", str(options["reminder_interval"])],
                )
            )
            children.append(
                Child("rollup", [*manage, "indicators_rollup", "--loop", str(options["rollup_interval"])])
            )
        return children
