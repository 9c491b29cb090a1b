"""A task's status, derived from its fields on a given day; and the services that record
completion and conditions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dieuhanh.plans.deadlines import parse_deadline
from dieuhanh.plans.models import Document, Task, TaskGroup
from dieuhanh.plans.services import task_record_completion, task_reopen, task_set_condition_met
from dieuhanh.plans.status import STATUS_TONE, TaskStatus, task_due_on, task_status_on

D = dt.date
S = TaskStatus


def task(clause: str = "", **fields) -> Task:  # type: ignore[no-untyped-def]
    """An unsaved task with the deadline `clause` and any other fields."""
    return Task(**{**parse_deadline(clause).task_fields(), **fields})


# --- one-off tasks -----------------------------------------------------------------------

JUNE = "hoàn thành trong tháng 6/2025"  # due 30/06/2025


@pytest.mark.parametrize(
    ("on", "status"),
    [
        (D(2025, 4, 1), S.NOT_YET_DUE),
        (D(2025, 5, 30), S.NOT_YET_DUE),  # 31 days ahead
        (D(2025, 5, 31), S.DUE_SOON),  # 30 days ahead
        (D(2025, 6, 30), S.DUE_SOON),  # the due day itself
        (D(2025, 7, 1), S.OVERDUE),
    ],
)
def test_an_open_task_is_not_yet_due_then_due_soon_then_overdue(on, status):
    assert task_status_on(task(JUNE), on) == status


def test_due_soon_follows_the_setting(settings):
    settings.DUE_SOON_DAYS = 7
    assert task_status_on(task(JUNE), D(2025, 6, 22)) == S.NOT_YET_DUE
    assert task_status_on(task(JUNE), D(2025, 6, 23)) == S.DUE_SOON


@pytest.mark.parametrize(
    ("completed_on", "status"),
    [(D(2025, 6, 10), S.DONE_ON_TIME), (D(2025, 6, 30), S.DONE_ON_TIME), (D(2025, 7, 2), S.DONE_LATE)],
)
def test_a_completed_task_is_on_time_or_late_against_its_due_date(completed_on, status):
    assert task_status_on(task(JUNE, completed_on=completed_on), D(2025, 12, 1)) == status


def test_a_completion_after_the_day_in_question_does_not_count_yet():
    done_later = task(JUNE, completed_on=D(2025, 7, 10))
    assert task_status_on(done_later, D(2025, 7, 5)) == S.OVERDUE
    assert task_status_on(done_later, D(2025, 7, 10)) == S.DONE_LATE


def test_a_task_without_any_deadline_has_none_and_is_done_on_time_once_completed():
    assert task_status_on(task(""), D(2025, 7, 1)) == S.NO_DEADLINE
    assert task_status_on(task("", completed_on=D(2025, 3, 1)), D(2025, 7, 1)) == S.DONE_ON_TIME


# --- yearly tasks --------------------------------------------------------------------------

BEFORE_OCTOBER = "thực hiện trước tháng 10 hàng năm"  # 30/09 each year


@pytest.mark.parametrize(
    ("completed_on", "on", "status"),
    [
        (None, D(2026, 3, 1), S.NOT_YET_DUE),
        (None, D(2026, 9, 10), S.DUE_SOON),
        (None, D(2026, 11, 23), S.OVERDUE),
        (D(2025, 9, 15), D(2025, 11, 23), S.DONE_ON_TIME),
        (D(2025, 9, 15), D(2026, 3, 1), S.NOT_YET_DUE),  # last year's completion, new cycle
        (D(2025, 9, 15), D(2026, 11, 23), S.OVERDUE),
        (D(2026, 9, 1), D(2026, 11, 23), S.DONE_ON_TIME),
        (D(2026, 10, 5), D(2026, 11, 23), S.DONE_LATE),
    ],
)
def test_a_yearly_task_is_judged_on_this_years_occurrence(completed_on, on, status):
    assert task_status_on(task(BEFORE_OCTOBER, completed_on=completed_on), on) == status


def test_a_yearly_task_with_a_first_due_date_is_held_to_it_first():
    yearly = task("hoàn thành 12/2025 và các năm tiếp theo")
    assert task_due_on(yearly, D(2024, 6, 1)) == D(2025, 12, 31)
    assert task_due_on(yearly, D(2026, 6, 1)) == D(2026, 12, 31)
    assert (
        task_status_on(
            task("hoàn thành 12/2025 và các năm tiếp theo", completed_on=D(2025, 12, 20)), D(2026, 6, 1)
        )
        == S.NOT_YET_DUE
    )


def test_a_yearly_occurrence_on_29_february_falls_on_28_february_in_a_common_year():
    leap_day = task("", recurrence="yearly", yearly_due_month=2, yearly_due_day=29)
    assert task_due_on(leap_day, D(2027, 1, 1)) == D(2027, 2, 28)
    assert task_due_on(leap_day, D(2028, 1, 1)) == D(2028, 2, 29)


# --- continuous tasks ----------------------------------------------------------------------

THEN_ALWAYS = "hoàn thành trong tháng 5/2025 và thực hiện thường xuyên"


def test_a_continuous_task_without_a_date_is_ongoing():
    assert task_status_on(task("thực hiện thường xuyên"), D(2025, 7, 1)) == S.ONGOING


def test_a_continuous_task_is_held_to_its_first_due_date_until_completed():
    assert task_status_on(task(THEN_ALWAYS), D(2025, 5, 20)) == S.DUE_SOON
    assert task_status_on(task(THEN_ALWAYS), D(2025, 6, 1)) == S.OVERDUE
    assert task_status_on(task(THEN_ALWAYS, completed_on=D(2025, 6, 10)), D(2025, 7, 1)) == S.ONGOING


# --- conditional and relative tasks ---------------------------------------------------------

RELATIVE = "20 ngày sau khi Tỉnh ủy ban hành"


def test_a_task_waiting_for_guidance_awaits_until_it_comes_then_has_no_deadline():
    waiting = task("hoàn thành theo hướng dẫn của Trung ương")
    assert task_status_on(waiting, D(2025, 7, 1)) == S.AWAITING
    waiting.condition_met_on = D(2025, 6, 1)
    assert task_status_on(waiting, D(2025, 7, 1)) == S.NO_DEADLINE


def test_a_relative_task_falls_due_days_after_the_condition_is_met():
    relative = task(RELATIVE)
    assert task_status_on(relative, D(2025, 3, 10)) == S.AWAITING
    assert task_due_on(relative, D(2025, 3, 10)) is None
    relative.condition_met_on = D(2025, 3, 1)
    assert task_due_on(relative, D(2025, 3, 10)) == D(2025, 3, 21)
    assert task_status_on(relative, D(2025, 3, 10)) == S.DUE_SOON
    assert task_status_on(relative, D(2025, 4, 1)) == S.OVERDUE
    relative.completed_on = D(2025, 3, 15)
    assert task_status_on(relative, D(2025, 4, 1)) == S.DONE_ON_TIME


def test_the_model_delegates_its_status_and_every_status_has_a_tone():
    assert task(JUNE).status_on(D(2025, 7, 1)) == S.OVERDUE
    assert set(STATUS_TONE) == set(TaskStatus)
    assert set(STATUS_TONE.values()) <= {"ok", "warn", "bad", "info", "muted"}
    assert S.AWAITING.label == "Chờ văn bản, hướng dẫn"


# --- services ------------------------------------------------------------------------------

TODAY = D(2025, 7, 3)


@pytest.fixture
def saved_task(db) -> Task:  # type: ignore[no-untyped-def]
    plan = Document.objects.create(
        kind="plan", issued_on=D(2025, 2, 28), issuer_name="Ban Quản lý các khu công nghiệp", title="Kế hoạch"
    )
    group = TaskGroup.objects.create(document=plan, number="2.1", title="Nhóm")
    fields = parse_deadline(JUNE).task_fields()
    return Task.objects.create(document=plan, group=group, code="T-1", text="Nhiệm vụ", **fields)


@pytest.fixture
def user(db):  # type: ignore[no-untyped-def]
    from dieuhanh.accounts.models import User

    return User.objects.create_user(username="khcn-admin", password="x")


def test_recording_completion_saves_it_with_the_user_in_the_history(saved_task, user):
    task_record_completion(
        task=saved_task, completed_on=D(2025, 7, 2), note=" Đã xong ", user=user, today=D(2025, 7, 3)
    )
    saved_task.refresh_from_db()
    assert (saved_task.completed_on, saved_task.completion_note) == (D(2025, 7, 2), "Đã xong")
    assert saved_task.status_on(D(2025, 7, 3)) == S.DONE_LATE
    last = saved_task.history.first()
    assert (last.history_user, last.history_change_reason) == (user, "Ghi nhận hoàn thành")


def test_a_completion_in_the_future_is_refused_in_vietnamese(saved_task, user):
    with pytest.raises(ValidationError) as error:
        task_record_completion(task=saved_task, completed_on=D(2025, 7, 4), note="", user=user, today=TODAY)
    assert "04/07/2025 là ngày trong tương lai" in error.value.message_dict["completed_on"][0]
    saved_task.refresh_from_db()
    assert saved_task.completed_on is None


def test_a_completion_before_the_plan_was_issued_is_refused(saved_task, user):
    with pytest.raises(ValidationError) as error:
        task_record_completion(task=saved_task, completed_on=D(2025, 2, 1), note="", user=user, today=TODAY)
    message = error.value.message_dict["completed_on"][0]
    assert "trước ngày ban hành văn bản giao nhiệm vụ (28/02/2025)" in message


def test_reopening_clears_the_completion_and_keeps_it_in_the_history(saved_task, user):
    task_record_completion(task=saved_task, completed_on=D(2025, 6, 2), note="Xong", user=user, today=TODAY)
    task_reopen(task=saved_task, user=user, reason="Minh chứng chưa đủ")
    saved_task.refresh_from_db()
    assert saved_task.completed_on is None and saved_task.status_on(D(2025, 7, 3)) == S.OVERDUE
    assert saved_task.history.first().history_change_reason == "Mở lại nhiệm vụ: Minh chứng chưa đủ"
    assert saved_task.history.filter(completed_on=D(2025, 6, 2)).exists()
    with pytest.raises(ValidationError):
        task_reopen(task=saved_task, user=user)


def test_setting_the_condition_met_starts_a_relative_deadline(saved_task, user):
    with pytest.raises(ValidationError):
        task_set_condition_met(task=saved_task, met_on=D(2025, 3, 1), user=user, today=D(2025, 7, 3))
    for field, value in parse_deadline(RELATIVE).task_fields().items():
        setattr(saved_task, field, value)
    saved_task.save()
    task_set_condition_met(task=saved_task, met_on=D(2025, 3, 1), user=user, today=D(2025, 7, 3))
    saved_task.refresh_from_db()
    assert task_due_on(saved_task, D(2025, 3, 2)) == D(2025, 3, 21)
    with pytest.raises(ValidationError):
        task_set_condition_met(task=saved_task, met_on=D(2025, 8, 1), user=user, today=D(2025, 7, 3))
