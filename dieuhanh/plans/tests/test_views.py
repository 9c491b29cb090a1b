"""The register, task and target pages, as each role sees them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def codes_in(response) -> set[str]:  # type: ignore[no-untyped-def]
    import re

    return set(re.findall(r'data-task-code="([^"]+)"', response.content.decode()))


def test_a_board_reporter_sees_the_tasks_of_the_board_it_succeeded_and_those_it_partners(world):
    response = client_for(world.users["bql"]).get(reverse("plans:task_register"))
    assert response.status_code == 200
    assert codes_in(response) == {"T-BQL-1", "T-BQL-2", "T-KHCN-1"}


def test_the_administrator_sees_the_whole_register(world):
    response = client_for(world.users["admin"]).get(reverse("plans:task_register"))
    assert codes_in(response) == {"T-BQL-1", "T-BQL-2", "T-KHCN-1", "T-TC-1"}


def test_the_register_filters_by_lead_unit_and_status(world):
    client = client_for(world.users["admin"])
    url = reverse("plans:task_register")
    by_lead = client.get(url, {"chu_tri": world.units["hd_bql"].pk, "ngay": "01/07/2025"})
    assert codes_in(by_lead) == {"T-BQL-1", "T-BQL-2"}
    overdue = client.get(url, {"trang_thai": "overdue", "ngay": "01/07/2025"})
    assert codes_in(overdue) == {"T-BQL-1"}


def test_the_register_filters_by_due_month_and_search_without_diacritics(world):
    client = client_for(world.users["admin"])
    url = reverse("plans:task_register")
    assert codes_in(client.get(url, {"han": "03/2025"})) == {"T-KHCN-1"}
    assert codes_in(client.get(url, {"q": "nhiem vu t-tc-1 dich vu cong"})) == {"T-TC-1"}


def test_the_register_explains_a_malformed_month_in_vietnamese(world):
    response = client_for(world.users["admin"]).get(reverse("plans:task_register"), {"han": "13/2025"})
    assert response.status_code == 200
    assert "Tháng không hợp lệ, hãy nhập theo dạng mm/yyyy" in response.content.decode()
    assert codes_in(response) == set()


def test_the_register_explains_a_malformed_date_in_vietnamese(world):
    response = client_for(world.users["admin"]).get(reverse("plans:task_register"), {"ngay": "31/02/2025"})
    assert "Ngày không hợp lệ" in response.content.decode()


def test_the_register_answers_htmx_with_the_table_alone(world):
    response = client_for(world.users["admin"]).get(reverse("plans:task_register"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="task-table"' in body
    assert "<html" not in body


def test_the_task_page_shows_the_five_clear_points_with_vietnamese_dates(world):
    task = world.tasks["khcn_with_bql"]
    response = client_for(world.users["bql"]).get(reverse("plans:task_detail", args=[task.pk]))
    body = response.content.decode()
    for heading in ("Rõ việc", "Rõ người", "Rõ trách nhiệm", "Rõ thời gian", "Rõ kết quả"):
        assert heading in body
    assert "Sở Khoa học và Công nghệ tỉnh Hải Dương" in body
    assert "Ban Quản lý các khu công nghiệp tỉnh Hải Dương" in body
    assert "20/03/2025" in body


def test_the_targets_page_prints_goals_with_vietnamese_numbers(world):
    from dieuhanh.plans.models import Target

    Target.objects.create(
        document=world.document,
        code="CT-HDI",
        name="Chỉ số HDI",
        text="HDI đạt 0,8",
        comparator="=",
        value="0.8",
        unit_of_measure="",
        horizon_year=2030,
    )
    response = client_for(world.users["khcn"]).get(reverse("plans:target_list"))
    body = response.content.decode()
    assert "≥ 100 %" in body
    assert "0,8" in body and "0.8000" not in body
    assert "Đến năm 2030" in body


def test_a_reporters_home_lists_their_overdue_task_first(world, settings):
    response = client_for(world.users["bql"]).get(reverse("site:home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "T-BQL-1" in body and "T-TC-1" not in body


def test_the_administrators_home_counts_tasks_by_status(world):
    from dieuhanh.plans.selectors import task_list
    from dieuhanh.plans.status import TaskStatus
    from dieuhanh.plans.tally import task_status_counts

    counts = task_status_counts(task_list(user=world.users["admin"], on=dt.date(2025, 7, 1)))
    assert counts[TaskStatus.DONE_LATE] == 1
    assert counts[TaskStatus.DONE_ON_TIME] == 1
    assert counts[TaskStatus.OVERDUE] == 1
    assert counts[TaskStatus.NOT_YET_DUE] == 1
