"""Reviewing a sent report through the API: the receiving unit's reviewer (for the programme's
reports, Sở KH&CN's administrators) accepts it or returns it with a reason, through the same
services as the report's page, naming the ETag it read (If-Match)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from dieuhanh.api.tests.test_report_writes import etag, finish, signed_in, token
from dieuhanh.plans.models import Task
from dieuhanh.reporting import services
from dieuhanh.reporting.models import Audience, Report, ReportRegime, ReportStatus
from dieuhanh.reporting.rules import may_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(world, reporting) -> Report:  # type: ignore[no-untyped-def]
    """The Board's June report, both tasks done, sent by its reporter through the API."""
    report = services.report_open(user=world.users["bql"], period=reporting.june, unit=world.units["hd_bql"])
    client = signed_in(world, "bql")
    response = client.post(f"/api/v1/reports/{report.pk}/submit", HTTP_IF_MATCH=finish(client, report, world))
    assert response.status_code == 200, response.content
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    return report


def accept(client: Client, report: Report, if_match: str | None, **headers: Any):  # type: ignore[no-untyped-def]
    if if_match is not None:
        headers["HTTP_IF_MATCH"] = if_match
    return client.post(f"/api/v1/reports/{report.pk}/accept", **headers)


def give_back(client: Client, report: Report, body: object, if_match: str | None, **headers: Any):  # type: ignore[no-untyped-def]
    if if_match is not None:
        headers["HTTP_IF_MATCH"] = if_match
    return client.post(
        f"/api/v1/reports/{report.pk}/return", json.dumps(body), content_type="application/json", **headers
    )


def test_the_administrator_accepts_a_sent_report_naming_the_etag_it_read(world, sent):
    client = signed_in(world, "admin")
    response = accept(client, sent, etag(client, sent))
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["status_label"]) == ("accepted", "Đã duyệt")
    sent.refresh_from_db()
    assert (sent.status, sent.reviewed_by) == (ReportStatus.ACCEPTED, world.users["admin"])
    # The service's sections did their part: both tasks the report says are done are done.
    done = Task.objects.filter(pk__in=[world.tasks["bql_overdue"].pk, world.tasks["bql_done_late"].pk])
    assert all(t.completed_on is not None for t in done)
    # The answer is the new representation, with the ETag a GET now gives.
    assert response["Content-Location"] == f"/api/v1/reports/{sent.pk}"
    assert response["ETag"] == etag(client, sent)


def test_the_administrator_returns_a_sent_report_with_its_reason(world, sent):
    client = signed_in(world, "admin")
    response = give_back(client, sent, {"reason": "Bổ sung minh chứng cho T-BQL-1"}, etag(client, sent))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "returned"
    assert response.json()["review_comment"] == "Bổ sung minh chứng cho T-BQL-1"
    sent.refresh_from_db()
    assert (sent.status, sent.review_comment) == (ReportStatus.RETURNED, "Bổ sung minh chứng cho T-BQL-1")
    # The unit's reporter reads the reason with the report, and may edit it again.
    mine = signed_in(world, "bql").get(f"/api/v1/reports/{sent.pk}").json()
    assert mine["review_comment"] == "Bổ sung minh chứng cho T-BQL-1"
    assert response["ETag"] == etag(client, sent)


def test_a_return_without_a_reason_is_refused_and_changes_nothing(world, sent):
    client = signed_in(world, "admin")
    current = etag(client, sent)
    missing = give_back(client, sent, {}, current)
    assert missing.status_code == 422
    assert missing.json()["errors"] == [
        {"loc": ["body", "payload", "reason"], "msg": "nội dung “reason” thiếu"}
    ]
    blank = give_back(client, sent, {"reason": "   "}, current)
    assert blank.status_code == 422
    assert blank.json()["errors"] == [
        {"loc": ["body", "reason"], "msg": "Hãy ghi rõ lý do trả lại để đơn vị biết cần sửa gì."}
    ]
    assert (
        blank.json()["detail"]
        == "Báo cáo chưa được trả lại: Hãy ghi rõ lý do trả lại để đơn vị biết cần sửa gì."
    )
    sent.refresh_from_db()
    assert (sent.status, sent.review_comment) == (ReportStatus.SUBMITTED, "")
    # PostgreSQL stores no NUL character: the schema says so, naming it, before any write.
    nul = give_back(client, sent, {"reason": "Bổ sung\x00"}, current)
    assert nul.json()["errors"] == [
        {
            "loc": ["body", "payload", "reason"],
            "msg": "nội dung “reason” chứa ký tự NUL (mã 0), ký tự này không được phép",
        }
    ]
    sent.refresh_from_db()
    assert sent.status == ReportStatus.SUBMITTED


