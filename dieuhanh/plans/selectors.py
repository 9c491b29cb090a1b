"""Reads of the programme register, always scoped by the user's units."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Self

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_unit_scope
from dieuhanh.core.text import fold
from dieuhanh.plans.models import Target, Task, TaskGroup
from dieuhanh.plans.status import TaskStatus, task_due_on, task_status_on
from dieuhanh.units.models import Unit


@dataclass(frozen=True)
class TaskFilters:
    group_id: int | None = None
    lead_unit_id: int | None = None
    status: str | None = None
    due_month: tuple[int, int] | None = None  # (year, month)
    query: str = ""
    # "province": the province's own tasks (what every count, warning and synthesis uses);
    # "context": the tasks of a higher plan kept as its context (Task.in_scope false); "all".
    scope: str = "province"


@dataclass(frozen=True)
class TaskRow:
    task: Task
    status: TaskStatus
    due: dt.date | None


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


def task_status_tally(statuses: Iterable[TaskStatus]) -> StatusTally:
    tally = StatusTally()
    for status in statuses:
        tally.add(status)
    return tally


@dataclass
class GroupSummary:
    group: TaskGroup
    counts: StatusTally = field(default_factory=StatusTally)


def task_queryset(*, user: User) -> QuerySet[Task]:
    qs = Task.objects.select_related("group", "lead_unit", "document").prefetch_related(
        Prefetch("partner_units", queryset=Unit.objects.order_by("name"))
    )
    scope = user_unit_scope(user=user)
    if scope is None:
        return qs
    return qs.filter(Q(lead_unit_id__in=scope) | Q(partner_units__in=scope)).distinct()


def _matches(row: TaskRow, filters: TaskFilters) -> bool:
    if filters.status and row.status != filters.status:
        return False
    if filters.due_month and (row.due is None or (row.due.year, row.due.month) != filters.due_month):
        return False
    if filters.query:
        haystack = fold(
            " ".join([row.task.code, row.task.text, row.task.deliverable, row.task.deadline_text])
        )
        return all(word in haystack for word in fold(filters.query).split())
    return True


def task_list(*, user: User, on: dt.date, filters: TaskFilters | None = None) -> list[TaskRow]:
    """The user's tasks with their status on `on`. Status and due month are derived, so
    they are filtered here rather than in SQL."""
    filters = filters or TaskFilters()
    qs = task_queryset(user=user)
    if filters.scope != "all":
        qs = qs.filter(in_scope=filters.scope != "context")
    if filters.group_id:
        qs = qs.filter(group_id=filters.group_id)
    if filters.lead_unit_id:
        qs = qs.filter(lead_unit_id=filters.lead_unit_id)
    rows = [TaskRow(task=t, status=task_status_on(t, on), due=task_due_on(t, on)) for t in qs]
    return [row for row in rows if _matches(row, filters)]


def task_get(*, user: User, pk: int) -> Task:
    """A task the user may see, or 404 — never reveal that another unit's task exists."""
    task = task_queryset(user=user).filter(pk=pk).first()
    if task is None:
        raise Http404("Không tìm thấy nhiệm vụ.")
    return task


def task_status_counts(rows: Iterable[TaskRow]) -> StatusTally:
    return task_status_tally(row.status for row in rows)


def task_group_summaries(rows: list[TaskRow]) -> list[GroupSummary]:
    by_group: dict[int, GroupSummary] = {}
    for row in rows:
        summary = by_group.setdefault(row.task.group_id, GroupSummary(group=row.task.group))
        summary.counts.add(row.status)
    return sorted(by_group.values(), key=lambda s: (s.group.order, s.group.pk))


def task_group_choices(*, user: User) -> QuerySet[TaskGroup]:
    ids = task_queryset(user=user).values("group_id")
    return TaskGroup.objects.filter(pk__in=ids).order_by("order", "id")


def lead_unit_choices(*, user: User) -> QuerySet[Unit]:
    ids = task_queryset(user=user).exclude(lead_unit=None).values("lead_unit_id")
    return Unit.objects.filter(pk__in=ids).order_by("name")


def target_list(*, user: User) -> QuerySet[Target]:
    # Targets are the province's public commitments: every role that reads the register sees them all.
    return Target.objects.select_related("document").order_by("horizon_year", "order", "id")


# --- the overdue count: one meaning everywhere ---------------------------------------------

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


def overdue_by_unit(*, lineages: dict[int, set[int]], on: dt.date) -> dict[int, OverdueCount]:
    """Overdue in-scope tasks of each unit (keyed like `lineages`: unit id → the ids of the
    unit and those it succeeded), led and partnered apart — two queries for any number of units."""
    everyone = set().union(*lineages.values()) if lineages else set()
    tasks = (
        Task.objects.filter(in_scope=True)
        .filter(Q(lead_unit_id__in=everyone) | Q(partner_units__in=everyone))
        .prefetch_related(Prefetch("partner_units", queryset=Unit.objects.only("pk")))
        .distinct()
    )
    overdue = [t for t in tasks if task_status_on(t, on) == TaskStatus.OVERDUE]
    out: dict[int, OverdueCount] = {}
    for unit_id, lineage in lineages.items():
        lead = [t for t in overdue if t.lead_unit_id in lineage]
        partner = [
            t for t in overdue if t not in lead and any(p.pk in lineage for p in t.partner_units.all())
        ]
        out[unit_id] = OverdueCount(lead=len(lead), partner=len(partner))
    return out


def overdue_of_rows(rows: list[TaskRow], lineage: set[int]) -> OverdueCount:
    """The same count over task rows already read (the home page's)."""
    overdue = [r.task for r in rows if r.status == TaskStatus.OVERDUE]
    lead = sum(1 for t in overdue if t.lead_unit_id in lineage)
    return OverdueCount(lead=lead, partner=len(overdue) - lead)
