"""Reads of the programme register, always scoped by the user's units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_unit_scope
from dieuhanh.core.errors import found
from dieuhanh.core.history import history_model_of
from dieuhanh.core.text import fold
from dieuhanh.plans.models import Target, Task, TaskGroup
from dieuhanh.plans.national import canonical, is_national
from dieuhanh.plans.status import TaskStatus, task_due_on, task_status_on
from dieuhanh.plans.tally import OverdueCount, status_matches
from dieuhanh.units.models import Unit


@dataclass(frozen=True)
class TaskFilters:
    group_id: int | None = None
    lead_unit_id: int | None = None
    status: str | None = None
    due_month: tuple[int, int] | None = None  # (year, month)
    query: str = ""
    # A body outside the province by its name as the register writes it (plans.national.canonical):
    # the dashboard's "led from outside" lines open their tasks with it.
    outside_lead: str = ""
    # Tasks of the province with no lead unit recorded (the plan names none, or only in words).
    no_lead_unit: bool = False
    # "province": the province's own tasks (what every count, warning and synthesis uses);
    # "context": the tasks of a higher plan kept as its context (Task.in_scope false); "all".
    scope: str = "province"


@dataclass(frozen=True)
class TaskRow:
    task: Task
    status: TaskStatus
    due: dt.date | None


def task_queryset(*, user: User) -> QuerySet[Task]:
    qs = Task.objects.select_related("group", "lead_unit", "document").prefetch_related(
        Prefetch("partner_units", queryset=Unit.objects.order_by("name"))
    )
    scope = user_unit_scope(user=user)
    if scope is None:
        return qs
    return qs.filter(Q(lead_unit_id__in=scope) | Q(partner_units__in=scope)).distinct()


def task_ids_changed_since(*, user: User, since: dt.datetime) -> set[int]:
    """The tasks in the user's scope with a change in their history at or after `since` (made,
    edited, completed when a report is accepted): what the task's history page lists. A status
    that follows from the day alone (becoming overdue) is no change."""
    history = history_model_of(Task)._default_manager
    scoped = task_queryset(user=user).values("pk")
    return set(history.filter(history_date__gte=since, id__in=scoped).values_list("id", flat=True))


def _lead_name(task: Task) -> str:
    return task.lead_unit.name if task.lead_unit else task.lead_text


def _matches(row: TaskRow, filters: TaskFilters) -> bool:
    if filters.status and not status_matches(row.status, filters.status):
        return False
    if filters.outside_lead and canonical(_lead_name(row.task)) != filters.outside_lead:
        return False
    if filters.no_lead_unit and (row.task.lead_unit_id is not None or is_national(row.task.lead_text)):
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
    return found(task_queryset(user=user).filter(pk=pk).first(), "Không tìm thấy nhiệm vụ.")


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


def overdue_by_unit(*, user: User, lineages: dict[int, set[int]], on: dt.date) -> dict[int, OverdueCount]:
    """Overdue in-scope tasks of each unit (keyed like `lineages`: unit id → the ids of the
    unit and those it succeeded), led and partnered apart — two queries for any number of units.
    Only the units the user may see are counted; the others are left out of the answer."""
    scope = user_unit_scope(user=user)
    if scope is not None:
        lineages = {unit_id: ids for unit_id, ids in lineages.items() if unit_id in scope}
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
