"""`dieuhanh worker`: django-tasks-db's `db_worker`, which first fails the jobs a crashed
worker left running (see dieuhanh/audit/jobs.py) and names itself `host:pid`."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from dieuhanh.audit.jobs import jobs_recover, worker_id


class Command(DbWorkerCommand):
    help = "Chạy tiến trình xử lý việc nền; trước tiên đánh dấu thất bại các việc bị bỏ dở do sự cố."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=worker_id())
        parser.add_argument(
            "--stale-after",
            type=float,
            default=6 * 3600,
            help="giây: việc của tiến trình trên máy khác chạy quá lâu thì coi là bỏ dở (mặc định 6 giờ)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stale_after = dt.timedelta(seconds=options.pop("stale_after"))
        for result in jobs_recover(stale_after=stale_after):
            self.stdout.write(f"Đánh dấu thất bại việc bị bỏ dở {result.id} ({result.task_path}).")
        super().handle(*args, **options)
