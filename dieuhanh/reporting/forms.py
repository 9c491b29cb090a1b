"""Parsing the report page's fields into service inputs, with Vietnamese messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from dieuhanh.core.dates import DateError, parse_date
from dieuhanh.core.forms import vi_date_field
from dieuhanh.core.text import parse_vi_number
from dieuhanh.reporting.models import ReportIndicatorValue, TaskUpdate
from dieuhanh.reporting.sections import FieldErrors
from dieuhanh.reporting.services import IndicatorValueInput, ReportInput, TaskUpdateInput

TEXT_LIMIT = 10_000


class ReportInputError(FieldErrors):
    """Fields that cannot be read, by form field name, with their Vietnamese messages.
    `readable` is the rest of the form (unreadable fields at their saved values), so the
    sections' rules can still be checked and every problem shown at once."""

    def __init__(self, messages: list[str], fields: dict[str, str], readable: ReportInput | None = None):
        super().__init__(messages, fields)
        self.readable = readable


class _FieldError(ValidationError):
    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


def _int(raw: str, where: str, field: str = "") -> int:
    try:
        value = int(raw.strip() or 0)
    except ValueError:
        raise _FieldError(f"{where}: tiến độ “{raw}” không phải là số (nhập từ 0 đến 100).", field) from None
    return value  # its range is the section's rule (content.py)


def _date(raw: str, where: str, field: str = "") -> dt.date | None:
    try:
        return parse_date(raw)
    except DateError as exc:
        raise _FieldError(f"{where}: {exc}", field) from None


def _text(data: Mapping[str, str], name: str, label: str) -> str:
    value = data.get(name, "")
    if len(value) > TEXT_LIMIT:
        raise ValidationError(f"{label}: quá dài ({len(value)} ký tự, tối đa {TEXT_LIMIT}).")
    return value


def _indicator_values(
    data: Mapping[str, str], rows: Iterable[ReportIndicatorValue], errors: list[str], fields: dict[str, str]
) -> list[IndicatorValueInput]:
    parsed: list[IndicatorValueInput] = []
    for row in rows:
        prefix = f"iv-{row.pk}-"
        raw = data.get(prefix + "value")
        if raw is None:
            continue
        value = parse_vi_number(raw) if raw.strip() else None
        if raw.strip() and value is None:
            errors.append(f"Chỉ số {row.indicator.code}: “{raw}” không phải là số (ví dụ 1.234 hoặc 87,5).")
            fields[prefix + "value"] = errors[-1]
            continue
        parsed.append(
            IndicatorValueInput(
                indicator_id=row.indicator_id, value=value, comment=data.get(prefix + "comment", row.comment)
            )
        )
    return parsed


def _field(
    errors: list[str], fields: dict[str, str], read: Callable[..., Any], *args: Any, saved: Any = None
) -> Any:
    """One field read on its own, so that every bad field is reported at once (an unreadable
    one stands at its saved value, for the rules of the others)."""
    try:
        return read(*args)
    except _FieldError as exc:
        errors += exc.messages
        fields[exc.field] = exc.messages[0]
    except ValidationError as exc:
        errors += exc.messages
    return saved


def parse_report_input(
    data: Mapping[str, str],
    updates: Iterable[TaskUpdate],
    indicator_rows: Iterable[ReportIndicatorValue] = (),
) -> tuple[int, ReportInput]:
    """(version, input) from the posted fields; every malformed field is reported at once."""
    errors: list[str] = []
    fields: dict[str, str] = {}
    parsed: list[TaskUpdateInput] = []
    for update in updates:
        prefix, where = f"u-{update.pk}-", f"Nhiệm vụ {update.task.code}"
        raw_percent = data.get(prefix + "percent", str(update.percent))
        percent = _field(errors, fields, _int, raw_percent, where, prefix + "percent", saved=update.percent)
        raw_done = data.get(prefix + "completed_on", "")
        done_on = _field(
            errors, fields, _date, raw_done, where, prefix + "completed_on", saved=update.completed_on
        )
        result = _field(errors, fields, _text, data, prefix + "result", where, saved=update.result)
        # Every row, unreadable fields at their saved values, so the sections can judge the rest.
        parsed.append(
            TaskUpdateInput(
                task_id=update.task_id,
                progress=data.get(prefix + "progress", update.progress),
                percent=percent,
                result=result,
                completed_on=done_on,
            )
        )
    texts = {"highlights": "", "difficulties": "", "proposals": ""}
    version = 0
    try:
        version = int(data.get("version", ""))
        texts = {
            name: _text(data, name, label)
            for name, label in (
                ("highlights", "Kết quả nổi bật"),
                ("difficulties", "Khó khăn"),
                ("proposals", "Đề xuất"),
            )
        }
    except ValueError:
        errors.append("Thiếu phiên bản của báo cáo; hãy tải lại trang.")
    except ValidationError as exc:
        errors += exc.messages
    indicator_values = _indicator_values(data, indicator_rows, errors, fields)
    readable = ReportInput(updates=parsed, indicator_values=indicator_values, **texts)
    if errors:
        raise ReportInputError(errors, fields, readable)
    return version, readable


class EvidenceForm(forms.Form):
    file = forms.FileField(label="Tệp minh chứng", required=False)
    document_number = forms.CharField(label="Số văn bản", max_length=60, required=False)
    document_date = vi_date_field("Ngày văn bản")
    description = forms.CharField(label="Mô tả", max_length=255, required=False)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="Lý do trả lại",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Hãy ghi rõ lý do trả lại để đơn vị biết cần sửa gì."},
    )


def typed_fields(data: Mapping[str, str]) -> dict[str, str]:
    """The report form's fields exactly as posted (tasks, indicator values, the unit's texts)."""
    texts = ("highlights", "difficulties", "proposals")
    return {k: str(v) for k, v in data.items() if k.startswith(("u-", "iv-")) or k in texts}
