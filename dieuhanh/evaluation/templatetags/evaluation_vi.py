"""A criterion's inputs in Vietnamese words for the scorecard."""

from __future__ import annotations

from typing import Any

from django import template

from dieuhanh.core.text import format_number

register = template.Library()

LABELS = {
    "value": "giá trị",
    "state": "trạng thái",
    "gate_met": "đạt điều kiện chất lượng",
    "yes": "kết quả",
    "conditions": "các điều kiện",
    "level": "mức",
    "levels": "các mức đạt",
    "points": "điểm chấm",
    "current": "năm đánh giá",
    "previous": "năm trước",
    "occurred": "phát sinh",
    "count": "số lần",
    "basis": "căn cứ",
    "waived": "được miễn trừ",
    "waiver_ref": "văn bản chấp thuận",
    "days_late": "số ngày nộp trễ",
    "due": "hạn nộp",
    "submitted_on": "ngày nộp",
    "refused": "không tiếp nhận",
    "not_applicable": "không áp dụng",
    "expected": "phải gửi",
    "sent": "đã gửi",
    "accepted": "đã duyệt",
    "on_time": "đúng hạn",
    "done_on_time": "hoàn thành đúng hạn",
    "due_tasks": "đến hạn",
    "enterprises": "số doanh nghiệp",
}


def _show(value: Any) -> str:
    if value is None:
        return "chưa có"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int | float):
        return format_number(round(value, 2))
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value) or "không"
    return str(value)


@register.filter
def inputs_vi(inputs: dict[str, Any] | None) -> str:
    if not inputs:
        return "—"
    return "; ".join(f"{LABELS.get(k, k)}: {_show(v)}" for k, v in inputs.items())


@register.filter
def sub(a: Any, b: Any) -> Any:
    return a - b


@register.filter
def div(a: Any, b: Any) -> Any:
    return a / b if b else None
