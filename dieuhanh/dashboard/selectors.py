"""Reads for the operations dashboard (IOC). Everything is taken as of one day (`on`): task
statuses, the hierarchy (units merged on 01/07/2025 count under their successors) and
which reporting period is the latest closed. Programme-wide roles only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dieuhanh.accounts import rules
from dieuhanh.accounts.models import User
from dieuhanh.core.errors import found
from dieuhanh.indicators.selectors import WarningItem
from dieuhanh.plans.national import canonical, is_national
from dieuhanh.plans.selectors import TaskRow, task_list
from dieuhanh.plans.status import TaskStatus
from dieuhanh.plans.tally import (
    StatusTally,
    status_label,
    status_matches,
    task_status_counts,
    task_status_tally,
)
from dieuhanh.reporting.expectations import latest_closed_period
from dieuhanh.reporting.models import Frequency, Period, Report
from dieuhanh.reporting.selectors import PeriodBoard, Standing, period_board
from dieuhanh.steering.selectors import TargetStanding, target_standings, warning_list
from dieuhanh.units.models import Unit
from dieuhanh.units.structure import province_monthly_regime, unit_carriers, unit_lineage_ids, unit_lineages

RANKING_PERIODS = 6
# Kinds of unit that belong to a province; a central body is never one of them.
PROVINCE_KINDS = (Unit.Kind.PROVINCE, Unit.Kind.DISTRICT, Unit.Kind.COMMUNE)


@dataclass
class CompletionLine:
    key: str
    label: str
    unit: Unit | None = None
    counts: StatusTally = field(default_factory=StatusTally)
    group_id: int | None = None  # the task group, for the link to its tasks in the register


@dataclass(frozen=True)
class RankLine:
    unit: Unit
    reports_on_time: int
    reports_expected: int
    tasks_on_time: int
    tasks_due: int
    score: float


@dataclass
class Dashboard:
    on: dt.date
    period: Period | None
    targets: list[TargetStanding]
    totals: StatusTally
    groups: list[CompletionLine]
    leads: list[CompletionLine]
    outside_leads: list[CompletionLine]
    board: PeriodBoard | None
    ranking: list[RankLine]
    warnings: list[WarningItem]


def _programme(user: User) -> None:
    rules.require(rules.sees_whole_programme, user)


def dashboard_period(*, user: User, period_id: str | None, on: dt.date) -> Period | None:
    """The chosen monthly period, else the latest one closed by `on`."""
    _programme(user)
    regime = province_monthly_regime()
    if regime is None:
        return None
    chosen = regime.periods.filter(pk=int(period_id)).first() if period_id and period_id.isdigit() else None
    return chosen or latest_closed_period(regime=regime, on=on)


def dashboard_build(*, user: User, on: dt.date, period: Period | None) -> Dashboard:
    _programme(user)
    every = task_list(user=user, on=on)
    # Tasks led by a body outside the province (a ministry leads, the province takes part) are
    # shown in a group of their own and counted in none of the province's figures.
    rows = [r for r in every if not _led_from_outside(r)]
    board = period_board(user=user, period=period, on=on) if period else None
    targets = target_standings(user=user, on=on)
    return Dashboard(
        on=on,
        period=period,
        targets=targets,
        totals=task_status_counts(rows),
        groups=_completion_by_group(rows),
        leads=_completion_by_lead(rows, on),
        outside_leads=_completion_by_outside_lead([r for r in every if _led_from_outside(r)]),
        board=board,
        ranking=unit_ranking(user=user, board=board, on=on) if board else [],
        warnings=warning_list(user=user, on=on, standings=targets),
    )


@dataclass(frozen=True)
class LeaderSummary:
    """The leader's one screen on the phone: what needs a decision, nothing else."""

    on: dt.date
    period: Period | None
    at_risk: list[TargetStanding]
    lagging: list[CompletionLine]
    board: PeriodBoard | None
    not_reported: list[Unit]
    overdue: int
    warnings: list[WarningItem]
    lagging_more: int = 0  # lead units with overdue tasks beyond those listed
    overdue_without_lead: int = 0  # overdue tasks whose lead is a text, not a unit

    @property
    def warning_keys(self) -> list[str]:
        """Stable keys of the warnings, so the phone can tell which ones are new."""
        return [w.title for w in self.warnings]


LAGGING_SHOWN = 5


def leader_summary(*, user: User, on: dt.date, period: Period | None) -> LeaderSummary:
    """Targets whose verdict needs attention, the lead units with the most overdue tasks,
    and who has not reported this period."""
    return summary_of(user=user, d=dashboard_build(user=user, on=on, period=period))


def summary_of(*, user: User, d: Dashboard) -> LeaderSummary:
    """The leader's summary out of a dashboard already built (the dashboard page opens on it,
    so it is not built twice)."""
    _programme(user)
    missing = [r.unit for r in d.board.rows if r.standing == Standing.MISSING] if d.board else []
    lagging = [line for line in d.leads if line.counts.overdue and line.unit is not None]
    return LeaderSummary(
        on=d.on,
        period=d.period,
        at_risk=[t for t in d.targets if t.verdict.needs_attention],
        lagging=lagging[:LAGGING_SHOWN],
        lagging_more=max(0, len(lagging) - LAGGING_SHOWN),
        board=d.board,
        not_reported=missing,
        overdue=d.totals.overdue,
        warnings=d.warnings,
        overdue_without_lead=sum(line.counts.overdue for line in d.leads if line.unit is None),
    )


