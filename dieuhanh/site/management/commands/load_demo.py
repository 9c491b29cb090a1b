"""`dieuhanh load_demo`: the Hải Dương demo — units, agencies, the programme, one user per role.
Idempotent: running it again changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dieuhanh.accounts.services import IssuedToken
from dieuhanh.core.text import format_number
from dieuhanh.site.demo import demo_load


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu Hải Dương: đơn vị hành chính, cơ quan, kế hoạch, chỉ tiêu, nhiệm vụ, người dùng mẫu."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = demo_load(on_token=self._show_token)
        for label, count in summary.items():
            self.stdout.write(f"  {label}: {format_number(count)}")
        self.stdout.write(self.style.SUCCESS("Đã nạp xong dữ liệu mẫu."))

    def _show_token(self, issued: IssuedToken) -> None:
        # The only time the secret exists in clear: the admin shows the prefix, never the secret.
        name, secret = issued.token.name, issued.secret
        self.stdout.write(f"  Mã truy cập API mẫu “{name}” (chỉ hiện một lần, hãy sao chép ngay): {secret}")
