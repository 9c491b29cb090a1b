"""Build the hierarchy map and the rollups for a day ahead of the first page view (after a
large import, or nightly with --loop), so no visitor waits for them."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from dieuhanh.core.dates import DateError, parse_date
from dieuhanh.indicators.aggregation import rollup_build


class Command(BaseCommand):
    help = "Dựng sẵn bảng tổng hợp chỉ số theo địa giới tại một ngày (mặc định hôm nay)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ngay", help="ngày theo dạng 30/06/2025 (mặc định hôm nay)")
        parser.add_argument("--loop", type=int, default=0, help="lặp lại sau chừng này giây")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            try:
                on = parse_date(options["ngay"] or "") or timezone.localdate()
            except DateError as exc:
                raise CommandError(exc.sentence()) from exc
            started = time.perf_counter()
            count = rollup_build(on=on)
            took = time.perf_counter() - started
            self.stdout.write(
                f"Đã dựng bảng tổng hợp cho {count} chỉ số tại ngày {on:%d/%m/%Y} ({took:.1f} giây)."
            )
            if not options["loop"]:
                return
            time.sleep(options["loop"])
