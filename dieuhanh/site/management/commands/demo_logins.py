from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from dieuhanh.accounts.demo import DEMO_PASSWORD, DEMO_USERS, demo_users_loaded


class Command(BaseCommand):
    help = "In danh sách tài khoản mẫu để đăng nhập thử."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="địa chỉ trang web để in ra")

    def handle(self, *args: Any, **options: Any) -> None:
        users = demo_users_loaded()
        self.stdout.write(f"\nTài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}) — mở {options['url']}\n")
        for demo in DEMO_USERS:
            user = users.get(demo.username)
            unit = user.unit.name if user and user.unit else "—"
            self.stdout.write(f"  {demo.username:<12} {demo.role.label:<42} {unit}")
        self.stdout.write(self._sign_in_note())
        self.stdout.write("")

    @staticmethod
    def _sign_in_note() -> str:
        if settings.SIGNIN_2FA_REQUIRED:
            return (
                "\nXác thực hai lớp bắt buộc với quản trị và lãnh đạo: lần đăng nhập đầu, "
                "hãy quét mã QR bằng ứng dụng xác thực trên điện thoại."
            )
        return (
            "\nBản demo: xác thực hai lớp tùy chọn (Tài khoản → Thiết lập xác thực hai lớp); "
            "quên mật khẩu: thư đặt lại in ra màn hình này."
        )
