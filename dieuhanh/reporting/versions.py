"""Comparing two submitted versions of a report, field by field and task by task."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FIELD_LABELS = {
    "highlights": "Kết quả nổi bật",
    "difficulties": "Khó khăn, vướng mắc",
    "proposals": "Đề xuất, kiến nghị",
}
TASK_LABELS = {
    "progress": "Tình hình",
    "percent": "Tiến độ (%)",
    "result": "Kết quả",
    "completed_on": "Ngày hoàn thành",
    "evidence": "Minh chứng",
}


@dataclass(frozen=True)
class Change:
    where: str
    field: str
    before: str
    after: str


def _text(value: Any) -> str:
    return "; ".join(value) if isinstance(value, list) else str(value)


def version_diff(a: dict[str, Any], b: dict[str, Any]) -> list[Change]:
    changes = [
        Change("Báo cáo", label, _text(a.get(k, "")), _text(b.get(k, "")))
        for k, label in FIELD_LABELS.items()
        if a.get(k, "") != b.get(k, "")
    ]
    before = {t["code"]: t for t in a.get("tasks", [])}
    for task in b.get("tasks", []):
        old = before.get(task["code"], {})
        changes += [
            Change(f"Nhiệm vụ {task['code']}", label, _text(old.get(k, "")), _text(task.get(k, "")))
            for k, label in TASK_LABELS.items()
            if old.get(k, "") != task.get(k, "")
        ]
    old_values = {i["code"]: i for i in a.get("indicators", [])}
    for item in b.get("indicators", []):
        old = old_values.get(item["code"], {})
        changes += [
            Change(f"Chỉ số {item['code']}", label, _text(old.get(k, "")), _text(item.get(k, "")))
            for k, label in (("value", "Giá trị"), ("comment", "Ghi chú"))
            if old.get(k, "") != item.get(k, "")
        ]
    return changes
