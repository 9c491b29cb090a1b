"""Comparing two submitted versions of a report: its texts, then section by section."""

from __future__ import annotations

from typing import Any

from dieuhanh.reporting.sections import Change, all_sections, change_text

FIELD_LABELS = {
    "highlights": "Kết quả nổi bật",
    "difficulties": "Khó khăn, vướng mắc",
    "proposals": "Đề xuất, kiến nghị",
}

__all__ = ["Change", "version_diff"]


def version_diff(a: dict[str, Any], b: dict[str, Any]) -> list[Change]:
    changes = [
        Change("Báo cáo", label, change_text(a.get(k, "")), change_text(b.get(k, "")))
        for k, label in FIELD_LABELS.items()
        if a.get(k, "") != b.get(k, "")
    ]
    for section in all_sections():
        changes += section.diff(a, b)
    return changes
