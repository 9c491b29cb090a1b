"""A task's status on a given day, derived only from its fields — never typed by hand.

Rules, one function each:
- completion counts only if `completed_on <= on` (a completion recorded later is not known yet);
- one-off tasks: completed → on time / late against the due date; otherwise overdue, due soon
  (within settings.DUE_SOON_DAYS) or not yet due;
- yearly tasks: judged on this year's occurrence (or the first due date, while it is ahead);
  only a completion within that occurrence's calendar year counts;
- continuous tasks: judged by their first due date until completed, then "Thường xuyên";
- relative tasks: due = condition_met_on + relative_days;
- no date: waiting for the condition if there is one and it is unmet, else no deadline.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from django.conf import settings
from django.db import models

from dieuhanh.plans.deadlines import CONTINUOUS, YEARLY, month_end


class Task(Protocol):
    """The fields a status is derived from (plans.models.Task has them): a protocol, so this
    module needs no model and the model can call it without an import circle."""

    due: dt.date | None
    completed_on: dt.date | None
    recurrence: str
    relative_days: int | None
    condition: str
    condition_met_on: dt.date | None
    yearly_due_month: int | None
    yearly_due_day: int | None


class TaskStatus(models.TextChoices):
    NOT_YET_DUE = "not_yet_due", "Chưa đến hạn"
    DUE_SOON = "due_soon", "Sắp đến hạn"
    OVERDUE = "overdue", "Quá hạn"
    DONE_ON_TIME = "done_on_time", "Hoàn thành đúng hạn"
    DONE_LATE = "done_late", "Hoàn thành chậm"
    ONGOING = "ongoing", "Thường xuyên"
    AWAITING = "awaiting", "Chờ văn bản, hướng dẫn"
    NO_DEADLINE = "no_deadline", "Chưa xác định thời hạn"


# CSS class suffix of the status badge.
STATUS_TONE: dict[str, str] = {
    TaskStatus.NOT_YET_DUE: "info",
    TaskStatus.DUE_SOON: "warn",
    TaskStatus.OVERDUE: "bad",
    TaskStatus.DONE_ON_TIME: "ok",
    TaskStatus.DONE_LATE: "warn",
    TaskStatus.ONGOING: "info",
    TaskStatus.AWAITING: "muted",
    TaskStatus.NO_DEADLINE: "muted",
}


def task_status_on(task: Task, on: dt.date) -> TaskStatus:
    # A relative deadline is one date, whatever the recurrence says.
    if task.relative_days is not None:
        return _one_off_status(task, on)
    if task.recurrence == YEARLY:
        return _yearly_status(task, on)
    if task.recurrence == CONTINUOUS:
        return _continuous_status(task, on)
    return _one_off_status(task, on)


def task_due_on(task: Task, on: dt.date) -> dt.date | None:
    """The due date that governs the task on day `on`."""
    if task.relative_days is not None:
        return _relative_due(task)
    if task.recurrence == YEARLY:
        return _yearly_due(task, on)
    return task.due


def completed_as_of(task: Task, on: dt.date) -> dt.date | None:
    return task.completed_on if task.completed_on and task.completed_on <= on else None


def _relative_due(task: Task) -> dt.date | None:
    if task.condition_met_on is None or task.relative_days is None:
        return None
    return task.condition_met_on + dt.timedelta(days=task.relative_days)


def _yearly_occurrence(task: Task, year: int) -> dt.date:
    month = task.yearly_due_month if task.yearly_due_month and 1 <= task.yearly_due_month <= 12 else 12
    # A day past the month's end (29/02 in a common year) falls back to that end.
    return dt.date(year, month, min(task.yearly_due_day or 31, month_end(year, month).day))


def _yearly_due(task: Task, on: dt.date) -> dt.date:
    occurrence = _yearly_occurrence(task, on.year)
    # Before the first due date, the first one governs.
    return task.due if task.due and occurrence < task.due else occurrence


def _one_off_status(task: Task, on: dt.date) -> TaskStatus:
    due = task_due_on(task, on)
    completed = completed_as_of(task, on)
    if completed:
        return _done_status(completed, due)
    if due is None:
        return _undated_status(task)
    return _pending_status(due, on)


def _yearly_status(task: Task, on: dt.date) -> TaskStatus:
    due = _yearly_due(task, on)
    completed = completed_as_of(task, on)
    # Only this cycle's completion counts; the first cycle also takes earlier completions.
    if completed and (completed.year == due.year or due == task.due):
        return _done_status(completed, due)
    return _pending_status(due, on)


def _continuous_status(task: Task, on: dt.date) -> TaskStatus:
    if task.due is None or completed_as_of(task, on):
        return TaskStatus.ONGOING
    return _pending_status(task.due, on)


def _done_status(completed: dt.date, due: dt.date | None) -> TaskStatus:
    return TaskStatus.DONE_LATE if due and completed > due else TaskStatus.DONE_ON_TIME


def _pending_status(due: dt.date, on: dt.date) -> TaskStatus:
    if on > due:
        return TaskStatus.OVERDUE
    if (due - on).days <= settings.DUE_SOON_DAYS:
        return TaskStatus.DUE_SOON
    return TaskStatus.NOT_YET_DUE


def _undated_status(task: Task) -> TaskStatus:
    waits = bool(task.condition) or task.relative_days is not None
    if waits and task.condition_met_on is None:
        return TaskStatus.AWAITING
    return TaskStatus.NO_DEADLINE
