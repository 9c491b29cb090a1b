"""The two sections of the programme's reports: task updates (with evidence) and the
indicator values a regime asks for. Registered by `ReportingConfig.ready()`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import Model, QuerySet
from simple_history.utils import bulk_create_with_history

from dieuhanh.accounts.models import User
from dieuhanh.indicators.services import data_value_record
from dieuhanh.indicators.validation import Candidate, values_check
from dieuhanh.plans.models import Recurrence, Task
from dieuhanh.plans.services import task_record_completion
from dieuhanh.reporting import expectations
from dieuhanh.reporting.models import Report, ReportIndicatorValue, ReportRegime, TaskProgress, TaskUpdate
from dieuhanh.reporting.periods import period_code
from dieuhanh.reporting.sections import (
    Change,
    FieldErrors,
    IndicatorValueInput,
    ReportInput,
    ReportSection,
    TaskUpdateInput,
    form_field,
    rows_diff,
    section_register,
)
from dieuhanh.units.models import Unit
from dieuhanh.units.structure import unit_lineage_ids

TASK_LABELS = {
    "progress": "Tình hình",
    "percent": "Tiến độ (%)",
    "result": "Kết quả",
    "completed_on": "Ngày hoàn thành",
    "evidence": "Minh chứng",
}


def _validate_update(update: TaskUpdateInput, task: Task, today: dt.date) -> list[tuple[str, str]]:
    """(field, message) of every problem of one task's update."""
    where = f"Nhiệm vụ {task.code}"
    errors: list[tuple[str, str]] = []
    if update.progress not in TaskProgress.values:
        errors.append(("progress", f"{where}: tình hình thực hiện không hợp lệ."))
    if not 0 <= update.percent <= 100:
        errors.append(("percent", f"{where}: tiến độ phải từ 0 đến 100 %, không phải {update.percent}."))
    if update.progress == TaskProgress.DONE and update.percent != 100:
        errors.append(("percent", f"{where}: đã hoàn thành thì tiến độ phải là 100 %."))
    if update.completed_on and update.completed_on > today:
        message = f"{where}: ngày hoàn thành {update.completed_on:%d/%m/%Y} là ngày trong tương lai."
        errors.append(("completed_on", message))
    if update.completed_on and update.progress != TaskProgress.DONE:
        errors.append(("completed_on", f"{where}: chỉ ghi ngày hoàn thành khi nhiệm vụ đã hoàn thành."))
    return errors


def _value_errors(
    report: Report, rows: dict[int, ReportIndicatorValue], items: list[IndicatorValueInput]
) -> dict[str, str]:
    """The indicators' value rules (indicators.validation, the one validator of every entry
    point) over the report's figures as they would be after this save."""
    new = {i: r.value for i, r in rows.items()} | {
        v.indicator_id: v.value for v in items if v.indicator_id in rows
    }
    code = period_code(report.period)
    ids = list(new)
    candidates = [Candidate(rows[i].indicator, new[i], unit_id=report.unit_id, period=code) for i in ids]
    return {
        form_field("iv", rows[i].pk, "value"): f"Chỉ số {rows[i].indicator.code} ({rows[i].indicator.name}): "
        + "; ".join(problems)
        + "."
        for i, problems in zip(ids, values_check(candidates), strict=True)
        if problems
    }


def _save_rows[ItemT, RowT: Model](
    rows: dict[int, RowT],
    items: list[ItemT],
    ids: list[int],
    unknown: str,
    apply: Callable[[ItemT, RowT], tuple[dict[str, str] | list[tuple[str, str]], bool]],
) -> None:
    """Validate every item first, then write only the rows that changed: an autosave of the
    summary text must not rewrite (and re-audit) every row. `apply` gives its problems as
    (form field, message)."""
    errors: list[str] = []
    fields: dict[str, str] = {}
    changed: list[RowT] = []
    for item, row_id in zip(items, ids, strict=True):
        row = rows.get(row_id)
        if row is None:
            errors.append(unknown.format(row_id))
            continue
        problems, differs = apply(item, row)
        for name, message in problems.items() if isinstance(problems, dict) else problems:
            errors.append(message)
            fields.setdefault(name, message)
        if differs:
            changed.append(row)
    if errors:
        raise FieldErrors(errors, fields)
    for row in changed:
        row.save()


def _completes_task(report: Report, task: Task) -> bool:
    """Only the lead unit's report completes a task; where the plan names no lead, the
    report of the unit that issued the plan does (its own share of the work)."""
    lineage = unit_lineage_ids(unit=report.unit)
    if task.lead_unit_id is not None:
        return task.lead_unit_id in lineage
    return task.document.issuer_id in lineage


