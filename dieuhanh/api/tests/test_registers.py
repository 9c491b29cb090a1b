"""The unit register, one task and one target in the API: confidence on the item itself, scoped
like the pages (out of scope 404, role without the register 403, anonymous 401)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_one_task_carries_its_confidence_with_an_empty_history_before_any_judgement(world):
    task = world.tasks["bql_overdue"]
    body = client_for(world.users["bql"]).get(f"/api/v1/tasks/{task.pk}").json()
    assert body["code"] == "T-BQL-1"
    assert body["confidence"] == {"lead": None, "centre": None, "differs": False, "history": []}


def test_another_units_task_is_not_found_for_a_reporter(world):
    response = client_for(world.users["bql"]).get(f"/api/v1/tasks/{world.tasks['tc_only'].pk}")
    assert response.status_code == 404


def test_one_target_carries_its_verdict_and_confidence(world):
    from dieuhanh.plans.models import Target

    target = Target.objects.get(code="CT-DVC")
    body = client_for(world.users["leader"]).get(f"/api/v1/targets/{target.pk}").json()
    assert body["code"] == "CT-DVC"
    assert body["verdict"] == "insufficient_data"
    assert body["confidence"]["history"] == []


def test_a_target_that_does_not_exist_is_not_found(world):
    response = client_for(world.users["leader"]).get("/api/v1/targets/999999")
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy chỉ tiêu."


@pytest.mark.parametrize("url", ["/api/v1/units", "/api/v1/targets/1", "/api/v1/tasks/1"])
def test_the_new_reads_answer_401_to_anonymous_callers(world, url):
    assert Client().get(url).status_code == 401


@pytest.mark.parametrize("url", ["/api/v1/units", "/api/v1/targets/1"])
@pytest.mark.parametrize("who", ["nobody", "enterprise"])
def test_the_new_reads_answer_403_to_roles_without_the_register(world, url, who):
    response = client_for(world.users[who]).get(url)
    assert response.status_code == 403
    assert "quyền" in response.json()["detail"]


def test_the_units_of_a_day_before_the_merger_are_hai_duongs(world):
    body = client_for(world.users["leader"]).get("/api/v1/units?on=2025-06-01&kind=province").json()
    assert [u["name"] for u in body] == ["Tỉnh Hải Dương"]


def test_the_units_of_a_day_after_the_merger_are_hai_phongs(world):
    body = client_for(world.users["leader"]).get("/api/v1/units?on=2025-07-01&kind=province").json()
    assert [u["name"] for u in body] == ["Thành phố Hải Phòng"]


def test_a_units_date_that_is_not_a_date_is_refused_in_vietnamese(world):
    response = client_for(world.users["leader"]).get("/api/v1/units?on=30/06/2025")
    assert response.status_code == 422
    assert "YYYY-MM-DD" in response.json()["detail"]
