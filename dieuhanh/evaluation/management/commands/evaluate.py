"""`dieuhanh evaluate --rubric CODE --period 2025 --format json`: every unit's result in the
shape of docs/evaluation.md (published results from their snapshot, the others as of now)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from dieuhanh.accounts.models import Role, User
from dieuhanh.core.text import format_number
from dieuhanh.evaluation.selectors import contract_list, head_contract_list


class Command(BaseCommand):
    help = "In kết quả chấm điểm của mọi đơn vị theo một bộ tiêu chí và một năm (JSON hoặc bảng tóm tắt)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rubric", required=True, help="Mã bộ tiêu chí (trường «id» trong JSON)")
        parser.add_argument("--period", required=True, type=int, help="Năm đánh giá, ví dụ 2025")
        parser.add_argument("--format", choices=["json", "text"], default="text", help="Dạng kết quả")
        parser.add_argument(
            "--subject",
            choices=["units", "heads"],
            default="units",
            help="units: các đơn vị (mặc định); heads: người đứng đầu các đơn vị",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The command line is the administrator's tool: it reads the whole programme.
        reader = User(username="cli", role=Role.ADMIN, is_active=True)
        try:
            read = head_contract_list if options["subject"] == "heads" else contract_list
            rows = read(user=reader, rubric_code=options["rubric"], year=options["period"])
        except Http404 as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            total, max_ = format_number(row["total"]), format_number(row["max"])
            who = (
                f"Người đứng đầu {row['unit']['name']}"
                if options["subject"] == "heads"
                else row["unit"]["name"]
            )
            self.stdout.write(f"{row['rank']:>3}. {who}: {total}/{max_} — {row['rating']}")
