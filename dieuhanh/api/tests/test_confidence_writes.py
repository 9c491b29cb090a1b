"""Judging the likelihood of delivery through the API: the lead unit (its reporter, a write token
of the unit) records its judgement of its task, Sở KH&CN's administrator the Sở's, through the
confidence page's service, naming the ETag of the confidence it read (If-Match)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from dieuhanh.api.tests.test_report_writes import signed_in, token
from dieuhanh.plans.models import Target
from dieuhanh.steering.models import Confidence

pytestmark = pytest.mark.django_db


def url_of(task) -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/tasks/{task.pk}/confidence"


def etag(client: Client, url: str, **headers: Any) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    return response["ETag"]


def judge(client: Client, url: str, body: object, if_match: str | None, **headers: Any):  # type: ignore[no-untyped-def]
    if if_match is not None:
        headers["HTTP_IF_MATCH"] = if_match
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


GOOD = {"level": 4, "reason": "Chưa có kinh phí cho khảo sát"}


def test_the_lead_units_reporter_records_its_judgement(world, reporting):
    client, url = signed_in(world, "bql"), url_of(world.tasks["bql_overdue"])
    response = judge(client, url, GOOD, etag(client, url))
    assert response.status_code == 200, response.content
    lead = response.json()["lead"]
    assert (lead["judge"], lead["level"], lead["level_label"], lead["reason"]) == (
        "lead",
        4,
        "Khó đạt",
        "Chưa có kinh phí cho khảo sát",
    )
    assert lead["period"] == reporting.july.label  # the latest monthly period begun
    saved = Confidence.objects.get(task=world.tasks["bql_overdue"])
    assert (saved.judge, saved.recorded_by, saved.unit) == ("lead", world.users["bql"], world.units["hp_bql"])
    assert response["Content-Location"] == url
    assert response["ETag"] == etag(client, url)


def test_the_administrator_records_the_sos_judgement_beside_the_leads(world, reporting):
    url = url_of(world.tasks["bql_overdue"])
    bql = signed_in(world, "bql")
    judge(bql, url, {"level": 2, "reason": "Đã có nhà thầu"}, etag(bql, url))
    admin = signed_in(world, "admin")
    response = judge(admin, url, {"level": 4, "reason": "Nhà thầu chậm"}, etag(admin, url))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["lead"]["level"], body["centre"]["level"], body["differs"]) == (2, 4, True)
    assert [h["judge"] for h in body["history"]] == ["lead", "centre"]


def test_the_same_judgement_again_writes_nothing_more(world, reporting):
    client, url = signed_in(world, "bql"), url_of(world.tasks["bql_overdue"])
    first = judge(client, url, GOOD, etag(client, url))
    again = judge(client, url, GOOD, first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] == first["ETag"]
    assert Confidence.objects.filter(task=world.tasks["bql_overdue"]).count() == 1


def test_a_write_token_of_the_lead_unit_records_the_judgement(world, reporting):
    headers, url = token(world, "write"), url_of(world.tasks["bql_overdue"])
    response = judge(Client(), url, GOOD, etag(Client(), url, **headers), **headers)
    assert response.status_code == 200, response.content
    assert Confidence.objects.get().recorded_by.username.startswith("api-")


def test_a_read_only_token_may_not_judge(world, reporting):
    headers, url = token(world, "read"), url_of(world.tasks["bql_overdue"])
    response = judge(Client(), url, GOOD, etag(Client(), url, **headers), **headers)
    assert response.status_code == 403
    assert response.json()["detail"] == "Mã truy cập API này chỉ được đọc, không được ghi."


def test_a_partner_unit_or_a_leader_may_read_but_not_judge(world, reporting):
    # The Board is a partner of Sở KH&CN's task T-KHCN-1: it sees it, but does not lead it.
    for who, task in (("bql", "khcn_with_bql"), ("leader", "bql_overdue")):
        client, url = signed_in(world, who), url_of(world.tasks[task])
        response = judge(client, url, GOOD, etag(client, url))
        assert response.status_code == 403, who
        assert response.json()["detail"] == (
            "Chỉ đơn vị chủ trì và Sở Khoa học và Công nghệ đánh giá được mức độ tin cậy."
        )
        # Asked before If-Match: without it, the same 403.
        assert judge(client, url, GOOD, None).status_code == 403
    assert not Confidence.objects.exists()


def test_another_units_task_is_not_found(world, reporting):
    response = judge(signed_in(world, "khcn"), url_of(world.tasks["bql_overdue"]), GOOD, '"abc"')
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy nhiệm vụ."


def test_a_judgement_without_if_match_or_on_a_stale_read_is_refused(world, reporting):
    client, url = signed_in(world, "bql"), url_of(world.tasks["bql_overdue"])
    read_before = etag(client, url)
    assert judge(client, url, GOOD, None).status_code == 428
    assert judge(client, url, GOOD, "*").status_code == 428
    # Meanwhile the Sở judges it: what the reporter read is no longer the confidence.
    admin = signed_in(world, "admin")
    assert judge(admin, url, {"level": 3, "reason": "Cần theo dõi"}, etag(admin, url)).status_code == 200
    stale = judge(client, url, GOOD, read_before)
    assert stale.status_code == 412
    assert stale.json()["detail"].startswith("Khả năng hoàn thành đã thay đổi sau khi bạn đọc")
    assert list(Confidence.objects.values_list("judge", flat=True)) == ["centre"]


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"level": 6, "reason": "x"}, ["body", "payload", "level"]),
        ({"level": 0, "reason": "x"}, ["body", "payload", "level"]),
        ({"level": 3}, ["body", "payload", "reason"]),
        ({"level": 3, "reason": "x", "judge": "centre"}, ["body", "payload", "judge"]),
        # PostgreSQL stores no NUL character: refused as the body's problem, not a server error.
        ({"level": 3, "reason": "Chờ\x00vốn"}, ["body", "payload", "reason"]),
    ],
)
def test_a_malformed_judgement_is_refused_before_anything_is_written(world, reporting, body, loc):
    client, url = signed_in(world, "bql"), url_of(world.tasks["bql_overdue"])
    response = judge(client, url, body, etag(client, url))
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["errors"]] == [loc]
    assert not Confidence.objects.exists()


def test_a_reason_of_spaces_only_is_the_pages_message(world, reporting):
    client, url = signed_in(world, "bql"), url_of(world.tasks["bql_overdue"])
    response = judge(client, url, {"level": 3, "reason": "   "}, etag(client, url))
    assert response.status_code == 422
    assert response.json()["errors"] == [{"loc": ["body", "reason"], "msg": "Hãy ghi lý do của đánh giá."}]
    assert response.json()["detail"] == "Đánh giá chưa được ghi: Hãy ghi lý do của đánh giá."


def test_the_administrator_judges_a_target(world, reporting):
    target = Target.objects.get(code="CT-DVC")
    client, url = signed_in(world, "admin"), f"/api/v1/targets/{target.pk}/confidence"
    response = judge(client, url, {"level": 2, "reason": "Tỷ lệ tăng đều"}, etag(client, url))
    assert response.status_code == 200, response.content
    assert (response.json()["centre"]["level"], response.json()["lead"]) == (2, None)
    # The target has no lead unit: a reporter judges nothing of it.
    bql = signed_in(world, "bql")
    assert judge(bql, url, GOOD, etag(bql, url)).status_code == 403


def test_without_a_monthly_period_begun_nothing_is_judged(world):
    client, url = signed_in(world, "bql"), url_of(world.tasks["bql_overdue"])
    response = judge(client, url, GOOD, etag(client, url))
    assert response.status_code == 409
    assert response.json()["detail"] == "Chưa có kỳ báo cáo tháng nào đã bắt đầu để ghi đánh giá vào."
