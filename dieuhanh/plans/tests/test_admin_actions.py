"""The admin changes a task's completion and condition only through the services' actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from dieuhanh.plans.models import Task

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:plans_task_changelist"


def _act(world, action: str, task: Task, **fields: str):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users["admin"])
    data = {"action": action, "_selected_action": [task.pk], "index": 0, **fields}
    return client.post(reverse(CHANGELIST), data, follow=True)


def test_the_task_form_shows_the_service_owned_dates_read_only(world):
    client = Client()
    client.force_login(world.users["admin"])
    task = world.tasks["bql_done_late"]
    page = client.get(reverse("admin:plans_task_change", args=[task.pk])).content.decode()
    assert 'name="completed_on"' not in page and 'name="condition_met_on"' not in page
    assert "12/06/2025" in page or "12 tháng 6" in page


def test_recording_a_completion_in_the_admin_goes_through_the_service_with_history(world, clock):
    clock(dt.date(2025, 7, 1))
    task = world.tasks["bql_overdue"]
    page = _act(world, "record_completion", task, ngay="02/07/2025", ghi_chu="Đã ban hành").content.decode()
    task.refresh_from_db()
    # 02/07/2025 is tomorrow: the service refuses it, nothing is saved.
    assert task.completed_on is None
    assert "Chưa lưu gì — T-BQL-1: Ngày hoàn thành 02/07/2025 là ngày trong tương lai" in page
    _act(world, "record_completion", task, ngay="28/06/2025", ghi_chu="Đã ban hành")
    task.refresh_from_db()
    assert (task.completed_on, task.completion_note) == (dt.date(2025, 6, 28), "Đã ban hành")
    latest = task.history.order_by("-history_id").first()  # the clock went back; ids still count up
    assert (
        latest.history_user == world.users["admin"] and latest.history_change_reason == "Ghi nhận hoàn thành"
    )
    assert LogEntry.objects.filter(object_id=str(task.pk), change_message="Ghi nhận hoàn thành").exists()


def test_a_bad_day_typed_for_the_action_is_refused_in_vietnamese(world):
    task = world.tasks["bql_overdue"]
    page = _act(world, "record_completion", task, ngay="31/02/2025").content.decode()
    assert "Ngày hoàn thành: ngày “31/02/2025” không hợp lệ" in page
    task.refresh_from_db()
    assert task.completed_on is None


def test_reopening_in_the_admin_clears_the_completion_with_the_reason(world):
    task = world.tasks["bql_done_late"]
    _act(world, "reopen", task, ghi_chu="Minh chứng chưa đủ")
    task.refresh_from_db()
    assert task.completed_on is None
    assert (
        task.history.order_by("-history_id").first().history_change_reason
        == "Mở lại nhiệm vụ: Minh chứng chưa đủ"
    )


def test_a_task_without_a_condition_refuses_a_condition_date(world):
    task = world.tasks["tc_only"]
    page = _act(world, "record_condition_met", task, ngay="01/03/2025").content.decode()
    assert "Nhiệm vụ không có điều kiện" in page
    task.refresh_from_db()
    assert task.condition_met_on is None
