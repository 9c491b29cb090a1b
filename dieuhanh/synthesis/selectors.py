"""What goes into the synthesis of one reporting period, read once and handed to the .docx
and .xlsx writers. Reports count only once accepted; task statuses are taken on the day
the period's data closes, and units as they stood that day, so the same database gives
the same document whatever day it is generated."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from dieuhanh.accounts import rules
from dieuhanh.accounts.models import User
from dieuhanh.core.errors import found
from dieuhanh.core.text import format_number, with_unit
from dieuhanh.plans.selectors import TaskRow, task_list
from dieuhanh.plans.tally import StatusTally
from dieuhanh.plans.templatetags.plans_tags import target_goal
from dieuhanh.reporting.models import Frequency, Period, Report, ReportRegime, ReportStatus, TaskUpdate
from dieuhanh.reporting.selectors import Standing, period_board
from dieuhanh.steering.selectors import target_standings
from dieuhanh.synthesis.letterhead import letterhead
from dieuhanh.units.structure import unit_carriers


@dataclass
class TaskCounts(StatusTally):
    """Tasks of a group or a unit by where they stand when the period's data closes, and how
    many of them were completed within the period."""

    done_in_period: int = 0

    def add_row(self, row: TaskRow, period: Period) -> None:
        self.add(row.status)
        done_on = row.task.completed_on
        self.done_in_period += bool(done_on and period.starts_on <= done_on <= period.ends_on)


@dataclass
class GroupLine:
    number: str
    title: str
    counts: TaskCounts = field(default_factory=TaskCounts)
    done_in_period: list[str] = field(default_factory=list)
    group_id: int | None = None  # for the preview's links to the group's tasks


@dataclass
class UnitLine:
    name: str
    counts: TaskCounts = field(default_factory=TaskCounts)


@dataclass(frozen=True)
class TargetLine:
    code: str
    name: str
    goal: str
    horizon_year: int
    current: str
    status: str
    risk: str
    indicator_code: str = ""  # for the document's link to the figure's sources


@dataclass(frozen=True)
class TaskLine:
    code: str
    text: str
    group: str
    lead: str
    due: dt.date | None
    status: str
    percent: int | None
    result: str


@dataclass(frozen=True)
class StandingLine:
    unit: str
    standing: str
    submitted_on: dt.date | None
    late: bool
    accepted: bool


@dataclass(frozen=True)
class Gathered:
    """One difficulty or proposal, with the units that raised it."""

    text: str
    units: list[str]


@dataclass
class Synthesis:
    period: Period
    issued_on: dt.date
    as_of: dt.date
    parent_body: str
    issuer: str
    issuer_short: str
    number_symbol: str
    place: str
    groups: list[GroupLine]
    units: list[UnitLine]
    targets: list[TargetLine]
    tasks: list[TaskLine]
    standings: list[StandingLine]
    difficulties: list[Gathered]
    proposals: list[Gathered]
    highlights: list[Gathered]

    @property
    def totals(self) -> TaskCounts:
        out = TaskCounts()
        for g in self.groups:
            out += g.counts
            out.done_in_period += g.counts.done_in_period
        return out

    @property
    def period_text(self) -> str:
        label = self.period.label
        return label[:1].lower() + label[1:]

    @property
    def expected(self) -> int:
        return len(self.standings)

    @property
    def received(self) -> int:
        return sum(1 for s in self.standings if s.submitted_on)

    @property
    def on_time(self) -> int:
        return sum(1 for s in self.standings if s.submitted_on and not s.late)

    @property
    def accepted(self) -> int:
        return sum(1 for s in self.standings if s.accepted)

    @property
    def late_units(self) -> list[StandingLine]:
        return [s for s in self.standings if s.late]

    @property
    def missing_units(self) -> list[StandingLine]:
        return [s for s in self.standings if not s.submitted_on]


def synthesis_build(*, user: User, period: Period, issued_on: dt.date) -> Synthesis:
    """The synthesis of `period`, dated `issued_on`. Programme-wide roles only."""
    rules.require(rules.sees_whole_programme, user)
    on = period.ends_on
    rows = task_list(user=user, on=on)
    carriers = _carrier_names(rows, on)
    accepted = _accepted_reports(period)
    head = letterhead(period=period, issued_on=issued_on)
    return Synthesis(
        period=period,
        issued_on=issued_on,
        as_of=on,
        parent_body=head.parent_body,
        issuer=head.issuer,
        issuer_short=head.issuer_short,
        number_symbol=head.number_symbol,
        place=head.place,
        groups=_group_lines(rows, period),
        units=_unit_lines(rows, period, carriers),
        targets=_target_lines(user, on),
        tasks=_task_lines(rows, period, carriers),
        standings=_standing_lines(user, period),
        difficulties=_gather(accepted, "difficulties"),
        proposals=_gather(accepted, "proposals"),
        highlights=_gather(accepted, "highlights"),
    )


def _carrier_names(rows: list[TaskRow], on: dt.date) -> dict[int, str]:
    """Each lead unit's id → the name of the unit carrying its work on `on`."""
    leads = {row.task.lead_unit for row in rows if row.task.lead_unit}
    return {pk: unit.name for pk, unit in unit_carriers(units=leads, on=on).items()}


def _lead_name(row: TaskRow, carriers: dict[int, str]) -> str:
    if row.task.lead_unit_id:
        return carriers[row.task.lead_unit_id]
    return row.task.lead_text or "Chưa xác định"


