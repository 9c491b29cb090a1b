"""Writes of reporting: open, save, submit, return, accept. Every write is atomic and
audited (django-simple-history keeps who, when and what for reports and task updates)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from dieuhanh.accounts.models import User
from dieuhanh.core.pause import pause_point
from dieuhanh.core.text import format_number
from dieuhanh.indicators.services import data_value_record
from dieuhanh.plans.models import Recurrence, Task
from dieuhanh.plans.services import task_record_completion
from dieuhanh.reporting import selectors
from dieuhanh.reporting.models import (
    Period,
    Report,
    ReportIndicatorValue,
    ReportRegime,
    ReportStatus,
    ReportVersion,
    TaskProgress,
    TaskUpdate,
)
from dieuhanh.reporting.notify import notify_unit
from dieuhanh.reporting.periods import period_bounds, period_code, period_numbers_between
from dieuhanh.units.models import Unit
from dieuhanh.units.selectors import unit_lineage_ids


class StaleReportError(ValidationError):
    """Someone saved the report after this user loaded it: their changes must not be overwritten."""


@dataclass(frozen=True)
class TaskUpdateInput:
    task_id: int
    progress: str = TaskProgress.NOT_STARTED
    percent: int = 0
    result: str = ""
    completed_on: dt.date | None = None


@dataclass(frozen=True)
class IndicatorValueInput:
    indicator_id: int
    value: float | None = None
    comment: str = ""


@dataclass(frozen=True)
class ReportInput:
    highlights: str = ""
    difficulties: str = ""
    proposals: str = ""
    updates: list[TaskUpdateInput] = field(default_factory=list)
    indicator_values: list[IndicatorValueInput] = field(default_factory=list)


# --- periods -----------------------------------------------------------------------------


@transaction.atomic
def period_ensure(*, regime: ReportRegime, year: int, number: int) -> Period:
    bounds = period_bounds(
        frequency=regime.frequency,
        year=year,
        number=number,
        cutoff_day=regime.cutoff_day,
        due_day=regime.due_day,
    )
    period, _ = Period.objects.get_or_create(
        regime=regime,
        year=year,
        number=number,
        defaults={
            "label": bounds.label,
            "starts_on": bounds.starts_on,
            "ends_on": bounds.ends_on,
            "due_on": bounds.due_on,
        },
    )
    return period


def periods_open_until(*, regime: ReportRegime, on: dt.date) -> list[Period]:
    """Every period from the regime's start through the one whose data window holds `on`."""
    last = on + dt.timedelta(days=31 * 12)
    numbers = period_numbers_between(frequency=regime.frequency, first=regime.starts_on, last=last)
    periods = [period_ensure(regime=regime, year=y, number=n) for y, n in numbers]
    return [p for p in periods if p.starts_on <= on]


# --- the reporter's report ---------------------------------------------------------------


def _check_reporter_for(user: User, unit: Unit, period: Period) -> None:
    if unit not in selectors.reporting_units_for(user=user, period=period):
        raise PermissionDenied("Đơn vị của bạn không thuộc đối tượng báo cáo của kỳ này.")


@transaction.atomic
def report_open(*, user: User, period: Period, unit: Unit) -> Report:
    """The unit's report for the period, created as a draft with one row per task."""
    _check_reporter_for(user, unit, period)
    report, created = Report.objects.get_or_create(period=period, unit=unit, defaults={"updated_by": user})
    existing = set(report.task_updates.values_list("task_id", flat=True))
    tasks = selectors.report_tasks(unit=unit, period=period) if period.regime.asks_task_updates else []
    new_rows = [TaskUpdate(report=report, task=t) for t in tasks if t.pk not in existing]
    bulk_create_with_history(new_rows, TaskUpdate)
    asked = selectors.asked_indicator_ids(regime=period.regime, unit=unit)
    have = set(report.indicator_values.values_list("indicator_id", flat=True))
    bulk_create_with_history(
        [ReportIndicatorValue(report=report, indicator_id=i) for i in asked if i not in have],
        ReportIndicatorValue,
    )
    return report


def lock_report(report_id: int) -> Report:
    return Report.objects.select_for_update().select_related("period", "unit").get(pk=report_id)


