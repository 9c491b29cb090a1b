"""An indicator's recorded values, filtered by unit and period and scoped to the reader's units;
and every list of the API paged the same way (limit/offset, X-Total-Count, Link)."""

from __future__ import annotations

import pytest
from django.test import Client

from dieuhanh.indicators.services import data_value_record
from dieuhanh.indicators.tests.factories import indicator, put

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossiers(world):  # type: ignore[no-untyped-def]
    """Two units' dossiers in two months, and one correction of the Board's May figure."""
    ind = indicator("DVC_HS")
    u = world.units
    put(ind, u["hp_bql"], "202504", 10)
    put(ind, u["hp_bql"], "202505", 12)
    put(ind, u["hp_khcn"], "202505", 30)
    data_value_record(
        indicator=ind, unit=u["hp_bql"], period="202505", value=14, source="demo", user=world.users["admin"]
    )
    return ind


def as_user(world, who: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users[who])
    return client


def cells(body: list[dict]) -> list[tuple[str, str, float]]:
    return [(v["unit"]["code"], v["period"], v["value"]) for v in body]


def test_a_leader_reads_every_units_current_values_by_period(world, dossiers):
    body = as_user(world, "leader").get("/api/v1/indicators/DVC_HS/values").json()
    assert cells(body) == [
        ("hp:bql-kkt", "202504", 10),
        ("hp:bql-kkt", "202505", 14),
        ("hp:so-khcn", "202505", 30),
    ]


def test_the_corrected_value_is_there_when_asked(world, dossiers):
    body = as_user(world, "leader").get("/api/v1/indicators/DVC_HS/values?current=false&period=202505").json()
    assert sorted(cells(body)) == [
        ("hp:bql-kkt", "202505", 12),
        ("hp:bql-kkt", "202505", 14),
        ("hp:so-khcn", "202505", 30),
    ]
    correction = next(v for v in body if v["value"] == 14)
    assert correction["corrects"] == next(v["id"] for v in body if v["value"] == 12)


def test_values_filtered_by_unit_and_period(world, dossiers):
    url = "/api/v1/indicators/DVC_HS/values?unit=hp:so-khcn&period=202505"
    assert cells(as_user(world, "leader").get(url).json()) == [("hp:so-khcn", "202505", 30)]


def test_a_reporter_reads_only_its_units_values(world, dossiers):
    body = as_user(world, "bql").get("/api/v1/indicators/DVC_HS/values").json()
    assert {v["unit"]["code"] for v in body} == {"hp:bql-kkt"}


def test_another_units_values_are_not_found_for_a_reporter(world, dossiers):
    response = as_user(world, "bql").get("/api/v1/indicators/DVC_HS/values?unit=hp:so-khcn")
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy đơn vị."


def test_an_unknown_indicator_or_period_is_named(world, dossiers):
    client = as_user(world, "leader")
    assert client.get("/api/v1/indicators/KHONG_CO/values").json()["detail"] == "Không tìm thấy chỉ số."
    response = client.get("/api/v1/indicators/DVC_HS/values?period=2025-05")
    assert response.status_code == 422
    assert "period" in response.json()["detail"]


def test_values_are_paged(world, dossiers):
    response = as_user(world, "leader").get("/api/v1/indicators/DVC_HS/values?limit=2")
    assert cells(response.json()) == [("hp:bql-kkt", "202504", 10), ("hp:bql-kkt", "202505", 14)]
    assert response["X-Total-Count"] == "3"
    assert (
        response["Link"] == '<http://testserver/api/v1/indicators/DVC_HS/values?limit=2&offset=2>; rel="next"'
    )


def test_every_list_of_the_api_declares_the_pages_and_their_headers(world):
    """A GET whose answer is an array takes limit and offset and declares both headers."""
    schema = Client().get("/api/v1/openapi.json").json()
    unpaged = []
    lists = set()
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None:
            continue
        ok = get["responses"]["200"]
        body = ok.get("content", {}).get("application/json", {}).get("schema", {})
        if body.get("type") != "array":
            continue
        lists.add(path)
        names = {p["name"] for p in get.get("parameters", [])}
        # Both paging headers (beside the ETag every GET declares).
        if not {"limit", "offset"} <= names or not {"X-Total-Count", "Link"} <= set(ok.get("headers", {})):
            unpaged.append(path)
    assert not unpaged
    assert lists == {
        "/api/v1/tasks",
        "/api/v1/tasks/{task_id}/history",
        "/api/v1/targets",
        "/api/v1/targets/progress",
        "/api/v1/units",
        "/api/v1/documents",
        "/api/v1/reports",
        "/api/v1/reports/{report_id}/versions",
        "/api/v1/indicators",
        "/api/v1/indicators/{code}/values",
        "/api/v1/evaluations",
        "/api/v1/evaluations/heads",
        "/api/v1/evaluation-rounds",
        "/api/v1/meetings",
        "/api/v1/proposals",
        "/api/v1/explanations",
    }


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/indicators",
        "/api/v1/targets/progress",
        "/api/v1/meetings",
        "/api/v1/proposals",
        "/api/v1/units",
        "/api/v1/documents",
    ],
)
def test_every_list_answers_its_total_even_when_the_page_is_empty(world, path):
    sep = "&" if "?" in path else "?"
    response = as_user(world, "admin").get(f"{path}{sep}limit=1&offset=100000")
    assert response.status_code == 200, response.content
    assert response.json() == []
    assert int(response["X-Total-Count"]) >= 0
    assert "Link" not in response
