"""Writes of reporting: open, save, submit, return, accept — one engine for every regime
(agencies, communes, enterprises). Who may file and review is the regime's (`rules`); what a
report carries beyond its texts is its sections' (`sections`). Every write is atomic and
audited (django-simple-history keeps who, when and what for reports and their rows)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from dieuhanh.accounts.models import User
from dieuhanh.core import rawread
from dieuhanh.core.pause import pause_point
from dieuhanh.reporting import expectations, selectors
from dieuhanh.reporting.models import Period, Report, ReportRegime, ReportStatus, ReportVersion
from dieuhanh.reporting.notify import tell, unit_reporters
from dieuhanh.reporting.periods import period_bounds, period_numbers_between
from dieuhanh.reporting.rules import may_review, regime_reviewers, report_url, rules_of
from dieuhanh.reporting.sections import FieldErrors, ReportInput, ReportSection, sections_for
from dieuhanh.reporting.sections import IndicatorValueInput as IndicatorValueInput
from dieuhanh.reporting.sections import TaskUpdateInput as TaskUpdateInput
from dieuhanh.units.models import Unit
from dieuhanh.units.structure import issuer_name


class StaleReportError(ValidationError):
    """Someone saved the report after this user loaded it: their changes must not be overwritten."""


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


def periods_owed(*, unit: Unit, regime: ReportRegime, on: dt.date | None = None) -> list[Period]:
    """Periods of the regime already open on `on` for which the unit owes a report, newest first."""
    periods = periods_open_until(regime=regime, on=on or timezone.localdate())
    owed = [p for p in periods if expectations.expected_units(period=p).filter(pk=unit.pk).exists()]
    return sorted(owed, key=lambda p: p.due_on, reverse=True)


# --- the filer's report ------------------------------------------------------------------


def _sections(report: Report) -> list[ReportSection[Any]]:
    return sections_for(regime=report.period.regime, unit=report.unit)


def _check_filer_for(user: User, unit: Unit, period: Period) -> None:
    if unit not in selectors.reporting_units_for(user=user, period=period):
        raise PermissionDenied("Đơn vị của bạn không thuộc đối tượng báo cáo của kỳ này.")


@transaction.atomic
def report_open(*, user: User, period: Period, unit: Unit) -> Report:
    """The unit's report for the period, created as a draft with each section's rows."""
    _check_filer_for(user, unit, period)
    report, _ = Report.objects.get_or_create(period=period, unit=unit, defaults={"updated_by": user})
    for section in _sections(report):
        section.open(report=report)
    return report


FULL_REPORT = ("period", "period__regime", "period__regime__receiving_unit", "unit")


def lock_report(report_id: int, *, related: tuple[str, ...] = FULL_REPORT) -> Report:
    """The report, locked until the transaction ends. Only its own row is locked (`of`): the
    joined period and regime are shared by every unit's report, and locking them too would make
    all the reporters of the 15th wait for each other's saves. The autosave joins only what it
    reads (`related`)."""
    found = rawread.fetch(Report, where="t0.id = %s", params=[report_id], related=related, lock=True)
    if not found:
        raise Report.DoesNotExist("Không tìm thấy báo cáo.")
    return found[0]


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


def _save_sections(report: Report, data: ReportInput, extra: Mapping[str, object], today: dt.date) -> None:
    """Every section validates its part; all their problems are listed together, and the
    transaction keeps nothing of a save that fails."""
    errors: list[str] = []
    fields: dict[str, str] = {}
    for section in _sections(report):
        value = section.input_of(data, extra)
        if value is None:
            continue
        try:
            section.save(report=report, value=value, today=today)
        except ValidationError as exc:
            errors += exc.messages
            fields.update(getattr(exc, "fields", {}))
    if errors:
        raise FieldErrors(errors, fields)


@transaction.atomic
def report_save(
    *,
    report_id: int,
    user: User,
    version: int,
    data: ReportInput,
    sections: Mapping[str, object] | None = None,
    today: dt.date | None = None,
) -> Report:
    """Save the draft: its texts and every section's part (`sections` holds plug-in sections'
    inputs by key). `version` is the one the user's page was loaded with: if someone saved
    since, nothing is written and the user is told who and when."""
    report = lock_report(report_id)
    _check_filer_for(user, report.unit, report.period)
    _save_locked(report, user, version, data, sections or {}, today or timezone.localdate())
    report.save()
    return report


def _save_locked(
    report: Report, user: User, version: int, data: ReportInput, extra: Mapping[str, object], today: dt.date
) -> None:
    """Write the sections' rows and set the report's own fields (the caller writes the report)."""
    check_report_editable(report)
    check_report_fresh(report, version)
    _save_sections(report, data, extra, today)
    report.highlights, report.difficulties = data.highlights.strip(), data.difficulties.strip()
    report.proposals = data.proposals.strip()
    report.typed = {}  # everything typed is now saved
    report.version += 1
    report.updated_by = user


def report_save_and_submit(
    *,
    report_id: int,
    user: User,
    version: int,
    data: ReportInput,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> tuple[Report, FieldErrors | None]:
    """ "Gửi báo cáo": save the whole form and send it, under one lock and in one transaction.
    A form that cannot be saved raises as `report_save` does (nothing written). A saved form
    that may not be sent yet (a required field empty) stays saved, and the refusal is returned
    with every problem: nothing typed is lost and all of it is listed at once."""
    with transaction.atomic():
        report = lock_report(report_id)
        _check_filer_for(user, report.unit, report.period)
        _save_locked(report, user, version, data, {}, today or timezone.localdate())
        try:
            # The report row is written once, saved and sent (one audit row for the click).
            _submit_locked(report, user, report.version, now)
        except FieldErrors as refusal:  # raised before the submission wrote anything
            report.save()
            return report, refusal
    return report, None


@transaction.atomic
def report_keep_typed(
    *,
    report_id: int,
    user: User,
    version: int,
    raw: Mapping[str, str],
    errors: Mapping[str, str],
    messages: list[str],
) -> Report:
    """Keep the form exactly as typed when part of it cannot be saved: the page shows it back
    with each message in place, the reporter's typing survives, and only submitting is refused
    until it is corrected. The saved values stay as they were."""
    report = lock_report(report_id)
    _check_filer_for(user, report.unit, report.period)
    check_report_editable(report)
    check_report_fresh(report, version)
    report.typed = {"raw": dict(raw), "errors": dict(errors), "messages": list(messages)}
    report.version += 1
    report.updated_by = user
    report.save(update_fields=["typed", "version", "updated_by", "updated_at"])
    return report


class _DryRun(Exception):
    pass


def report_problems(*, report_id: int, data: ReportInput, today: dt.date | None = None) -> FieldErrors | None:
    """What the sections' rules would refuse in `data`, writing nothing: a form with an
    unreadable field still gets every other problem shown with it, at once."""
    try:
        with transaction.atomic():
            report = Report.objects.select_related("period", "period__regime", "unit").get(pk=report_id)
            _save_sections(report, data, {}, today or timezone.localdate())
            raise _DryRun
    except FieldErrors as exc:
        return exc
    except _DryRun:
        return None


def report_snapshot(report: Report) -> dict[str, object]:
    """What a submission contains, as plain data (for versions and comparisons)."""
    content: dict[str, object] = {
        "highlights": report.highlights,
        "difficulties": report.difficulties,
        "proposals": report.proposals,
    }
    for section in _sections(report):
        content.update(section.snapshot(report=report))
    return content


@transaction.atomic
def report_submit(*, report_id: int, user: User, version: int, now: dt.datetime | None = None) -> Report:
    """Send the report to the receiving unit. A second click (or a retried request) for the
    same version is a no-op: one submission, one version."""
    report = lock_report(report_id)
    _check_filer_for(user, report.unit, report.period)
    return _submit_locked(report, user, version, now)


def _submit_problems(report: Report) -> FieldErrors | None:
    typed = report.typed or {}
    errors = list(typed.get("messages", []))  # kept as typed, not yet valid
    fields = dict(typed.get("errors", {}))
    for section in _sections(report):
        marked = section.missing_fields(report=report)
        fields.update(marked)
        # Most sections' problems are their fields' (read once); a few have others of their own.
        overridden = type(section).missing is not ReportSection.missing
        errors += section.missing(report=report) if overridden else list(marked.values())
    return FieldErrors(errors, fields) if errors else None


def _submit_locked(report: Report, user: User, version: int, now: dt.datetime | None) -> Report:
    if report.status == ReportStatus.SUBMITTED and report.version == version:
        return report
    check_report_editable(report)
    check_report_fresh(report, version)
    refusal = _submit_problems(report)
    if refusal is not None:
        raise refusal
    now = now or timezone.now()
    number = report.versions.count() + 1
    ReportVersion.objects.create(
        report=report, number=number, content=report_snapshot(report), submitted_at=now, submitted_by=user
    )
    pause_point("report_submit")  # test-only: a crash here must leave no version behind
    report.status = ReportStatus.SUBMITTED
    report.first_submitted_at = report.first_submitted_at or now
    report.submitted_at, report.submitted_by, report.updated_by = now, user, user
    report.save()
    regime = report.period.regime
    tell(
        users=list(regime_reviewers(regime=regime)),
        subject=f"[dieuhanh] {report.unit.name} đã gửi báo cáo {report.period.label}",
        text=f"{report.unit.name} đã gửi báo cáo {report.period.label}.",
        url=report_url(regime=regime, report_id=report.pk),
    )
    return report


# --- review by the receiving unit ----------------------------------------------------------


def check_reviewer(*, user: User, regime: ReportRegime) -> None:
    """PermissionDenied, in the regime's words, unless the user reviews its reports. The API asks
    it before its If-Match check, so a role that may not review is told so first."""
    if not may_review(user=user, regime=regime):
        refusal = rules_of(regime).reviewer_refusal
        raise PermissionDenied(refusal.format(issuer=issuer_name(on=timezone.localdate())))


def _lock_for_review(user: User, report_id: int) -> Report:
    report = lock_report(report_id)
    check_reviewer(user=user, regime=report.period.regime)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(
            f"Chỉ duyệt hoặc trả lại báo cáo đã gửi; báo cáo này đang “{report.get_status_display()}”."
        )
    return report


def _tell_filers(report: Report, subject: str, text: str) -> None:
    regime = report.period.regime
    users = list(unit_reporters(unit=report.unit, regime=regime))
    url = report_url(regime=regime, report_id=report.pk)
    tell(users=users, subject=f"[dieuhanh] {subject}", text=text, url=url)


def _record_review(report: Report, user: User, status: str, comment: str, now: dt.datetime) -> None:
    report.status, report.review_comment = status, comment
    report.reviewed_at, report.reviewed_by, report.updated_by = now, user, user
    report.version += 1
    report.save()


@transaction.atomic
def report_return(*, report_id: int, user: User, comment: str, now: dt.datetime | None = None) -> Report:
    """Send the report back to its filers with the reason; they are told in the app."""
    report = _lock_for_review(user, report_id)
    regime = report.period.regime
    if not comment.strip():
        noun = rules_of(regime).filer_noun
        raise ValidationError({"comment": f"Hãy ghi rõ lý do trả lại để {noun} biết cần sửa gì."})
    _record_review(report, user, ReportStatus.RETURNED, comment.strip(), now or timezone.now())
    _tell_filers(
        report,
        f"Báo cáo {report.period.label} bị trả lại",
        f"Báo cáo {report.period.label} bị trả lại: {report.review_comment}",
    )
    return report


@transaction.atomic
def report_accept(
    *, report_id: int, user: User, now: dt.datetime | None = None, today: dt.date | None = None
) -> Report:
    """Accept and lock the report; then each section does its part (tasks done, data values,
    the enterprise's registry figures)."""
    report = _lock_for_review(user, report_id)
    now = now or timezone.now()
    _record_review(report, user, ReportStatus.ACCEPTED, "", now)
    for section in _sections(report):
        section.accept(report=report, user=user, today=today or timezone.localdate(now))
    _tell_filers(
        report,
        f"Báo cáo {report.period.label} đã được duyệt",
        f"Báo cáo {report.period.label} của {report.unit.name} đã được duyệt.",
    )
    return report
