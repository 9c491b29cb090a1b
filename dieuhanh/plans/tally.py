"""Counts over task rows already read through a scoped selector (`plans.selectors.task_list`):
the one status tally behind the home page, the dashboard, the synthesis and the ranking, and the
one overdue count. They read no data, so they take no user."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Self

from dieuhanh.plans.models import TaskGroup
from dieuhanh.plans.status import TaskStatus

if TYPE_CHECKING:
    from dieuhanh.plans.selectors import TaskRow


@dataclass
class StatusTally:
    """Tasks counted by where they stand on a day — the one tally behind the home page, the
    dashboard, the synthesis and the ranking. `tally[status]` is a status's count; templates
    read the named sums (`tally.on_time`, `tally.due`…)."""

    counts: Counter[TaskStatus] = field(default_factory=Counter)

    def add(self, status: TaskStatus) -> None:
        self.counts[status] += 1

    def __getitem__(self, status: str) -> int:
        # Any other key raises ValueError, so Django templates go on to the attributes below.
        return self.counts[TaskStatus(status)]

    def __iadd__(self, other: StatusTally) -> Self:
        self.counts.update(other.counts)
        return self

    @property
    def on_time(self) -> int:
        return self.counts[TaskStatus.DONE_ON_TIME]

    @property
    def late(self) -> int:
        return self.counts[TaskStatus.DONE_LATE]

    @property
    def overdue(self) -> int:
        return self.counts[TaskStatus.OVERDUE]

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def due(self) -> int:
        """Tasks whose deadline has come: done (on time or late) or overdue."""
        return self.done + self.overdue

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def other(self) -> int:
        """Not done and not overdue: not yet due, due soon, without a deadline."""
        return self.total - self.due

    def breakdown(self) -> list[tuple[TaskStatus, int]]:
        """(status, count) in the statuses' own order, without the empty ones."""
        return [(status, self.counts[status]) for status in TaskStatus if self.counts[status]]


# The figures that count several statuses at once open the tasks they count: "Khác" (neither
# done nor overdue, `StatusTally.other`) and "Đã hoàn thành" (on time or late, `.done`).
OTHER = "khac"
DONE = "hoan_thanh"
_DONE = {TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE}
_COUNTED = _DONE | {TaskStatus.OVERDUE}
BUCKETS: dict[str, tuple[str, frozenset[TaskStatus]]] = {
    OTHER: ("Khác (chưa hoàn thành, chưa quá hạn)", frozenset(set(TaskStatus) - _COUNTED)),
    DONE: ("Đã hoàn thành (đúng hạn hoặc chậm)", frozenset(_DONE)),
}


def status_matches(status: TaskStatus, wanted: str) -> bool:
    """Whether a task's status is the one asked for, or in the bucket asked for (`BUCKETS`)."""
    return status in BUCKETS[wanted][1] if wanted in BUCKETS else status == wanted


def status_label(wanted: str) -> str:
    """The Vietnamese name of a status filter ("" when none or unknown)."""
    if wanted in BUCKETS:
        return BUCKETS[wanted][0]
    return TaskStatus(wanted).label if wanted in TaskStatus.values else ""


def task_status_tally(statuses: Iterable[TaskStatus]) -> StatusTally:
    tally = StatusTally()
    for status in statuses:
        tally.add(status)
    return tally


@dataclass
class GroupSummary:
    group: TaskGroup
    counts: StatusTally = field(default_factory=StatusTally)


def task_status_counts(rows: Iterable[TaskRow]) -> StatusTally:
    return task_status_tally(row.status for row in rows)


def task_group_summaries(rows: list[TaskRow]) -> list[GroupSummary]:
    by_group: dict[int, GroupSummary] = {}
    for row in rows:
        summary = by_group.setdefault(row.task.group_id, GroupSummary(group=row.task.group))
        summary.counts.add(row.status)
    return sorted(by_group.values(), key=lambda s: (s.group.order, s.group.pk))


# Shown wherever an overdue count is (home, dashboard, chasing, synthesis), so it reads the same.
OVERDUE_RULE = (
    "Quá hạn: nhiệm vụ của tỉnh đã qua hạn mà chưa hoàn thành, đếm theo đơn vị chủ trì "
    "(mỗi nhiệm vụ một lần); nhiệm vụ đơn vị chỉ phối hợp được đếm riêng."
)


@dataclass(frozen=True)
class OverdueCount:
    """A unit's overdue tasks: those it leads (what every count adds up) and, apart, those it
    only partners."""

    lead: int = 0
    partner: int = 0


def overdue_of_rows(rows: list[TaskRow], lineage: set[int]) -> OverdueCount:
    """The same count over task rows already read (the home page's)."""
    overdue = [r.task for r in rows if r.status == TaskStatus.OVERDUE]
    lead = sum(1 for t in overdue if t.lead_unit_id in lineage)
    return OverdueCount(lead=lead, partner=len(overdue) - lead)
