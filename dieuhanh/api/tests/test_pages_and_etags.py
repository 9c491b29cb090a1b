"""Pages, filters and ETags of the task list: the body stays an array; the headers give the
total and the next page; a GET naming the current ETag is a 304."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def leader(world) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users["leader"])
    return client


def test_a_page_of_one_task_says_the_total_and_links_the_next(world):
    everything = leader(world).get("/api/v1/tasks").json()
    response = leader(world).get("/api/v1/tasks?limit=1&offset=0")
    assert [t["code"] for t in response.json()] == [everything[0]["code"]]
    assert response["X-Total-Count"] == str(len(everything))
    assert response["Link"] == '<http://testserver/api/v1/tasks?limit=1&offset=1>; rel="next"'


def test_the_last_page_has_no_next_link(world):
    total = len(leader(world).get("/api/v1/tasks").json())
    response = leader(world).get(f"/api/v1/tasks?limit=1&offset={total - 1}")
    assert len(response.json()) == 1
    assert "Link" not in response


def test_a_limit_above_500_is_refused_in_vietnamese(world):
    response = leader(world).get("/api/v1/tasks?limit=501")
    assert response.status_code == 422
    assert "limit" in response.json()["detail"]


def test_tasks_filtered_by_lead_unit_are_that_units_only(world):
    bql = world.units["hd_bql"]
    body = leader(world).get(f"/api/v1/tasks?lead_unit={bql.pk}").json()
    assert sorted(t["code"] for t in body) == ["T-BQL-1", "T-BQL-2"]


def test_tasks_filtered_by_a_plan_that_has_none_are_empty(world):
    response = leader(world).get("/api/v1/tasks?plan=999999")
    assert response.json() == []
    assert response["X-Total-Count"] == "0"


def test_tasks_filtered_by_their_plan_are_the_plans(world):
    document = world.document
    body = leader(world).get(f"/api/v1/tasks?plan={document.pk}").json()
    assert "T-BQL-1" in {t["code"] for t in body}


def test_a_read_carries_an_etag_and_the_same_etag_again_is_304(world):
    client = leader(world)
    first = client.get("/api/v1/tasks")
    etag = first["ETag"]
    assert etag.startswith('"') and len(etag) == 34
    again = client.get("/api/v1/tasks", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""


def test_an_older_etag_gets_the_full_list(world):
    response = leader(world).get("/api/v1/tasks", HTTP_IF_NONE_MATCH='"0000"')
    assert response.status_code == 200 and response.json()


def test_another_units_reader_gets_another_etag(world):
    bql = Client()
    bql.force_login(world.users["bql"])
    assert bql.get("/api/v1/tasks")["ETag"] != leader(world).get("/api/v1/tasks")["ETag"]


def test_the_documents_are_the_plans_source_documents(world):
    body = leader(world).get("/api/v1/documents").json()
    assert [d["number"] for d in body] == [str(world.document.number)]


def test_a_tasks_history_starts_with_its_creation(world):
    task = world.tasks["bql_overdue"]
    body = leader(world).get(f"/api/v1/tasks/{task.pk}/history").json()
    assert [h["action"] for h in body] == ["+"]
    assert body[0]["due"] == "2025-06-30"


def test_another_units_task_history_is_not_found_for_a_reporter(world):
    bql = Client()
    bql.force_login(world.users["bql"])
    assert bql.get(f"/api/v1/tasks/{world.tasks['tc_only'].pk}/history").status_code == 404


def test_every_read_declares_its_304_and_the_if_none_match_it_honours(world):
    schema = Client().get("/api/v1/openapi.json").json()
    reads = {path: ops["get"] for path, ops in schema["paths"].items() if "get" in ops}
    assert {"/api/v1/tasks", "/api/v1/reports/{report_id}", "/api/v1/indicators/{code}/values"} <= set(reads)
    for path, read in reads.items():
        assert "ETag" in read["responses"]["304"]["headers"], path
        assert "ETag" in read["responses"]["200"]["headers"], path
        honoured = [p for p in read["parameters"] if (p["in"], p["name"]) == ("header", "If-None-Match")]
        assert len(honoured) == 1 and not honoured[0]["required"], path
    # The paging headers are still declared next to the ETag.
    assert "X-Total-Count" in reads["/api/v1/tasks"]["responses"]["200"]["headers"]
    # A write is never a 304: its condition is If-Match (412, 428).
    writes = [op for ops in schema["paths"].values() for method, op in ops.items() if method != "get"]
    assert writes and all("304" not in op["responses"] for op in writes)


def test_one_task_read_again_with_its_etag_is_the_declared_304(world):
    client = leader(world)
    url = f"/api/v1/tasks/{world.tasks['bql_overdue'].pk}"
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", first["ETag"])
    assert client.get(url, HTTP_IF_NONE_MATCH="*").status_code == 304
