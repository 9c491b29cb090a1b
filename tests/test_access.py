"""Every page and endpoint, tried by someone without the right: 302 to login when signed out,
403 for a role that may not open it, 404 for an object outside the user's units."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


PAGES = ["site:home", "plans:task_register", "plans:target_list", "units:unit_tree"]


@pytest.mark.parametrize("name", PAGES + ["admin:index"])
def test_it_sends_anonymous_visitors_to_a_login_page(world, name):
    response = Client().get(reverse(name))
    assert response.status_code == 302
    assert "dang-nhap" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_it_refuses_a_user_without_a_role_with_403(world, name):
    response = client_for(world.users["nobody"]).get(reverse(name))
    assert response.status_code == 403
    assert "phân quyền" in response.content.decode() or "quyền" in response.content.decode()


@pytest.mark.parametrize("name", ["plans:task_register", "plans:target_list"])
def test_it_refuses_an_enterprise_the_state_register_with_403(world, name):
    assert client_for(world.users["enterprise"]).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("who", ["bql", "commune", "enterprise"])
def test_it_refuses_the_province_unit_tree_to_reporters_and_enterprises(world, who):
    assert client_for(world.users[who]).get(reverse("units:unit_tree")).status_code == 403


def test_it_refuses_an_enterprise_a_task_page_with_403(world):
    url = reverse("plans:task_detail", args=[world.tasks["bql_overdue"].pk])
    assert client_for(world.users["enterprise"]).get(url).status_code == 403


@pytest.mark.parametrize("who", ["bql", "khcn", "commune"])
def test_it_hides_another_units_task_from_a_reporter_with_404(world, who):
    url = reverse("plans:task_detail", args=[world.tasks["tc_only"].pk])
    assert client_for(world.users[who]).get(url).status_code == 404


def test_it_hides_the_board_task_from_the_commune_reporter_with_404(world):
    url = reverse("plans:task_detail", args=[world.tasks["bql_overdue"].pk])
    assert client_for(world.users["commune"]).get(url).status_code == 404


@pytest.mark.parametrize("who", ["bql", "khcn", "leader", "enterprise", "commune"])
def test_it_refuses_the_django_admin_to_everyone_but_administrators(world, who):
    assert client_for(world.users[who]).get(reverse("admin:index")).status_code == 403


def test_it_opens_the_django_admin_in_vietnamese_for_the_administrator(world):
    response = client_for(world.users["admin"]).get(reverse("admin:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Quản trị hệ thống điều hành" in body
    assert "Nhiệm vụ" in body or "nhiệm vụ" in body


# --- API ---------------------------------------------------------------------------------

API = ["/api/v1/tasks", "/api/v1/targets"]


@pytest.mark.parametrize("url", API)
def test_the_api_answers_401_to_anonymous_callers(world, url):
    response = Client().get(url)
    assert response.status_code == 401
    assert response.json()["detail"]


@pytest.mark.parametrize("url", API)
@pytest.mark.parametrize("who", ["nobody", "enterprise"])
def test_the_api_answers_403_to_roles_without_the_register(world, url, who):
    response = client_for(world.users[who]).get(url)
    assert response.status_code == 403
    assert "quyền" in response.json()["detail"]


def test_the_api_answers_404_for_another_units_task(world):
    response = client_for(world.users["bql"]).get(f"/api/v1/tasks/{world.tasks['tc_only'].pk}")
    assert response.status_code == 404


def test_the_api_lists_only_the_reporters_own_tasks(world):
    codes = {t["code"] for t in client_for(world.users["bql"]).get("/api/v1/tasks").json()}
    assert codes == {"T-BQL-1", "T-BQL-2", "T-KHCN-1"}


def test_the_api_lists_every_task_to_the_leader(world):
    codes = {t["code"] for t in client_for(world.users["leader"]).get("/api/v1/tasks").json()}
    assert codes == {"T-BQL-1", "T-BQL-2", "T-KHCN-1", "T-TC-1"}


def test_the_api_describes_its_errors_in_openapi(world):
    spec = client_for(world.users["admin"]).get("/api/v1/openapi.json").json()
    responses = spec["paths"]["/api/v1/tasks/{task_id}"]["get"]["responses"]
    assert {"200", "401", "403", "404"} <= set(responses)


def test_the_admin_task_list_speaks_vietnamese_where_django_does_not(world):
    response = client_for(world.users["admin"]).get(reverse("admin:plans_task_changelist"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Chọn một mục" in body and "Select an option" not in body
    assert ">Thực hiện<" in body


def test_the_health_page_answers_anyone_without_data(db):
    response = Client().get(reverse("core:health"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_an_enterprise_home_leads_to_its_portal(world):
    body = client_for(world.users["enterprise"]).get(reverse("site:home")).content.decode()
    assert reverse("zones:portal") in body
