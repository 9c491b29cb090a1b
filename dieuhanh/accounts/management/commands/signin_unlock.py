"""Help for someone who cannot sign in: lift a lockout, or remove a lost second factor."""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dieuhanh.accounts.models import User
from dieuhanh.accounts.second_factor import second_factor_remove


class Command(BaseCommand):
    help = "Mở khóa đăng nhập của một tài khoản; --second-factor: xóa cả xác thực hai lớp (mất điện thoại)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="tên đăng nhập")
        parser.add_argument(
            "--second-factor",
            action="store_true",
            help="xóa ứng dụng xác thực và mã khôi phục; người dùng thiết lập lại ở lần đăng nhập sau",
        )

    def handle(self, *args: Any, username: str, second_factor: bool, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{username}”.")
        lifted = axes_reset(username=username)
        self.stdout.write(f"Đã mở khóa “{username}” ({lifted} lượt đăng nhập sai được xóa).")
        if second_factor:
            second_factor_remove(user=user)
            self.stdout.write("Đã xóa xác thực hai lớp; lần đăng nhập sau người dùng sẽ thiết lập lại.")