def _completion_by_group(rows: list[TaskRow]) -> list[CompletionLine]:
    lines: dict[int, CompletionLine] = {}
    for row in sorted(rows, key=lambda r: (r.task.group.order, r.task.group.pk)):
        g = row.task.group
        lines.setdefault(
            g.pk, CompletionLine(key=g.number, label=f"{g.number}. {g.title}", group_id=g.pk)
        ).counts.add(row.status)
    return list(lines.values())


NO_LEAD_UNIT = "Chưa gắn đơn vị chủ trì"


def _completion_by_lead(rows: list[TaskRow], on: dt.date) -> list[CompletionLine]:
    """By the unit carrying the lead's work on `on`: most overdue first."""
    carriers = unit_carriers(units={r.task.lead_unit for r in rows if r.task.lead_unit}, on=on)
    lines: dict[str, CompletionLine] = {}
    for row in rows:
        unit = carriers.get(row.task.lead_unit_id) if row.task.lead_unit_id else None
        key = unit.code if unit else "?"
        # Tasks whose lead is only a text ("Theo phân công tại Kế hoạch …") are one line, named
        # for what they are: each text is shown in the register, not as if it were a unit.
        label = unit.name if unit else NO_LEAD_UNIT
        lines.setdefault(key, CompletionLine(key=key, label=label, unit=unit)).counts.add(row.status)
    return sorted(lines.values(), key=lambda line: (-line.counts.overdue, -line.counts.late, line.label))


def _led_from_outside(row: TaskRow) -> bool:
    """Whether a task's lead is a central body (a ministry, "Bộ, ngành Trung ương"), not a unit
    of the province: by the national register and wording (plans.national)."""
    task = row.task
    if task.lead_unit is not None:
        return task.lead_unit.kind not in PROVINCE_KINDS and is_national(task.lead_unit.name)
    return bool(task.lead_text) and is_national(task.lead_text)


def _completion_by_outside_lead(rows: list[TaskRow]) -> list[CompletionLine]:
    """Outside leads by their name as the register writes it ("Bộ Công An" = "Bộ Công an")."""
    lines: dict[str, CompletionLine] = {}
    for row in rows:
        name = canonical(row.task.lead_unit.name if row.task.lead_unit else row.task.lead_text)
        lines.setdefault(name, CompletionLine(key=name, label=name)).counts.add(row.status)
    return sorted(lines.values(), key=lambda line: (-line.counts.overdue, -line.counts.late, line.label))


def unit_ranking(*, user: User, board: PeriodBoard, on: dt.date) -> list[RankLine]:
    """Units expected in the period, scored half on reports sent on time over the last six
    periods, half on tasks done on time among those already due (their predecessors' count).
    Programme-wide roles only: it compares every unit."""
    _programme(user)
    periods = list(
        board.period.regime.periods.filter(due_on__lte=board.period.due_on).order_by("-due_on")[
            :RANKING_PERIODS
        ]
    )
    from dieuhanh.plans.models import Task

    lineages = unit_lineages(unit_ids=[row.unit.pk for row in board.rows])
    everyone = set().union(*lineages.values()) if lineages else set()
    # Two queries for the whole ranking, not two per unit.
    reports = list(Report.objects.filter(period__in=periods, unit_id__in=everyone).select_related("period"))
    tasks = [
        (t.lead_unit_id, t.status_on(on))
        for t in Task.objects.filter(lead_unit_id__in=everyone, in_scope=True)
    ]
    lines = [
        _rank_line(
            row.unit,
            periods,
            [r for r in reports if r.unit_id in lineages[row.unit.pk]],
            [s for lead, s in tasks if lead in lineages[row.unit.pk]],
        )
        for row in board.rows
    ]
    return sorted(lines, key=lambda line: (-line.score, line.unit.name))


def _rank_line(
    unit: Unit, periods: list[Period], reports: list[Report], statuses: list[TaskStatus]
) -> RankLine:
    on_time = sum(1 for r in reports if r.first_submitted_at and not r.is_late())
    tally = task_status_tally(statuses)
    due, done = tally.due, tally.on_time
    parts = [on_time / len(periods)] if periods else []
    if due:
        parts.append(done / due)
    score = round(100 * sum(parts) / len(parts), 1) if parts else 0.0
    return RankLine(unit, on_time, len(periods), done, due, score)


def unit_drill(
    *, user: User, unit_id: int, on: dt.date, status: str = ""
) -> tuple[Unit, list[TaskRow], list[Report]]:
    """One unit: the tasks it (or a unit it took over) leads — only those of `status` (a status
    or `tally.OTHER`) when given — and its latest reports."""
    _programme(user)
    unit = found(Unit.objects.filter(pk=unit_id).first(), "Không tìm thấy đơn vị.")
    lineage = unit_lineage_ids(unit=unit)
    rows = [r for r in task_list(user=user, on=on) if r.task.lead_unit_id in lineage]
    if status_label(status):
        rows = [r for r in rows if status_matches(r.status, status)]
    reports = list(
        Report.objects.filter(unit_id__in=lineage, period__regime__frequency=Frequency.MONTHLY)
        .select_related("period", "unit")
        .order_by("-period__due_on")[:12]
    )
    return unit, rows, reports
