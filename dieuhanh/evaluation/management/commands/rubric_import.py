"""`dieuhanh rubric_import FILE.json`: store a rubric (a changed one becomes the next version)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dieuhanh.evaluation.rubric import RubricError
from dieuhanh.evaluation.services import rubric_import, rubric_read_file


class Command(BaseCommand):
    help = "Nạp một bộ tiêu chí đánh giá từ tệp JSON (đổi nội dung thì thành phiên bản mới)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Tệp JSON của bộ tiêu chí")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            rubric = rubric_import(definition=rubric_read_file(path), source_note=path.name)
        except RubricError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"Đã nạp {rubric.title} (mã {rubric.code}, phiên bản {rubric.version}).")
