"""Reads of reporting, scoped by the user's units."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import QuerySet

from dieuhanh.accounts import rules
from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import scoped, user_lineage_ids, user_unit_scope
from dieuhanh.core.errors import found
from dieuhanh.indicators.models import DataValue
from dieuhanh.plans.selectors import overdue_by_unit
from dieuhanh.plans.tally import OverdueCount
from dieuhanh.reporting.expectations import expected_units, latest_closed_period, periods_of_regime
from dieuhanh.reporting.models import (
    Period,
    Reminder,
    Report,
    ReportRegime,
    ReportStatus,
    ReportVersion,
    TaskUpdate,
)
from dieuhanh.reporting.rules import may_file, may_review
from dieuhanh.reporting.sections import sections_for
from dieuhanh.units.models import Unit
from dieuhanh.units.structure import unit_lineage_ids, unit_lineages

# How a data value names the report it came from (reporting.content records "bao-cao:<id>").
REPORT_REF = "bao-cao:"


def reporting_units_for(*, user: User, period: Period) -> list[Unit]:
    """The units a filer (a reporter, or an enterprise's account under an enterprise regime)
    files for in `period`: their own, or the unit they succeeded when the period predates a
    merger (a Hải Phòng ward files June 2025 for its old commune)."""
    if not may_file(user=user, regime=period.regime):
        return []
    return list(expected_units(period=period).filter(pk__in=user_lineage_ids(user=user)))


def report_queryset(*, user: User) -> QuerySet[Report]:
    qs = Report.objects.select_related("period", "period__regime", "unit", "submitted_by", "reviewed_by")
    return scoped(qs, user=user)


def report_get(*, user: User, pk: int) -> Report:
    return found(report_queryset(user=user).filter(pk=pk).first(), "Không tìm thấy báo cáo.")


def sent_versions_of(
    *, user: User, values: Sequence[DataValue]
) -> list[tuple[DataValue, ReportVersion | None]]:
    """Each recorded value with the report version it came from: the last version of its report
    sent before the value was recorded (values are recorded when a report is accepted), so the
    sources of a figure say who reported it, when and in which version. Reports out of the
    user's scope give no version."""
    ids = {int(ref) for v in values if (ref := v.source_ref.removeprefix(REPORT_REF)).isdigit()}
    reports = report_queryset(user=user).filter(pk__in=ids).values_list("pk", flat=True)
    versions: dict[int, list[ReportVersion]] = {}
    for version in ReportVersion.objects.filter(report_id__in=reports).select_related("submitted_by"):
        versions.setdefault(version.report_id, []).append(version)

    def sent(value: DataValue) -> ReportVersion | None:
        ref = value.source_ref.removeprefix(REPORT_REF)
        if not value.source_ref.startswith(REPORT_REF) or not ref.isdigit():
            return None
        before = [v for v in versions.get(int(ref), []) if v.submitted_at <= value.recorded_at]
        return max(before, key=lambda v: v.number, default=None)

    return [(value, sent(value)) for value in values]


def period_get(*, user: User, pk: int) -> Period:
    """A period of any regime: the reporting calendar is no unit's secret, but only accounts with a
    role read it (each view then asks whether the user files or reviews it)."""
    rules.require(rules.has_role, user)
    return found(Period.objects.select_related("regime").filter(pk=pk).first(), "Không tìm thấy kỳ báo cáo.")


def periods_for_user(*, user: User, on: dt.date) -> QuerySet[Period]:
    """Periods already open on `on` under a regime the user's units (or their predecessors) belong to."""
    if user.unit is None:
        return Period.objects.none()
    lineage = unit_lineage_ids(unit=user.unit)
    regimes = ReportRegime.objects.filter(active=True, memberships__unit_id__in=lineage).distinct()
    return (
        Period.objects.filter(regime__in=regimes, starts_on__lte=on)
        .select_related("regime")
        .order_by("-due_on")
    )


def previous_updates(*, user: User, report: Report) -> dict[int, TaskUpdate]:
    """Each task's update in the unit's last accepted report before this one (any regime that
    asks for task updates, so a quarter starts from its last month), by task id."""
    report = report_get(user=user, pk=report.pk)  # outside the user's scope: 404
    latest: dict[int, TaskUpdate] = {}
    rows = (
        TaskUpdate.objects.filter(
            report__unit_id=report.unit_id,
            report__status=ReportStatus.ACCEPTED,
            report__period__ends_on__lte=report.period.ends_on,
            task_id__in=report.task_updates.values("task_id"),
        )
        .exclude(report_id=report.pk)
        .select_related("report__period")
        .order_by("report__period__ends_on", "report__reviewed_at", "pk")
    )
    for row in rows:
        latest[row.task_id] = row  # ordered oldest first: the last one wins
    return latest


class Standing(StrEnum):
    """Where a unit stands for a period on the chasing page."""

    NOT_DUE = "not_due"
    MISSING = "missing"
    DRAFT = "draft"
    ON_TIME = "on_time"
    LATE = "late"
    RETURNED = "returned"
    ACCEPTED = "accepted"


STANDING_LABEL = {
    Standing.NOT_DUE: "Chưa đến hạn gửi",
    Standing.MISSING: "Chưa gửi",
    Standing.DRAFT: "Đang soạn, chưa gửi",
    Standing.ON_TIME: "Đã gửi đúng hạn",
    Standing.LATE: "Gửi muộn",
    Standing.RETURNED: "Bị trả lại, chờ sửa",
    Standing.ACCEPTED: "Đã duyệt",
}
STANDING_TONE = {
    Standing.NOT_DUE: "muted",
    Standing.MISSING: "bad",
    Standing.DRAFT: "warn",
    Standing.ON_TIME: "info",
    Standing.LATE: "warn",
    Standing.RETURNED: "warn",
    Standing.ACCEPTED: "ok",
}


@dataclass(frozen=True)
class ReminderSent:
    """One reminder as the chasing page lists it: its kind, when, by which channels, by whom."""

    kind: str
    label: str
    at: dt.datetime
    channels: tuple[str, ...]
    by: str


def _reminders_by_unit(*, period: Period) -> dict[int, tuple[ReminderSent, ...]]:
    """Reminders sent for the period, per unit, oldest first; the app and e-mail rows of one
    reminder are shown as one line. One query."""
    grouped: dict[tuple[int, str, dt.date | None], list[Reminder]] = {}
    for r in Reminder.objects.filter(period=period).select_related("sent_by").order_by("sent_at", "pk"):
        grouped.setdefault((r.unit_id, r.kind, r.sent_on), []).append(r)
    out: dict[int, list[ReminderSent]] = {}
    for (unit_id, _, _), rows in grouped.items():
        first = rows[0]
        out.setdefault(unit_id, []).append(
            ReminderSent(
                kind=first.kind,
                label=first.get_kind_display(),
                at=first.sent_at,
                channels=tuple(
                    "trong hệ thống" if r.channel == Reminder.Channel.APP else "thư điện tử" for r in rows
                ),
                by=first.sent_by.display_name() if first.sent_by else "tự động",
            )
        )
    return {unit_id: tuple(items) for unit_id, items in out.items()}


@dataclass(frozen=True)
class UnitStanding:
    unit: Unit
    report: Report | None
    standing: Standing
    late: bool
    overdue: OverdueCount | None  # None: a unit outside the user's scope (a reviewer of enterprises)
    reminders: tuple[ReminderSent, ...] = ()

    @property
    def may_remind(self) -> bool:
        """ "Nhắc ngay" is offered to units that have not sent the report yet."""
        return not (self.report and self.report.first_submitted_at)

    @property
    def label(self) -> str:
        label = STANDING_LABEL[self.standing]
        return (
            f"{label} (muộn)"
            if self.late and self.standing in (Standing.ACCEPTED, Standing.RETURNED)
            else label
        )

    @property
    def tone(self) -> str:
        return STANDING_TONE[self.standing]


@dataclass(frozen=True)
class PeriodBoard:
    period: Period
    rows: list[UnitStanding]

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def received(self) -> int:
        return sum(1 for r in self.rows if r.report and r.report.first_submitted_at)

    @property
    def on_time(self) -> int:
        return sum(1 for r in self.rows if r.report and r.report.first_submitted_at and not r.late)

    @property
    def completeness(self) -> float | None:
        return self.received / self.expected if self.expected else None

    @property
    def timeliness(self) -> float | None:
        """Share of expected reports that arrived by the due date."""
        return self.on_time / self.expected if self.expected else None


def _standing(report: Report | None, period: Period, on: dt.date) -> Standing:
    if report is None:
        return Standing.MISSING if period.is_closed_on(on) else Standing.NOT_DUE
    if report.status == ReportStatus.DRAFT:
        return Standing.DRAFT
    if report.status == ReportStatus.ACCEPTED:
        return Standing.ACCEPTED
    if report.status == ReportStatus.RETURNED:
        return Standing.RETURNED
    return Standing.LATE if report.is_late() else Standing.ON_TIME


def period_board(*, user: User, period: Period, on: dt.date) -> PeriodBoard:
    """Completeness and timeliness of a period, unit by unit, for the issuer's chasing page: every
    unit for programme-wide roles and the regime's reviewers, else the user's own units."""
    units = list(expected_units(period=period))
    if not (rules.sees_whole_programme(user) or may_review(user=user, regime=period.regime)):
        scope = user_unit_scope(user=user) or set()
        units = [u for u in units if u.pk in scope]
    reports = {r.unit_id: r for r in Report.objects.filter(period=period).select_related("period")}
    overdue = overdue_by_unit(user=user, lineages=unit_lineages(unit_ids=[u.pk for u in units]), on=on)
    sent = _reminders_by_unit(period=period)
    rows = [
        UnitStanding(
            unit=u,
            report=reports.get(u.pk),
            standing=_standing(reports.get(u.pk), period, on),
            late=bool(reports.get(u.pk) and reports[u.pk].is_late()),
            overdue=overdue.get(u.pk),
            reminders=sent.get(u.pk, ()),
        )
        for u in units
    ]
    order = list(Standing)
    rows.sort(key=lambda r: (order.index(r.standing), r.unit.name))
    return PeriodBoard(period=period, rows=rows)


def chasing_periods(
    *, user: User, regime: ReportRegime, on: dt.date, chosen: str | None
) -> tuple[list[Period], PeriodBoard | None]:
    """A chasing page's periods (started by `on`, newest first) and the board of the chosen one,
    else of the latest closed one, else of the newest."""
    periods = list(periods_of_regime(regime=regime, on=on))
    period = next((p for p in periods if str(p.pk) == chosen), None)
    period = period or latest_closed_period(regime=regime, on=on) or (periods[0] if periods else None)
    return periods, (period_board(user=user, period=period, on=on) if period else None)


@dataclass(frozen=True)
class ReporterRow:
    period: Period
    unit: Unit
    report: Report | None
    standing: Standing

    @property
    def label(self) -> str:
        return STANDING_LABEL[self.standing]

    @property
    def tone(self) -> str:
        return STANDING_TONE[self.standing]


def reporter_period_rows(*, user: User, periods: list[Period], on: dt.date) -> list[ReporterRow]:
    """One row per period and unit the reporter files for, newest first."""
    rows: list[ReporterRow] = []
    for period in periods:
        units = reporting_units_for(user=user, period=period)
        reports = {
            r.unit_id: r
            for r in Report.objects.filter(period=period, unit__in=units).select_related("period")
        }
        rows += [
            ReporterRow(
                period=period,
                unit=u,
                report=reports.get(u.pk),
                standing=_standing(reports.get(u.pk), period, on),
            )
            for u in units
        ]
    return rows


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime
    who: str
    what: str


FIELD_NAMES = {
    "status": "trạng thái",
    "highlights": "kết quả nổi bật",
    "difficulties": "khó khăn",
    "proposals": "đề xuất",
    "review_comment": "ý kiến trả lại",
    "progress": "tình hình",
    "percent": "tiến độ",
    "result": "kết quả",
    "completed_on": "ngày hoàn thành",
    "value": "giá trị",
    "comment": "ghi chú",
    "typed": "nội dung giữ đúng như đã nhập (còn ô chưa hợp lệ)",
}
IGNORED = {
    "version",
    "updated_at",
    "updated_by",
    "submitted_at",
    "first_submitted_at",
    "reviewed_at",
    "reviewed_by",
    "submitted_by",
}


def _changes(record: object, label: str) -> str:
    previous = record.prev_record  # type: ignore[attr-defined]
    if previous is None:
        return f"{label}: tạo mới"
    delta = record.diff_against(previous)  # type: ignore[attr-defined]
    fields = [FIELD_NAMES.get(c.field, c.field) for c in delta.changes if c.field not in IGNORED]
    return f"{label}: sửa {', '.join(fields)}" if fields else ""


def report_audit(*, user: User, report: Report, limit: int = 40) -> list[AuditEntry]:
    """Who changed what and when, across the report and its sections' rows."""
    report = report_get(user=user, pk=report.pk)  # outside the user's scope: 404
    sources = [(report.history.select_related("history_user"), "Báo cáo")]
    for section in sections_for(regime=report.period.regime, unit=report.unit):
        sources += section.history(report=report)
    entries = [
        AuditEntry(
            at=h.history_date, who=h.history_user.display_name() if h.history_user else "Hệ thống", what=what
        )
        for records, label in sources
        for h in records
        for what in [_changes(h, label)]
        if what
    ]
    return sorted(entries, key=lambda e: e.at, reverse=True)[:limit]
