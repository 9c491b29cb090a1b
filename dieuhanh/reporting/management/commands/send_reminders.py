"""`dieuhanh send_reminders [--loop] [--date dd/mm/yyyy]`: remind units that have not reported."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from dieuhanh.core.dates import DateError, parse_date
from dieuhanh.reporting.reminders import reminders_send


class Command(BaseCommand):
    help = "Gửi nhắc nhở báo cáo (trước hạn, đúng hạn, quá hạn); mỗi nhắc nhở chỉ gửi một lần."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Ngày chạy (dd/mm/yyyy), mặc định hôm nay")
        parser.add_argument("--loop", action="store_true", help="Chạy lặp lại, mỗi --interval giây")
        parser.add_argument("--interval", type=int, default=3600)

    def handle(self, *args: Any, **options: Any) -> None:
        day = self._day(options["date"])
        while True:
            run = reminders_send(on=day or timezone.localdate())
            self.stdout.write(
                f"Đã gửi {run.sent} nhắc nhở; bỏ qua {run.skipped_already_sent} nhắc nhở đã gửi trước đó."
            )
            if not options["loop"]:
                return
            time.sleep(options["interval"])

    def _day(self, raw: str | None) -> dt.date | None:
        try:
            return parse_date(raw or "")
        except DateError as exc:
            raise CommandError(exc.sentence()) from exc