class TaskUpdates(ReportSection[list[TaskUpdateInput]]):
    key = "tasks"
    order = 10

    def applies(self, *, regime: ReportRegime, unit: Unit) -> bool:
        return regime.asks_task_updates

    def open(self, *, report: Report) -> None:
        existing = set(report.task_updates.values_list("task_id", flat=True))
        tasks = expectations.report_tasks(unit=report.unit, period=report.period)
        # Bulk writes leave history too (the audit is complete).
        bulk_create_with_history(
            [TaskUpdate(report=report, task=t) for t in tasks if t.pk not in existing], TaskUpdate
        )

    def input_of(self, data: ReportInput, extra: Mapping[str, object]) -> list[TaskUpdateInput] | None:
        return data.updates

    def save(self, *, report: Report, value: list[TaskUpdateInput], today: dt.date) -> None:
        def apply(update: TaskUpdateInput, row: TaskUpdate) -> tuple[list[tuple[str, str]], bool]:
            new = (update.progress, update.percent, update.result.strip(), update.completed_on)
            changed = new != (row.progress, row.percent, row.result, row.completed_on)
            row.progress, row.percent, row.result, row.completed_on = new
            problems = _validate_update(update, row.task, today)
            return [(form_field("u", row.pk, name), message) for name, message in problems], changed

        rows = {u.task_id: u for u in report.task_updates.select_related("task")}
        _save_rows(
            rows, value, [u.task_id for u in value], "Nhiệm vụ mã số {} không thuộc báo cáo này.", apply
        )

    def missing_fields(self, *, report: Report) -> dict[str, str]:
        return {
            form_field(
                "u", u.pk, "result"
            ): f"Nhiệm vụ {u.task.code}: đã hoàn thành thì cần nêu kết quả đạt được."
            for u in report.task_updates.select_related("task")
            if u.progress == TaskProgress.DONE and not u.result
        }

    def snapshot(self, *, report: Report) -> dict[str, object]:
        updates = report.task_updates.select_related("task").prefetch_related("evidence")
        return {
            "tasks": [
                {
                    "code": u.task.code,
                    "progress": u.get_progress_display(),
                    "percent": u.percent,
                    "result": u.result,
                    "completed_on": u.completed_on.strftime("%d/%m/%Y") if u.completed_on else "",
                    "evidence": [str(e) for e in u.evidence.all()],
                }
                for u in updates
            ]
        }

    def diff(self, before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
        return rows_diff(before, after, "tasks", "Nhiệm vụ", TASK_LABELS)

    def accept(self, *, report: Report, user: User, today: dt.date) -> None:
        """Tasks the report says are done become done (on time or late)."""
        updates = report.task_updates.select_related("task", "task__document").filter(
            progress=TaskProgress.DONE
        )
        for update in updates:
            task = update.task
            if task.recurrence == Recurrence.CONTINUOUS and task.due is None:
                continue  # judged per period from the updates themselves
            if task.completed_on is None and _completes_task(report, task):
                task_record_completion(
                    task=task,
                    completed_on=update.completed_on or report.period.ends_on,
                    note=update.result,
                    user=user,
                    today=today,
                )

    def history(self, *, report: Report) -> list[tuple[QuerySet[Any], str]]:
        return [
            (row.history.select_related("history_user"), f"Nhiệm vụ {row.task.code}")
            for row in report.task_updates.select_related("task")
        ]


class IndicatorValues(ReportSection[list[IndicatorValueInput]]):
    key = "indicators"
    order = 20

    def open(self, *, report: Report) -> None:
        asked = expectations.asked_indicator_ids(regime=report.period.regime, unit=report.unit)
        have = set(report.indicator_values.values_list("indicator_id", flat=True))
        bulk_create_with_history(
            [ReportIndicatorValue(report=report, indicator_id=i) for i in asked if i not in have],
            ReportIndicatorValue,
        )

    def input_of(self, data: ReportInput, extra: Mapping[str, object]) -> list[IndicatorValueInput] | None:
        return data.indicator_values

    def save(self, *, report: Report, value: list[IndicatorValueInput], today: dt.date) -> None:
        def apply(item: IndicatorValueInput, row: ReportIndicatorValue) -> tuple[list[tuple[str, str]], bool]:
            changed = (item.value, item.comment.strip()) != (row.value, row.comment)
            row.value, row.comment = item.value, item.comment.strip()
            return [], changed

        rows = {v.indicator_id: v for v in report.indicator_values.select_related("indicator")}
        errors = _value_errors(report, rows, value) if value else {}
        if errors:
            raise FieldErrors(list(errors.values()), errors)
        ids = [v.indicator_id for v in value]
        _save_rows(rows, value, ids, "Chỉ số mã số {} không thuộc báo cáo này.", apply)

    def missing_fields(self, *, report: Report) -> dict[str, str]:
        return {
            form_field(
                "iv", v.pk, "value"
            ): f"Chỉ số {v.indicator.code} ({v.indicator.name}): chưa nhập số liệu."
            for v in report.indicator_values.select_related("indicator")
            if v.value is None
        }

    def snapshot(self, *, report: Report) -> dict[str, object]:
        return {
            "indicators": [
                {"code": v.indicator.code, "name": v.indicator.name, "value": v.value, "comment": v.comment}
                for v in report.indicator_values.select_related("indicator")
            ]
        }

    def diff(self, before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
        return rows_diff(before, after, "indicators", "Chỉ số", {"value": "Giá trị", "comment": "Ghi chú"})

    def accept(self, *, report: Report, user: User, today: dt.date) -> None:
        """Accepted figures become the indicator's data values for the period (source "report")."""
        code = period_code(report.period)
        for row in report.indicator_values.select_related("indicator").exclude(value=None):
            data_value_record(
                indicator=row.indicator,
                unit=report.unit,
                period=code,
                value=float(row.value or 0),
                source="report",
                user=user,
                comment=row.comment,
                source_ref=f"bao-cao:{report.pk}",
            )

    def history(self, *, report: Report) -> list[tuple[QuerySet[Any], str]]:
        return [
            (value.history.select_related("history_user"), f"Chỉ số {value.indicator.code}")
            for value in report.indicator_values.select_related("indicator")
        ]


def register() -> None:
    section_register(TaskUpdates())
    section_register(IndicatorValues())
