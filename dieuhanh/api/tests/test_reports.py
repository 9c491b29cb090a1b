"""Reports in the API: scoped like the report pages, through a session or a unit's token."""

from __future__ import annotations

import pytest
from django.test import Client

from dieuhanh.accounts.models import ApiToken
from dieuhanh.accounts.services import api_token_create
from dieuhanh.reporting.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(world, reporting):  # type: ignore[no-untyped-def]
    u = world.units
    return {
        "bql": Report.objects.create(
            period=reporting.july, unit=u["hp_bql"], highlights="Đã số hóa 12 hồ sơ"
        ),
        "khcn": Report.objects.create(period=reporting.july, unit=u["hp_khcn"]),
    }


def token_for(world, unit_key: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    issued = api_token_create(
        user=world.users["admin"], name="Ứng dụng", unit=world.units[unit_key], access=ApiToken.Access.READ
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}


def test_a_units_token_lists_only_its_units_reports(world, reports):
    body = Client().get("/api/v1/reports", **token_for(world, "hp_bql")).json()
    assert [r["id"] for r in body] == [reports["bql"].pk]
    assert body[0]["period"]["label"] == reports["bql"].period.label


def test_a_leader_filters_the_reports_by_unit(world, reports):
    client = Client()
    client.force_login(world.users["leader"])
    body = client.get(f"/api/v1/reports?unit={world.units['hp_khcn'].pk}").json()
    assert [r["id"] for r in body] == [reports["khcn"].pk]


def test_one_report_carries_its_texts(world, reports):
    body = Client().get(f"/api/v1/reports/{reports['bql'].pk}", **token_for(world, "hp_bql")).json()
    assert body["highlights"] == "Đã số hóa 12 hồ sơ"
    assert body["status"] == "draft"


def test_another_units_token_does_not_see_the_report(world, reports):
    headers = token_for(world, "hp_khcn")
    assert Client().get(f"/api/v1/reports/{reports['bql'].pk}", **headers).status_code == 404
    assert Client().get(f"/api/v1/reports/{reports['bql'].pk}/versions", **headers).status_code == 404


def test_a_draft_has_no_sent_version(world, reports):
    response = Client().get(f"/api/v1/reports/{reports['bql'].pk}/versions", **token_for(world, "hp_bql"))
    assert response.json() == []