def check_report_fresh(report: Report, version: int) -> None:
    if report.version != version:
        who = report.updated_by.display_name() if report.updated_by else "người khác"
        when = timezone.localtime(report.updated_at).strftime("%H:%M %d/%m/%Y")
        raise StaleReportError(
            f"Báo cáo đã được {who} lưu lúc {when}, sau khi bạn mở trang. Thay đổi của bạn chưa được lưu "
            "để không ghi đè lên thay đổi đó. Hãy tải lại trang, xem lại rồi nhập lại."
        )


def check_report_editable(report: Report) -> None:
    if not report.is_editable_by_reporter:
        raise ValidationError(
            f"Báo cáo đang ở trạng thái “{report.get_status_display()}” nên không thể sửa. "
            "Chỉ sửa được khi đang soạn hoặc bị trả lại."
        )


def _validate_update(update: TaskUpdateInput, task: Task, today: dt.date) -> list[str]:
    where = f"Nhiệm vụ {task.code}"
    errors: list[str] = []
    if update.progress not in TaskProgress.values:
        errors.append(f"{where}: tình hình thực hiện không hợp lệ.")
    if not 0 <= update.percent <= 100:
        errors.append(f"{where}: tiến độ phải từ 0 đến 100 %, không phải {update.percent}.")
    if update.progress == TaskProgress.DONE and update.percent != 100:
        errors.append(f"{where}: đã hoàn thành thì tiến độ phải là 100 %.")
    if update.completed_on and update.completed_on > today:
        errors.append(f"{where}: ngày hoàn thành {update.completed_on:%d/%m/%Y} là ngày trong tương lai.")
    if update.completed_on and update.progress != TaskProgress.DONE:
        errors.append(f"{where}: chỉ ghi ngày hoàn thành khi nhiệm vụ đã hoàn thành.")
    return errors


def _apply_updates(report: Report, updates: list[TaskUpdateInput], today: dt.date) -> None:
    """Validate every row first, then write only the rows that changed: an autosave of the
    summary text must not rewrite (and re-audit) every task row."""
    rows = {u.task_id: u for u in report.task_updates.select_related("task")}
    errors: list[str] = []
    changed: list[TaskUpdate] = []
    for update in updates:
        row = rows.get(update.task_id)
        if row is None:
            errors.append(f"Nhiệm vụ mã số {update.task_id} không thuộc báo cáo này.")
            continue
        errors += _validate_update(update, row.task, today)
        new = (update.progress, update.percent, update.result.strip(), update.completed_on)
        if new != (row.progress, row.percent, row.result, row.completed_on):
            row.progress, row.percent, row.result, row.completed_on = new
            changed.append(row)
    if errors:
        raise ValidationError(errors)
    for row in changed:
        row.save()


def _apply_indicator_values(report: Report, values: list[IndicatorValueInput]) -> None:
    rows = {v.indicator_id: v for v in report.indicator_values.select_related("indicator")}
    errors: list[str] = []
    changed: list[ReportIndicatorValue] = []
    for item in values:
        row = rows.get(item.indicator_id)
        if row is None:
            errors.append(f"Chỉ số mã số {item.indicator_id} không thuộc báo cáo này.")
            continue
        where = f"Chỉ số {row.indicator.code} ({row.indicator.name})"
        if item.value is not None and not math.isfinite(item.value):
            errors.append(f"{where}: giá trị phải là số hữu hạn.")
        elif item.value is not None and row.indicator.unit_of_measure == "%" and not 0 <= item.value <= 100:
            errors.append(f"{where}: tỷ lệ phải từ 0 đến 100 %, không phải {format_number(item.value)}.")
        if (item.value, item.comment.strip()) != (row.value, row.comment):
            row.value, row.comment = item.value, item.comment.strip()
            changed.append(row)
    if errors:
        raise ValidationError(errors)
    for row in changed:
        row.save()


@transaction.atomic
def report_save(
    *, report_id: int, user: User, version: int, data: ReportInput, today: dt.date | None = None
) -> Report:
    """Save the draft. `version` is the one the user's page was loaded with: if someone saved
    since, nothing is written and the user is told who and when."""
    report = lock_report(report_id)
    _check_reporter_for(user, report.unit, report.period)
    check_report_editable(report)
    check_report_fresh(report, version)
    _apply_updates(report, data.updates, today or timezone.localdate())
    _apply_indicator_values(report, data.indicator_values)
    report.highlights, report.difficulties = data.highlights.strip(), data.difficulties.strip()
    report.proposals = data.proposals.strip()
    report.version += 1
    report.updated_by = user
    report.save()
    return report


