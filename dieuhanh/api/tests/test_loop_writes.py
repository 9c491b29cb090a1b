"""The steering loop written through the API: meetings and their conclusions, proposals routed
and answered, explanation requests and their answers — each through the page's form and
service, with the page's rules on who may, naming the ETag it read when it changes a resource.

Expectations are worked out from the cast (conftest.py): June 2025's monthly period closes its
figures on 14/06/2025 ("Tháng 6/2025"), July's is the latest begun ("Tháng 7/2025"); the
province record's issuer is "Sở Khoa học và Công nghệ"."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from dieuhanh.api.tests.test_report_writes import signed_in, token
from dieuhanh.core.answers import AnswerState
from dieuhanh.plans.models import Task
from dieuhanh.reporting.models import Report, ReportStatus
from dieuhanh.steering import services
from dieuhanh.steering.models import Conclusion, Explanation, Meeting, Proposal

pytestmark = pytest.mark.django_db

MEETING = {
    "held_on": "2025-07-08",
    "title": "Cuộc họp đánh giá tháng 6",
    "chair": "Phó Chủ tịch UBND",
}
CONCLUSION = {
    "text": "Hoàn thiện Quy chế kinh phí",
    "deliverable": "Dự thảo Quy chế",
    "deadline_text": "trước ngày 31/08/2025",
}


def post(client: Client, url: str, body: object, if_match: str | None = None, **headers: Any):  # type: ignore[no-untyped-def]
    if if_match is not None:
        headers["HTTP_IF_MATCH"] = if_match
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def etag(client: Client, url: str, **headers: Any) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    return response["ETag"]


def errors(response) -> list[tuple[list, str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.content
    return [(e["loc"], e["msg"]) for e in response.json()["errors"]]


@pytest.fixture
def meeting(world, reporting) -> Meeting:  # type: ignore[no-untyped-def]
    return services.meeting_create(
        period=reporting.june,
        held_on=dt.date(2025, 7, 8),
        title="Họp tháng 6",
        chair="",
        user=world.users["leader"],
    )


def conclusion(world) -> dict:  # type: ignore[no-untyped-def]
    return {**CONCLUSION, "lead_unit": world.units["hp_khcn"].pk, "partner_units": [world.units["hp_bql"].pk]}


# --- meetings -------------------------------------------------------------------------------


def test_the_leader_holds_a_meeting_and_reads_it_back_with_the_same_etag(world, reporting):
    client = signed_in(world, "leader")
    response = post(client, "/api/v1/meetings", {**MEETING, "period": reporting.june.pk})
    assert response.status_code == 201, response.content
    made = Meeting.objects.get()
    assert response["Location"] == f"/api/v1/meetings/{made.pk}"
    body = response.json()
    assert (body["title"], body["held_on"], body["chair"], body["period"], body["conclusions"]) == (
        "Cuộc họp đánh giá tháng 6",
        "2025-07-08",
        "Phó Chủ tịch UBND",
        "Tháng 6/2025",
        [],
    )
    assert (made.created_by, made.history.get().history_change_reason) == (
        world.users["leader"],
        "Tạo cuộc họp đánh giá",
    )
    assert response["ETag"] == etag(client, f"/api/v1/meetings/{made.pk}")


def test_the_same_meeting_sent_twice_is_held_once(world, reporting):
    client = signed_in(world, "admin")
    assert post(client, "/api/v1/meetings", {**MEETING, "period": reporting.june.pk}).status_code == 201
    again = post(client, "/api/v1/meetings", {**MEETING, "period": reporting.june.pk})
    assert again.status_code == 409
    assert (
        again.json()["detail"]
        == "Đã có cuộc họp “Cuộc họp đánh giá tháng 6” ngày 08/07/2025 về tháng 6/2025."
    )
    assert Meeting.objects.count() == 1


def test_a_reporter_may_neither_hold_nor_read_a_meeting(world, meeting):
    client = signed_in(world, "bql")
    response = post(client, "/api/v1/meetings", {**MEETING, "period": meeting.period_id})
    assert response.status_code == 403
    assert (
        response.json()["detail"]
        == "Chỉ lãnh đạo tỉnh và Sở Khoa học và Công nghệ tạo được cuộc họp đánh giá."
    )
    read = client.get(f"/api/v1/meetings/{meeting.pk}")
    assert read.status_code == 403
    assert (
        read.json()["detail"]
        == "Chỉ lãnh đạo tỉnh và Sở Khoa học và Công nghệ xem được các cuộc họp đánh giá."
    )
    assert Meeting.objects.count() == 1


def test_a_meeting_before_the_cut_off_or_of_an_unknown_period_is_refused_naming_the_field(world, reporting):
    client = signed_in(world, "leader")
    early = post(
        client, "/api/v1/meetings", {**MEETING, "period": reporting.june.pk, "held_on": "2025-06-10"}
    )
    assert errors(early) == [
        (["body", "held_on"], "Ngày họp 10/06/2025 trước ngày chốt số liệu của kỳ (14/06/2025).")
    ]
    assert early.json()["detail"].startswith("Cuộc họp chưa được tạo: Ngày họp 10/06/2025")
    unknown = post(client, "/api/v1/meetings", {**MEETING, "period": 999999})
    assert errors(unknown) == [(["body", "period"], "Kỳ báo cáo không có trong danh sách.")]
    assert not Meeting.objects.exists()


def test_a_conclusion_becomes_a_task_naming_the_meetings_etag(world, meeting):
    client, url = signed_in(world, "leader"), f"/api/v1/meetings/{meeting.pk}"
    response = post(client, f"{url}/conclusions", conclusion(world), etag(client, url))
    assert response.status_code == 200, response.content
    (line,) = response.json()["conclusions"]
    assert (line["number"], line["lead_unit"]["code"], [u["code"] for u in line["partner_units"]]) == (
        1,
        "hp:so-khcn",
        ["hp:bql-kkt"],
    )
    task = Task.objects.get(pk=line["task_id"])
    assert (task.code, task.due, task.lead_unit) == (
        f"KL{meeting.pk}.1",
        dt.date(2025, 8, 31),
        world.units["hp_khcn"],
    )
    assert response["Content-Location"] == url
    assert response["ETag"] == etag(client, url)


def test_a_conclusion_sent_twice_with_the_etag_it_read_is_recorded_once(world, meeting):
    client, url = signed_in(world, "admin"), f"/api/v1/meetings/{meeting.pk}"
    read = etag(client, url)
    assert post(client, f"{url}/conclusions", conclusion(world), read).status_code == 200
    again = post(client, f"{url}/conclusions", conclusion(world), read)
    assert again.status_code == 412
    assert again.json()["detail"].startswith("Cuộc họp đã thay đổi sau khi bạn đọc")
    assert Conclusion.objects.count() == 1


def test_a_conclusion_without_if_match_is_refused_and_nothing_is_assigned(world, meeting):
    response = post(
        signed_in(world, "leader"), f"/api/v1/meetings/{meeting.pk}/conclusions", conclusion(world)
    )
    assert response.status_code == 428
    assert response.json()["detail"].startswith("Thiếu tiêu đề If-Match: gửi ETag nhận được khi đọc cuộc họp")
    assert not Task.objects.filter(code__startswith="KL").exists()


def test_a_conclusion_with_an_unreadable_deadline_or_an_unknown_lead_names_the_field(world, meeting):
    client, url = signed_in(world, "leader"), f"/api/v1/meetings/{meeting.pk}"
    vague = post(
        client, f"{url}/conclusions", {**conclusion(world), "deadline_text": "sớm nhất"}, etag(client, url)
    )
    ((loc, message),) = errors(vague)
    assert loc == ["body", "deadline_text"]
    assert message.startswith("Không đọc được thời hạn “sớm nhất”; hãy ghi như văn bản")
    unknown = post(
        client, f"{url}/conclusions", {**conclusion(world), "lead_unit": 999999}, etag(client, url)
    )
    assert errors(unknown) == [(["body", "lead_unit"], "Cơ quan không có trong danh sách.")]
    assert not Conclusion.objects.exists()


def test_a_reporter_records_no_conclusion_and_an_unknown_meeting_is_not_found(world, meeting):
    bql = post(
        signed_in(world, "bql"), f"/api/v1/meetings/{meeting.pk}/conclusions", conclusion(world), '"x"'
    )
    assert bql.status_code == 403
    assert bql.json()["detail"] == "Chỉ lãnh đạo tỉnh và Sở Khoa học và Công nghệ ghi được kết luận cuộc họp."
    missing = post(
        signed_in(world, "leader"), "/api/v1/meetings/999999/conclusions", conclusion(world), '"x"'
    )
    assert (missing.status_code, missing.json()["detail"]) == (404, "Không tìm thấy cuộc họp.")


# --- proposals ------------------------------------------------------------------------------


@pytest.fixture
def proposal(world, reporting) -> Proposal:  # type: ignore[no-untyped-def]
    """The Board's one proposal of its accepted July report: to the Sở (nothing in its wording
    names another addressee), due 15 days after 12/08/2025."""
    report = Report.objects.create(
        period=reporting.july,
        unit=world.units["hp_bql"],
        status=ReportStatus.ACCEPTED,
        proposals="Đề nghị hỗ trợ",
    )
    (made,) = services.proposals_from_report(report=report, today=dt.date(2025, 8, 12))
    return made


def route_to_khcn(world) -> dict:  # type: ignore[no-untyped-def]
    return {"addressee": "unit", "addressee_unit": world.units["hp_khcn"].pk, "respond_by": "2025-08-30"}


def test_the_so_routes_a_proposal_to_an_agency_which_then_answers_it(world, proposal):
    url = f"/api/v1/proposals/{proposal.pk}"
    khcn = signed_in(world, "khcn")
    assert khcn.get(url).status_code == 404  # not sent to Sở KH&CN's unit yet
    admin = signed_in(world, "admin")
    routed = post(admin, f"{url}/route", route_to_khcn(world), etag(admin, url))
    assert routed.status_code == 200, routed.content
    body = routed.json()
    assert (body["addressee"], body["addressee_label"], body["respond_by"], body["state"]) == (
        "unit",
        "Sở Khoa học và Công nghệ thành phố Hải Phòng",
        "2025-08-30",
        "pending",
    )
    answered = post(
        khcn, f"{url}/answer", {"state": "answered", "answer": "Đã bố trí kinh phí"}, etag(khcn, url)
    )
    assert answered.status_code == 200, answered.content
    assert (answered.json()["state"], answered.json()["state_label"], answered.json()["answer"]) == (
        "answered",
        "Đã trả lời",
        "Đã bố trí kinh phí",
    )
    proposal.refresh_from_db()
    assert (proposal.state, proposal.answered_by) == (AnswerState.ANSWERED, world.users["khcn"])
    assert answered["ETag"] == etag(khcn, url)


def test_a_reporter_routes_no_proposal_and_another_units_is_not_found(world, proposal):
    url = f"/api/v1/proposals/{proposal.pk}"
    bql = signed_in(world, "bql")  # the proposer reads its own proposal, but does not route it
    response = post(bql, f"{url}/route", route_to_khcn(world), etag(bql, url))
    assert response.status_code == 403
    assert response.json()["detail"] == "Chỉ lãnh đạo tỉnh và Sở Khoa học và Công nghệ chuyển được kiến nghị."
    khcn = post(signed_in(world, "khcn"), f"{url}/answer", {"state": "in_progress"}, '"x"')
    assert (khcn.status_code, khcn.json()["detail"]) == (404, "Không tìm thấy kiến nghị.")


def test_the_proposing_unit_does_not_answer_its_own_proposal(world, proposal):
    url = f"/api/v1/proposals/{proposal.pk}"
    response = post(signed_in(world, "bql"), f"{url}/answer", {"state": "answered", "answer": "Tự trả lời"})
    assert response.status_code == 403  # the rule is asked before If-Match
    assert response.json()["detail"] == "Kiến nghị này không gửi tới đơn vị của bạn."
    assert Proposal.objects.get().state == AnswerState.PENDING


def test_an_answer_sent_twice_is_recorded_once(world, proposal):
    client, url = signed_in(world, "admin"), f"/api/v1/proposals/{proposal.pk}"
    read = etag(client, url)
    first = post(client, f"{url}/answer", {"state": "answered", "answer": "Đã bố trí"}, read)
    assert first.status_code == 200
    assert (
        post(client, f"{url}/answer", {"state": "answered", "answer": "Đã bố trí"}, read).status_code == 412
    )
    again = post(client, f"{url}/answer", {"state": "escalated", "answer": "Chuyển Bộ"}, first["ETag"])
    assert (again.status_code, again.json()["detail"]) == (409, "Mục này đã được trả lời.")
    assert Proposal.objects.get().answer == "Đã bố trí"


def test_a_route_or_an_answer_the_service_refuses_names_the_field(world, proposal):
    client, url = signed_in(world, "admin"), f"/api/v1/proposals/{proposal.pk}"
    to_itself = {**route_to_khcn(world), "addressee_unit": world.units["hp_bql"].pk}
    assert errors(post(client, f"{url}/route", to_itself, etag(client, url))) == [
        (["body", "addressee_unit"], "Không gửi kiến nghị về chính đơn vị đã kiến nghị.")
    ]
    no_unit = {"addressee": "unit", "respond_by": "2025-08-30"}
    assert errors(post(client, f"{url}/route", no_unit, etag(client, url))) == [
        (["body", "addressee_unit"], "Hãy chọn đơn vị phải trả lời kiến nghị.")
    ]
    assert errors(post(client, f"{url}/answer", {"state": "answered"}, etag(client, url))) == [
        (["body", "answer"], "Hãy ghi nội dung trả lời (hoặc nơi đã chuyển tới).")
    ]
    proposal.refresh_from_db()
    assert (proposal.addressee, proposal.state) == ("so", AnswerState.PENDING)


def test_a_read_only_token_answers_nothing(world, proposal):
    headers, url = token(world, "read"), f"/api/v1/proposals/{proposal.pk}"
    response = post(
        Client(), f"{url}/answer", {"state": "in_progress"}, etag(Client(), url, **headers), **headers
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Mã truy cập API này chỉ được đọc, không được ghi."


# --- explanation requests -------------------------------------------------------------------


def ask(world, **more: object) -> dict:  # type: ignore[no-untyped-def]
    due = timezone.localdate() + dt.timedelta(days=10)
    return {
        "subject": "task",
        "task": world.tasks["bql_overdue"].pk,
        "unit": world.units["hp_bql"].pk,
        "question": "Vì sao quá hạn?",
        "due_on": due.isoformat(),
        **more,
    }


def test_the_leader_asks_the_board_to_explain_and_the_board_explains(world, reporting):
    response = post(signed_in(world, "leader"), "/api/v1/explanations", ask(world))
    assert response.status_code == 201, response.content
    body = response.json()
    url = f"/api/v1/explanations/{body['id']}"
    assert response["Location"] == url
    assert (body["about"], body["period"], body["unit"]["code"], body["state"]) == (
        "Nhiệm vụ T-BQL-1. Nhiệm vụ T-BQL-1 về dịch vụ công",
        "Tháng 7/2025",
        "hp:bql-kkt",
        "pending",
    )
    bql, khcn = signed_in(world, "bql"), signed_in(world, "khcn")
    assert [e["id"] for e in bql.get("/api/v1/explanations").json()] == [body["id"]]
    assert khcn.get("/api/v1/explanations").json() == []
    assert (khcn.get(url).status_code, khcn.get(url).json()["detail"]) == (
        404,
        "Không tìm thấy yêu cầu giải trình.",
    )
    answered = post(bql, f"{url}/answer", {"answer": "Chờ vốn"}, etag(bql, url))
    assert answered.status_code == 200, answered.content
    assert (answered.json()["state"], answered.json()["answer"]) == ("answered", "Chờ vốn")
    assert Explanation.objects.get().answered_by == world.users["bql"]


def test_only_the_unit_asked_explains_and_only_once(world, reporting):
    made = post(signed_in(world, "leader"), "/api/v1/explanations", ask(world)).json()
    url = f"/api/v1/explanations/{made['id']}"
    leader = post(signed_in(world, "leader"), f"{url}/answer", {"answer": "Thay đơn vị"})
    assert (leader.status_code, leader.json()["detail"]) == (
        403,
        "Chỉ đơn vị được yêu cầu giải trình mới trả lời được.",
    )
    bql = signed_in(world, "bql")
    read = etag(bql, url)
    assert post(bql, f"{url}/answer", {"answer": "x"}).status_code == 428
    first = post(bql, f"{url}/answer", {"answer": "Chờ vốn"}, read)
    assert post(bql, f"{url}/answer", {"answer": "Chờ vốn"}, read).status_code == 412
    again = post(bql, f"{url}/answer", {"answer": "Đã có vốn"}, first["ETag"])
    assert (again.status_code, again.json()["detail"]) == (409, "Yêu cầu này đã được giải trình.")
    assert Explanation.objects.get().answer == "Chờ vốn"


def test_a_reporter_asks_no_unit_to_explain(world, reporting):
    response = post(signed_in(world, "bql"), "/api/v1/explanations", ask(world))
    assert response.status_code == 403
    assert (
        response.json()["detail"] == "Chỉ lãnh đạo tỉnh và Sở Khoa học và Công nghệ gửi yêu cầu giải trình."
    )
    assert not Explanation.objects.exists()


def test_a_request_the_rules_refuse_names_the_field(world, reporting):
    client = signed_in(world, "admin")
    assert errors(post(client, "/api/v1/explanations", ask(world, task=None))) == [
        (["body", "task"], "Yêu cầu về nhiệm vụ quá hạn phải nêu một nhiệm vụ (và không nêu chỉ tiêu).")
    ]
    assert errors(post(client, "/api/v1/explanations", ask(world, task=999999))) == [
        (["body", "task"], "Không tìm thấy nhiệm vụ mã số 999999.")
    ]
    assert errors(post(client, "/api/v1/explanations", ask(world, due_on="2025-01-01"))) == [
        (["body", "due_on"], "Hạn giải trình 01/01/2025 đã qua.")
    ]
    assert errors(post(client, "/api/v1/explanations", ask(world, unit=world.units["enterprise"].pk)))[0][
        0
    ] == [
        "body",
        "unit",
    ]
    assert not Explanation.objects.exists()


def test_without_a_monthly_period_begun_nobody_is_asked(world):
    response = post(signed_in(world, "leader"), "/api/v1/explanations", ask(world))
    assert (response.status_code, response.json()["detail"]) == (
        409,
        "Chưa có kỳ báo cáo tháng nào đã bắt đầu để gửi yêu cầu giải trình.",
    )


def test_the_explanation_page_sent_twice_says_so_instead_of_failing(world, reporting):
    made = post(signed_in(world, "leader"), "/api/v1/explanations", ask(world)).json()
    page = signed_in(world, "bql")
    for answer in ("Chờ vốn", "Đã có vốn"):
        response = page.post(f"/dieu-hanh/giai-trinh/{made['id']}/", {"answer": answer}, follow=True)
        assert response.status_code == 200
    assert "Yêu cầu này đã được giải trình." in response.content.decode()
    assert Explanation.objects.get().answer == "Chờ vốn"


# --- the description ------------------------------------------------------------------------

WRITES = {
    ("/api/v1/meetings", "post"): False,
    ("/api/v1/meetings/{meeting_id}/conclusions", "post"): True,
    ("/api/v1/proposals/{proposal_id}/route", "post"): True,
    ("/api/v1/proposals/{proposal_id}/answer", "post"): True,
    ("/api/v1/explanations", "post"): False,
    ("/api/v1/explanations/{explanation_id}/answer", "post"): True,
}


def test_every_loop_write_declares_each_status_it_answers(world):
    schema = Client().get("/api/v1/openapi.json").json()
    for (path, method), if_match in WRITES.items():
        operation = schema["paths"][path][method]
        declared = set(operation["responses"])
        expected = {"400", "401", "403", "404", "409", "422"} | (
            {"200", "412", "428"} if if_match else {"201"}
        )
        assert expected <= declared, (path, expected - declared)
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        assert ("If-Match" in headers) == if_match, path
    for path in (
        "/api/v1/meetings/{meeting_id}",
        "/api/v1/proposals/{proposal_id}",
        "/api/v1/explanations/{explanation_id}",
    ):
        assert "ETag" in schema["paths"][path]["get"]["responses"]["200"]["headers"], path


def test_a_nul_character_is_the_bodys_problem_not_a_server_error(world, reporting):
    # PostgreSQL stores no NUL in a string: the schema refuses it before any write.
    response = post(
        signed_in(world, "leader"),
        "/api/v1/meetings",
        {**MEETING, "period": reporting.june.pk, "title": "Họp\x00"},
    )
    assert errors(response) == [
        (["body", "payload", "title"], "nội dung “title” chứa ký tự NUL (mã 0), ký tự này không được phép")
    ]
    assert not Meeting.objects.exists()