def _group_lines(rows: list[TaskRow], period: Period) -> list[GroupLine]:
    lines: dict[int, GroupLine] = {}
    for row in rows:
        group = row.task.group
        line = lines.setdefault(
            group.pk, GroupLine(number=group.number, title=group.title, group_id=group.pk)
        )
        line.counts.add_row(row, period)
        done_on = row.task.completed_on
        if done_on and period.starts_on <= done_on <= period.ends_on:
            line.done_in_period.append(row.task.code)
    by_order = sorted(rows, key=lambda r: (r.task.group.order, r.task.group.pk))
    order = list(dict.fromkeys(r.task.group.pk for r in by_order))
    return [lines[pk] for pk in order]


def _unit_lines(rows: list[TaskRow], period: Period, carriers: dict[int, str]) -> list[UnitLine]:
    lines: dict[str, UnitLine] = {}
    for row in rows:
        name = _lead_name(row, carriers)
        lines.setdefault(name, UnitLine(name=name)).counts.add_row(row, period)
    return sorted(lines.values(), key=lambda line: (-line.counts.overdue, line.name))


def _target_lines(user: User, on: dt.date) -> list[TargetLine]:
    lines = []
    for row in target_standings(user=user, on=on):
        progress = row.progress
        current = "—"
        if progress and progress.current_value is not None and row.indicator is not None:
            decimals = max(row.indicator.decimals, 0)
            value = format_number(round(progress.current_value, decimals), decimals)
            current = f"{with_unit(value, row.indicator.unit_of_measure)} ({progress.current_year})"
        lines.append(
            TargetLine(
                code=row.target.code,
                name=row.target.name,
                goal=target_goal(row.target),
                horizon_year=row.target.horizon_year,
                current=current,
                status=row.verdict.label,
                risk=row.verdict.summary if row.verdict.needs_attention else "",
                indicator_code=row.indicator.code if row.indicator else "",
            )
        )
    return lines


def _task_lines(rows: list[TaskRow], period: Period, carriers: dict[int, str]) -> list[TaskLine]:
    updates = _lead_updates(period)
    lines = []
    for row in rows:
        update = updates.get(row.task.pk)
        lines.append(
            TaskLine(
                code=row.task.code,
                text=row.task.text,
                group=row.task.group.number,
                lead=_lead_name(row, carriers),
                due=row.due,
                status=row.status.label,
                percent=update.percent if update else None,
                result=update.result if update else "",
            )
        )
    return lines


def _lead_updates(period: Period) -> dict[int, TaskUpdate]:
    """Per task, the update of an accepted report of the period: the lead unit's when it
    filed one, else the first by unit name."""
    qs = (
        TaskUpdate.objects.filter(report__period=period, report__status=ReportStatus.ACCEPTED)
        .select_related("task", "report__unit")
        .order_by("report__unit__name", "pk")
    )
    chosen: dict[int, TaskUpdate] = {}
    for update in qs:
        is_lead = update.report.unit_id == update.task.lead_unit_id
        if update.task_id not in chosen or is_lead:
            chosen[update.task_id] = update
    return chosen


def _standing_lines(user: User, period: Period) -> list[StandingLine]:
    # The board as of the day after the due date: who had not reported by then is missing,
    # whatever day the synthesis is generated.
    board = period_board(user=user, period=period, on=period.due_on + dt.timedelta(days=1))
    lines = []
    for row in board.rows:
        sent = row.report.first_submitted_at if row.report else None
        lines.append(
            StandingLine(
                unit=row.unit.name,
                standing=row.label,
                submitted_on=_local_date(sent),
                late=row.late,
                accepted=row.standing == Standing.ACCEPTED,
            )
        )
    return sorted(lines, key=lambda s: (s.submitted_on is not None, not s.late, s.unit))


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def _accepted_reports(period: Period) -> list[Report]:
    qs = Report.objects.filter(period=period, status=ReportStatus.ACCEPTED).select_related("unit")
    return sorted(qs, key=lambda r: (r.unit.name, r.pk))


def _gather(reports: list[Report], field_name: str) -> list[Gathered]:
    """The distinct texts of one field, each with the units that wrote it; the most widely
    raised first."""
    by_text: dict[str, list[str]] = {}
    for report in reports:
        for text in _paragraphs(getattr(report, field_name)):
            by_text.setdefault(text, []).append(report.unit.name)
    count = Counter({text: len(units) for text, units in by_text.items()})
    ordered = sorted(by_text, key=lambda t: (-count[t], t))
    return [Gathered(text=t, units=by_text[t]) for t in ordered]


def _paragraphs(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


def closed_periods(*, user: User, today: dt.date, per_regime: int = 24) -> dict[ReportRegime, list[Period]]:
    """Periods whose due date has passed (the synthesis follows the 15th), newest first, under
    their regime: two regimes may each have a «Quý III/2026», so a list names the regime."""
    if not rules.sees_whole_programme(user):
        return {}
    regimes = ReportRegime.objects.filter(active=True).select_related("receiving_unit")
    order: list[str] = list(Frequency.values)
    out: dict[ReportRegime, list[Period]] = {}
    for regime in sorted(regimes, key=lambda r: (order.index(r.frequency), r.pk)):
        out[regime] = list(regime.periods.filter(due_on__lt=today).order_by("-due_on")[:per_regime])
    return out


def closed_period_get(*, user: User, pk: int, today: dt.date) -> Period:
    """One period whose due date has passed, to the programme-wide roles (else 404)."""
    periods = Period.objects.select_related("regime", "regime__receiving_unit").filter(due_on__lt=today)
    allowed = periods if rules.sees_whole_programme(user) else periods.none()
    return found(allowed.filter(pk=pk).first(), "Không tìm thấy kỳ báo cáo đã đến hạn tổng hợp.")
