"""The autosave of the 15th: the page sends only the fields that changed since its last
acknowledged save, and this writes them in one short transaction.

Only the rows those fields belong to are read, parsed and checked — never the whole form. A
row whose fields are valid is written (and audited) as typed; a row that is not stays in the
draft exactly as typed (`Report.typed`), marked with its Vietnamese message, so nothing typed
is lost and only submitting is refused until it is corrected. Rows kept as typed earlier are
checked again with each save, so correcting one field clears its mark."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.http import Http404
from django.utils import timezone

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_lineage_ids
from dieuhanh.core import rawread
from dieuhanh.core.history import update_with_history
from dieuhanh.core.text import parse_vi_number
from dieuhanh.indicators.validation import Candidate, values_check
from dieuhanh.reporting.content import _validate_update
from dieuhanh.reporting.forms import TEXT_LIMIT, _date, _FieldError, _int
from dieuhanh.reporting.models import Report, ReportIndicatorValue, TaskUpdate
from dieuhanh.reporting.periods import period_code
from dieuhanh.reporting.rules import may_file
from dieuhanh.reporting.sections import IndicatorValueInput, TaskUpdateInput
from dieuhanh.reporting.services import (
    check_report_editable,
    check_report_fresh,
    lock_report,
)

TEXTS = {"highlights": "Kết quả nổi bật", "difficulties": "Khó khăn", "proposals": "Đề xuất"}
TASK_FIELDS = ("progress", "percent", "completed_on", "result")
INDICATOR_FIELDS = ("value", "comment")
ROW_FIELD = re.compile(r"^(u|iv)-(\d+)-([a-z_]+)$")
# The marker the page's autosave sends: fields it leaves out are unchanged, not emptied.
PARTIAL_MARK = "chi_thay_doi"


@dataclass
class _Outcome:
    """What stays kept as typed after this save: raw text, field marks, messages."""

    raw: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)

    def keep(self, fields: Mapping[str, str], messages: list[str], marks: Mapping[str, str]) -> None:
        self.raw.update(fields)
        self.errors.update(marks)
        self.messages += messages


def _is_form_field(name: str) -> bool:
    m = ROW_FIELD.match(name)
    if m is None:
        return name in TEXTS
    return m.group(3) in (TASK_FIELDS if m.group(1) == "u" else INDICATOR_FIELDS)


def changed_fields(data: Mapping[str, str]) -> dict[str, str]:
    """The report form's fields in a partial POST (the version and the marker left out)."""
    return {k: str(v) for k, v in data.items() if _is_form_field(k)}


def _by_row(fields: Mapping[str, str], kind: str) -> dict[int, dict[str, str]]:
    rows: dict[int, dict[str, str]] = {}
    for name, value in fields.items():
        m = ROW_FIELD.match(name)
        if m and m.group(1) == kind:
            rows.setdefault(int(m.group(2)), {})[m.group(3)] = value
    return rows


def _write(rows: list[Any], model: type[Model], fields: list[str], user: User) -> None:
    """UPDATE and its audit rows (core.history.update_with_history). The append-only guard's
    re-read of each row is not needed here: the report is locked and was checked editable
    (draft or returned) in this transaction, which is exactly what the guard asks."""
    if rows:
        update_with_history(rows, model, fields, user=user)


def _save_task_rows(
    report: Report, pending: dict[int, dict[str, str]], today: dt.date, out: _Outcome, user: User
) -> None:
    # By id, not the register's order: no join to the task groups, and rows written in one
    # order by every save (two saves of one report cannot lock each other's rows crosswise).
    ids = sorted(pending)
    rows = rawread.fetch(
        TaskUpdate,
        where=f"t0.report_id = %s AND t0.id IN ({', '.join(['%s'] * len(ids))})",
        params=[report.pk, *ids],
        related=("task",),
        order_by="t0.id",
    )
    changed: list[TaskUpdate] = []
    for row in rows:
        typed, prefix, where = pending[row.pk], f"u-{row.pk}-", f"Nhiệm vụ {row.task.code}"
        raw = {prefix + k: v for k, v in typed.items()}
        problems: list[str] = []
        marks: dict[str, str] = {}
        try:
            percent = _int(typed["percent"], where, prefix + "percent") if "percent" in typed else row.percent
            done_on = (
                _date(typed["completed_on"], where, prefix + "completed_on")
                if "completed_on" in typed
                else row.completed_on
            )
        except _FieldError as exc:
            out.keep(raw, exc.messages, {exc.field: exc.messages[0]})
            continue
        result = typed.get("result", row.result)
        if len(result) > TEXT_LIMIT:
            problems.append(f"{where}: kết quả quá dài ({len(result)} ký tự, tối đa {TEXT_LIMIT}).")
            marks[prefix + "result"] = problems[-1]
        item = TaskUpdateInput(
            task_id=row.task_id,
            progress=typed.get("progress", row.progress),
            percent=percent,
            result=result,
            completed_on=done_on,
        )
        # (field, message): each task rule names the field it marks.
        broken = _validate_update(item, row.task, today)
        problems += [message for _, message in broken]
        marks.update({prefix + field: message for field, message in broken})
        if problems:
            out.keep(raw, problems, marks)
            continue
        new = (item.progress, item.percent, item.result.strip(), item.completed_on)
        if new != (row.progress, row.percent, row.result, row.completed_on):
            row.progress, row.percent, row.result, row.completed_on = new
            changed.append(row)
    _write(changed, TaskUpdate, ["progress", "percent", "result", "completed_on"], user)


