"""`dieuhanh load_units`: the real administrative units and the demo agencies.
Idempotent: running it again changes nothing."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dieuhanh.core.text import format_number
from dieuhanh.units.admin_data import DEFAULT_LEGACY_PROVINCES, units_load_administrative
from dieuhanh.units.agencies import units_load_agencies
from dieuhanh.units.sync import LoadResult, SyncCount


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính (trước và sau 01/07/2025) và các cơ quan mẫu của Hải Dương, Hải Phòng."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--legacy-provinces",
            nargs="+",
            default=list(DEFAULT_LEGACY_PROVINCES),
            metavar="MÃ_TỈNH",
            help="Mã tỉnh cũ (trước 01/07/2025) cần nạp huyện, xã; mặc định 30 31 (Hải Dương, Hải Phòng).",
        )
        parser.add_argument("--no-agencies", action="store_true", help="Không nạp các cơ quan mẫu.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            admin = units_load_administrative(legacy_provinces=options["legacy_provinces"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        self._report_administrative(admin, options["legacy_provinces"])
        if not options["no_agencies"]:
            self._report_agencies(units_load_agencies())
        seconds = format_number(round(time.perf_counter() - started, 1), 1)
        self.stdout.write(self.style.SUCCESS(f"Hoàn tất trong {seconds} giây."))

    def _report_administrative(self, result: LoadResult, legacy: list[str]) -> None:
        n = {key: format_number(value) for key, value in result.loaded.items()}
        self.stdout.write(
            f"Đã nạp {n['vn2025:province']} tỉnh, thành phố và {n['vn2025:commune']} xã, phường, "
            "đặc khu (từ 01/07/2025)."
        )
        self.stdout.write(
            f"Đã nạp đơn vị trước 01/07/2025 (mã tỉnh cũ {', '.join(legacy)}): "
            f"{n['vn2024:province']} tỉnh, thành phố; {n['vn2024:district']} huyện, quận, thị xã, "
            f"thành phố; {n['vn2024:commune']} xã, phường, thị trấn."
        )
        self.stdout.write(f"Đã ghi {n['succession']} quan hệ kế thừa từ đơn vị cũ sang đơn vị mới.")
        self._report_changes(result)

    def _report_agencies(self, result: LoadResult) -> None:
        n = {key: format_number(value) for key, value in result.loaded.items()}
        self.stdout.write(f"Đã nạp {n['agency']} cơ quan, đơn vị và {n['succession']} quan hệ kế thừa.")
        self._report_changes(result)

    def _report_changes(self, result: LoadResult) -> None:
        for label, count in (("đơn vị", result.units), ("quan hệ cấp trên", result.parents),
                             ("quan hệ kế thừa", result.successions)):  # fmt: skip
            self.stdout.write(f"  {label}: {_changes(count)}")
        for code, reason in result.without_successor.items():
            self.stdout.write(self.style.WARNING(f"  {code} không có đơn vị kế thừa: {reason}."))


def _changes(count: SyncCount) -> str:
    return (
        f"thêm mới {format_number(count.created)}, cập nhật {format_number(count.updated)}, "
        f"giữ nguyên {format_number(count.unchanged)}"
    )