def _check_complete(report: Report) -> None:
    errors = [
        f"Nhiệm vụ {u.task.code}: đã hoàn thành thì cần nêu kết quả đạt được."
        for u in report.task_updates.select_related("task")
        if u.progress == TaskProgress.DONE and not u.result
    ]
    errors += [
        f"Chỉ số {v.indicator.code} ({v.indicator.name}): chưa nhập số liệu."
        for v in report.indicator_values.select_related("indicator")
        if v.value is None
    ]
    if errors:
        raise ValidationError(errors)


def report_snapshot(report: Report) -> dict[str, object]:
    """What a submission contains, as plain data (for versions and comparisons)."""
    updates = report.task_updates.select_related("task").prefetch_related("evidence")
    indicators = report.indicator_values.select_related("indicator")
    return {
        "indicators": [
            {"code": v.indicator.code, "name": v.indicator.name, "value": v.value, "comment": v.comment}
            for v in indicators
        ],
        "highlights": report.highlights,
        "difficulties": report.difficulties,
        "proposals": report.proposals,
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
        ],
    }


@transaction.atomic
def report_submit(*, report_id: int, user: User, version: int) -> Report:
    """Send the report to Sở KH&CN. A second click (or a retried request) for the same
    version is a no-op: one submission, one version."""
    report = lock_report(report_id)
    _check_reporter_for(user, report.unit, report.period)
    if report.status == ReportStatus.SUBMITTED and report.version == version:
        return report
    check_report_editable(report)
    check_report_fresh(report, version)
    _check_complete(report)
    now = timezone.now()
    number = report.versions.count() + 1
    ReportVersion.objects.create(
        report=report, number=number, content=report_snapshot(report), submitted_at=now, submitted_by=user
    )
    pause_point("report_submit")  # test-only: a crash here must leave no version behind
    report.status = ReportStatus.SUBMITTED
    report.first_submitted_at = report.first_submitted_at or now
    report.submitted_at, report.submitted_by, report.updated_by = now, user, user
    report.save()
    return report


# --- review by Sở KH&CN ------------------------------------------------------------------


def _check_reviewer(user: User) -> None:
    if not user.is_programme_admin:
        raise PermissionDenied("Chỉ quản trị viên của Sở Khoa học và Công nghệ được duyệt báo cáo.")


def _check_submitted(report: Report) -> None:
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(
            f"Chỉ duyệt hoặc trả lại báo cáo đã gửi; báo cáo này đang “{report.get_status_display()}”."
        )


@transaction.atomic
def report_return(*, report_id: int, user: User, comment: str) -> Report:
    _check_reviewer(user)
    report = lock_report(report_id)
    _check_submitted(report)
    if not comment.strip():
        raise ValidationError({"comment": "Hãy ghi rõ lý do trả lại để đơn vị biết cần sửa gì."})
    report.status, report.review_comment = ReportStatus.RETURNED, comment.strip()
    report.reviewed_at, report.reviewed_by, report.updated_by = timezone.now(), user, user
    report.version += 1
    report.save()
    notify_unit(
        unit=report.unit,
        text=f"Báo cáo {report.period.label} bị trả lại: {report.review_comment}",
        url=f"/bao-cao/{report.pk}/",
    )
    return report


def _completes_task(report: Report, task: Task) -> bool:
    """Only the lead unit's report completes a task; where the plan names no lead, the
    report of the unit that issued the plan does (its own share of the work)."""
    lineage = unit_lineage_ids(unit=report.unit)
    if task.lead_unit_id is not None:
        return task.lead_unit_id in lineage
    return task.document.issuer_id in lineage


def _apply_completions(report: Report, user: User) -> None:
    updates = report.task_updates.select_related("task", "task__document").filter(progress=TaskProgress.DONE)
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
                today=timezone.localdate(),
            )


@transaction.atomic
def report_accept(*, report_id: int, user: User) -> Report:
    """Accept and lock the report; tasks it reports done become done (on time or late)."""
    _check_reviewer(user)
    report = lock_report(report_id)
    _check_submitted(report)
    report.status = ReportStatus.ACCEPTED
    report.reviewed_at, report.reviewed_by, report.updated_by = timezone.now(), user, user
    report.review_comment = ""
    report.version += 1
    report.save()
    _apply_completions(report, user)
    _record_indicator_values(report, user)
    return report


def _record_indicator_values(report: Report, user: User) -> None:
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