def _save_indicator_rows(
    report: Report, pending: dict[int, dict[str, str]], out: _Outcome, user: User
) -> None:
    rows = {v.pk: v for v in ReportIndicatorValue.objects.filter(report=report).select_related("indicator")}
    items: dict[int, IndicatorValueInput] = {}
    for pk, typed in pending.items():
        row = rows.get(pk)
        if row is None:
            continue
        prefix = f"iv-{pk}-"
        raw = {prefix + k: v for k, v in typed.items()}
        text = typed.get("value")
        value = row.value if text is None else (parse_vi_number(text) if text.strip() else None)
        if text is not None and text.strip() and value is None:
            message = f"Chỉ số {row.indicator.code}: “{text}” không phải là số (ví dụ 1.234 hoặc 87,5)."
            out.keep(raw, [message], {prefix + "value": message})
            continue
        items[pk] = IndicatorValueInput(
            indicator_id=row.indicator_id, value=value, comment=typed.get("comment", row.comment)
        )
    if not items:
        return
    # The one validator of values (indicators.validation) over the report's figures as they
    # would be after this save; a figure it refuses stays as typed, marked in place.
    new = {r.indicator_id: r.value for r in rows.values()} | {i.indicator_id: i.value for i in items.values()}
    code = period_code(report.period)
    by_indicator = {r.indicator_id: r for r in rows.values()}
    ids = list(new)
    candidates = [
        Candidate(by_indicator[i].indicator, new[i], unit_id=report.unit_id, period=code) for i in ids
    ]
    row_of = {item.indicator_id: pk for pk, item in items.items()}
    for indicator_id, problems in zip(ids, values_check(candidates), strict=True):
        if not problems:
            continue
        indicator = by_indicator[indicator_id].indicator
        message = f"Chỉ số {indicator.code} ({indicator.name}): " + "; ".join(problems) + "."
        row_pk = row_of.get(indicator_id)
        if row_pk is None:
            # A figure saved before is refused because of a changed one (part above its
            # whole): no changed figure is written, all stay as typed with the message.
            for pk in list(items):
                out.keep({f"iv-{pk}-{k}": v for k, v in pending[pk].items()}, [], {})
            out.messages.append(message)
            items.clear()
            continue
        if row_pk in items:
            fields = {f"iv-{row_pk}-{k}": v for k, v in pending[row_pk].items()}
            out.keep(fields, [message], {f"iv-{row_pk}-value": message})
            items.pop(row_pk)
    changed: list[ReportIndicatorValue] = []
    for pk, item in items.items():
        row = rows[pk]
        after = (item.value, item.comment.strip())
        if after != (row.value, row.comment):
            row.value, row.comment = after
            changed.append(row)
    _write(changed, ReportIndicatorValue, ["value", "comment"], user)


def _check_filer(user: User, report: Report) -> None:
    """The report's unit is the user's own (or one it succeeded), and the user files under
    the regime: 404 outside the user's units, 403 for a role that does not file. That the unit
    owes this period's report was checked when the report was opened (it exists only then);
    this check reads nothing more (the own unit needs no read; the lineage is cached for the
    request)."""
    if report.unit_id != user.unit_id and report.unit_id not in user_lineage_ids(user=user):
        raise Http404("Không tìm thấy báo cáo.")
    if not may_file(user=user, regime=report.period.regime):
        raise PermissionDenied("Đơn vị của bạn không thuộc đối tượng báo cáo của kỳ này.")


def report_save_changed(
    *,
    report_id: int,
    user: User,
    version: int,
    fields: Mapping[str, str],
    today: dt.date | None = None,
) -> Report:
    """Write the fields that changed (by form name) on top of the draft; rows kept as typed
    before are checked again with them. `version` guards against overwriting someone else's
    save exactly as the full save does."""
    today = today or timezone.localdate()
    with transaction.atomic():
        report = lock_report(report_id, related=("period__regime",))
        _check_filer(user, report)
        check_report_editable(report)
        check_report_fresh(report, version)
        pending = {**(report.typed or {}).get("raw", {}), **fields}
        out = _Outcome()
        tasks, indicators = _by_row(pending, "u"), _by_row(pending, "iv")
        if tasks:
            _save_task_rows(report, tasks, today, out, user)
        if indicators:
            _save_indicator_rows(report, indicators, out, user)
        update = ["typed", "version", "updated_by", "updated_at"]
        for name, label in TEXTS.items():
            if name not in pending:
                continue
            text = pending[name]
            if len(text) > TEXT_LIMIT:
                out.keep({name: text}, [f"{label}: quá dài ({len(text)} ký tự, tối đa {TEXT_LIMIT})."], {})
                continue
            setattr(report, name, text.strip())
            update.append(name)
        report.typed = {"raw": out.raw, "errors": out.errors, "messages": out.messages} if out.raw else {}
        report.version += 1
        report.updated_by, report.updated_at = user, timezone.now()
        _write([report], Report, update, user)
    return report


def kept_messages(report: Report) -> list[str]:
    return list((report.typed or {}).get("messages", []))