def test_a_review_without_if_match_is_refused_with_428(world, sent):
    client = signed_in(world, "admin")
    assert accept(client, sent, None).status_code == 428
    assert accept(client, sent, "*").status_code == 428
    response = give_back(client, sent, {"reason": "Thiếu số liệu"}, None)
    assert response.status_code == 428
    assert response.json()["detail"].startswith("Thiếu tiêu đề If-Match")
    sent.refresh_from_db()
    assert sent.status == ReportStatus.SUBMITTED


def test_a_review_based_on_a_representation_no_longer_current_is_refused_with_412(world, sent):
    client = signed_in(world, "admin")
    read_before = etag(client, sent)
    # Meanwhile another administrator returns it on the page, and the unit sends it again.
    services.report_return(report_id=sent.pk, user=world.users["admin"], comment="Thiếu minh chứng")
    sent.refresh_from_db()
    services.report_submit(report_id=sent.pk, user=world.users["bql"], version=sent.version)
    response = accept(client, sent, read_before)
    assert response.status_code == 412
    assert response.json()["detail"].startswith("Báo cáo đã thay đổi sau khi bạn đọc")
    sent.refresh_from_db()
    assert sent.status == ReportStatus.SUBMITTED
    assert accept(client, sent, '"0123456789abcdef"').status_code == 412
    assert accept(client, sent, "W/" + etag(client, sent)).status_code == 412


def test_the_units_reporter_may_not_review_its_own_report(world, sent):
    client = signed_in(world, "bql")
    response = accept(client, sent, etag(client, sent))
    assert response.status_code == 403
    assert response.json()["detail"] == "Chỉ quản trị viên của Sở Khoa học và Công nghệ được duyệt báo cáo."
    assert give_back(client, sent, {"reason": "x"}, etag(client, sent)).status_code == 403
    # Asked before If-Match: without it the answer is the same 403, not a 428.
    assert accept(client, sent, None).status_code == 403
    sent.refresh_from_db()
    assert sent.status == ReportStatus.SUBMITTED


def test_a_write_token_of_the_unit_may_not_review_its_report(world, sent):
    headers = token(world, "write")
    response = accept(Client(), sent, etag(Client(), sent, **headers), **headers)
    assert response.status_code == 403
    assert "quản trị viên" in response.json()["detail"]


def test_a_leader_may_read_the_report_but_not_review_it(world, sent):
    client = signed_in(world, "leader")
    assert accept(client, sent, etag(client, sent)).status_code == 403
    assert give_back(client, sent, {"reason": "x"}, etag(client, sent)).status_code == 403


def test_a_read_only_token_may_not_review(world, sent):
    headers = token(world, "read")
    response = accept(Client(), sent, etag(Client(), sent, **headers), **headers)
    assert response.status_code == 403
    assert response.json()["detail"] == "Mã truy cập API này chỉ được đọc, không được ghi."


def test_a_reviewer_does_not_find_a_report_outside_its_scope(world, sent, reporting):
    # The Board reviews the zones' enterprises' reports (an enterprise regime it receives) …
    zones = ReportRegime.objects.create(
        name="Báo cáo quý của doanh nghiệp",
        content="Hoạt động KHCN",
        receiving_unit=world.units["hp_bql"],
        frequency=reporting.regime.frequency,
        starts_on=reporting.regime.starts_on,
        audience=Audience.ENTERPRISES,
    )
    assert may_review(user=world.users["bql"], regime=zones)
    # … but Sở KH&CN's own report is not in its scope: not revealed, before If-Match.
    theirs = services.report_open(
        user=world.users["khcn"], period=reporting.june, unit=world.units["hd_khcn"]
    )
    response = accept(signed_in(world, "bql"), theirs, None)
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy báo cáo."
    assert give_back(signed_in(world, "bql"), theirs, {"reason": "x"}, '"abc"').status_code == 404
    # Likewise the receiving unit's own staff, who do not review the programme's reports.
    assert accept(signed_in(world, "khcn"), sent, '"abc"').status_code == 404


def test_a_report_not_sent_or_already_accepted_is_not_reviewed(world, sent, reporting):
    client = signed_in(world, "admin")
    accepted = accept(client, sent, etag(client, sent))
    assert accepted.status_code == 200
    again = accept(client, sent, accepted["ETag"])
    assert again.status_code == 409
    assert again.json()["detail"] == "Chỉ duyệt hoặc trả lại báo cáo đã gửi; báo cáo này đang “Đã duyệt”."
    draft = services.report_open(
        user=world.users["commune"], period=reporting.june, unit=reporting.old_commune
    )
    response = give_back(client, draft, {"reason": "Chưa gửi"}, etag(client, draft))
    assert response.status_code == 409
    assert response.json()["detail"].endswith("báo cáo này đang “Đang soạn”.")


def test_an_unknown_field_in_the_reason_is_refused(world, sent):
    client = signed_in(world, "admin")
    response = give_back(client, sent, {"reason": "Thiếu", "status": "draft"}, etag(client, sent))
    assert response.status_code == 422
    sent.refresh_from_db()
    assert sent.status == ReportStatus.SUBMITTED
