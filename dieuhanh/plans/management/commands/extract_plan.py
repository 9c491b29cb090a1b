"""`dieuhanh extract_plan PATH --format json`: the drafts read from a plan document, as JSON
(contracts/plan-extract.schema.json) or as a short Vietnamese summary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dieuhanh.core.text import format_number
from dieuhanh.plans.deadlines import DeadlineLike, deadline_label
from dieuhanh.plans.extract import ExtractError, PlanDraft, extract_path

_ROLES = {"lead": "chủ trì", "coordinate": "phối hợp", None: "—"}


class Command(BaseCommand):
    help = "Đọc nhiệm vụ, chỉ tiêu từ một kế hoạch (.docx, .txt, .md) và in ra JSON hoặc bản tóm tắt."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Tệp kế hoạch: .docx, .txt hoặc .md")
        parser.add_argument("--format", choices=["json", "text"], default="text", help="Dạng kết quả")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            draft = extract_path(Path(options["path"]))
        except ExtractError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps(draft.to_contract(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(self._summary(draft))

    def _summary(self, draft: PlanDraft) -> str:
        doc = draft.document
        lines = [
            f"Văn bản: {doc.title or '—'}",
            f"Số: {doc.number or '—'}; ngày: {doc.date:%d/%m/%Y}" if doc.date else f"Số: {doc.number or '—'}",
            f"Cơ quan ban hành: {doc.issuer or '—'}",
            f"{len(draft.groups)} nhóm, {len(draft.tasks)} nhiệm vụ, {len(draft.targets)} chỉ tiêu",
        ]
        for task in draft.tasks:
            deadline = cast(DeadlineLike, task.deadline)
            label = deadline_label(deadline) if task.deadline.text else "chưa có thời hạn"
            lines.append(f"  [{task.section or '-'}] ({_ROLES[task.role]}) {task.text[:70]}… — {label}")
        for target in draft.targets:
            value = format_number(target.value)
            lines.append(
                f"  Chỉ tiêu {target.horizon or '—'}: {target.comparator} {value} {target.unit or ''}"
            )
        lines += [f"Lưu ý: {w}" for w in draft.warnings]
        return "\n".join(lines)
