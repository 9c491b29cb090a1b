from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dieuhanh.audit.backup import BackupError, backup_restore
from dieuhanh.core.text import format_number


class Command(BaseCommand):
    help = "Khôi phục một bản sao lưu của `dieuhanh backup` (kiểm tra mã SHA-256 trước khi ghi)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="tệp sao lưu .tar hoặc .tar.gz")
        parser.add_argument("--force", action="store_true", help="ghi đè cả khi nơi khôi phục đã có dữ liệu")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            manifest = backup_restore(path=options["path"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Đã khôi phục bản sao lưu lúc {manifest['created_at']} ({manifest['engine']}): "
            f"{len(manifest['files'])} tệp tải lên, {format_number(seconds, 1)} giây."
        )
        self.stdout.write(f"files={len(manifest['files'])} seconds={seconds:.2f}")
