from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dieuhanh.audit.backup import BackupError, backup_create
from dieuhanh.core.text import format_number


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp tải lên (minh chứng) vào một tệp tar có bản kê và mã SHA-256."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="tệp đích, .tar hoặc .tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_create(path=options["path"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        mb = format_number(result.size / 1024 / 1024, 1)
        self.stdout.write(
            f"Đã sao lưu vào {result.path}: {mb} MB, {result.files} tệp tải lên, "
            f"{format_number(result.seconds, 1)} giây."
        )
        self.stdout.write(f"size_bytes={result.size} files={result.files} seconds={result.seconds:.2f}")
