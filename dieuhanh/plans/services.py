"""Writes to the programme register. Every change is kept by django-simple-history, with the
user and a reason, so a recorded completion can always be traced and undone."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dieuhanh.plans.models import Task

if TYPE_CHECKING:
    from dieuhanh.accounts.models import User


def _check_not_future(*, field: str, day: dt.date, today: dt.date, what: str) -> None:
    if day > today:
        message = f"{what} {day:%d/%m/%Y} là ngày trong tương lai (hôm nay là {today:%d/%m/%Y})."
        raise ValidationError({field: message})


def _save_with_history(task: Task, *, user: User | None, reason: str, fields: list[str]) -> Task:
    task._history_user = user  # type: ignore[attr-defined]  # read by simple-history
    task._change_reason = reason  # type: ignore[attr-defined]
    task.save(update_fields=fields)
    return task


@transaction.atomic
def task_record_completion(
    *, task: Task, completed_on: dt.date, note: str = "", user: User | None, today: dt.date | None = None
) -> Task:
    """Record that the task was completed on `completed_on`. `today` defaults to the local date
    (Asia/Ho_Chi_Minh); tests pass it explicitly."""
    today = today or timezone.localdate()
    _check_not_future(field="completed_on", day=completed_on, today=today, what="Ngày hoàn thành")
    issued_on = task.document.issued_on
    if issued_on and completed_on < issued_on:
        raise ValidationError(
            {
                "completed_on": f"Ngày hoàn thành {completed_on:%d/%m/%Y} trước ngày ban hành văn bản giao "
                f"nhiệm vụ ({issued_on:%d/%m/%Y}) — hãy kiểm tra lại ngày."
            }
        )
    task.completed_on = completed_on
    task.completion_note = note.strip()
    return _save_with_history(
        task, user=user, reason="Ghi nhận hoàn thành", fields=["completed_on", "completion_note"]
    )


@transaction.atomic
def task_reopen(*, task: Task, user: User | None, reason: str = "") -> Task:
    """Undo a recorded completion; the previous values stay in the task's history."""
    if task.completed_on is None:
        raise ValidationError(
            {"completed_on": "Nhiệm vụ chưa được ghi nhận hoàn thành nên không thể mở lại."}
        )
    task.completed_on = None
    task.completion_note = ""
    why = f"Mở lại nhiệm vụ: {reason.strip()}" if reason.strip() else "Mở lại nhiệm vụ"
    return _save_with_history(task, user=user, reason=why, fields=["completed_on", "completion_note"])


@transaction.atomic
def task_set_condition_met(
    *, task: Task, met_on: dt.date | None, user: User | None, today: dt.date | None = None
) -> Task:
    """Record the day the awaited act happened (guidance issued, Đề án approved…), which starts a
    relative deadline; `met_on=None` clears it."""
    if not task.condition and task.relative_days is None:
        raise ValidationError(
            {"condition_met_on": "Nhiệm vụ không có điều kiện (văn bản, hướng dẫn cần chờ) để ghi nhận."}
        )
    if met_on is not None:
        today = today or timezone.localdate()
        _check_not_future(field="condition_met_on", day=met_on, today=today, what="Ngày đáp ứng điều kiện")
    task.condition_met_on = met_on
    reason = "Ghi nhận điều kiện đã đáp ứng" if met_on else "Xóa ngày đáp ứng điều kiện"
    return _save_with_history(task, user=user, reason=reason, fields=["condition_met_on"])
