"""`dieuhanh load_demo`: the Hải Dương demo — units, agencies, the programme, one user per role.
Idempotent: running it again changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dieuhanh.core.text import format_number
from dieuhanh.site.demo import demo_load


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu Hải Dương: đơn vị hành chính, cơ quan, kế hoạch, chỉ tiêu, nhiệm vụ, người dùng mẫu."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = demo_load()
        for label, count in summary.items():
            self.stdout.write(f"  {label}: {format_number(count)}")
        self.stdout.write(self.style.SUCCESS("Đã nạp xong dữ liệu mẫu."))
