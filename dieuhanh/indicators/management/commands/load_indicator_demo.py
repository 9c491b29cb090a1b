from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dieuhanh.indicators.demo import indicators_load_demo


class Command(BaseCommand):
    help = "Nạp bộ chỉ số mẫu và số liệu minh họa (cần nạp đơn vị và chương trình mẫu trước)."

    def handle(self, *args: Any, **options: Any) -> None:
        for label, count in indicators_load_demo().items():
            self.stdout.write(f"{label}: {count}")
