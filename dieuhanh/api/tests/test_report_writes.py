"""Writing a unit's draft through the API: the unit's reporter (a person or a write token of the
unit) updates its tasks, texts and figures and submits; every write names the ETag it read
(If-Match), so a stale one is a 412 and nothing is overwritten; the page's rules decide."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from dieuhanh.accounts.models import ApiToken
from dieuhanh.accounts.services import api_token_create
from dieuhanh.indicators.models import Indicator
from dieuhanh.reporting import autosave, services
from dieuhanh.reporting.models import RegimeIndicator, Report, ReportStatus, ReportVersion, TaskProgress

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world, reporting) -> Report:  # type: ignore[no-untyped-def]
    """The Board's June draft (opened by its Hải Phòng successor): T-BQL-1 and T-BQL-2."""
    return services.report_open(user=world.users["bql"], period=reporting.june, unit=world.units["hd_bql"])


def signed_in(world, who: str = "bql") -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users[who])
    return client


def token(world, access: str, unit: str = "hp_bql") -> dict[str, str]:  # type: ignore[no-untyped-def]
    issued = api_token_create(
        user=world.users["admin"],
        name="Phần mềm một cửa",
        unit=world.units[unit],
        access=ApiToken.Access(access),
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}


def etag(client: Client, report: Report, **headers: Any) -> str:
    response = client.get(f"/api/v1/reports/{report.pk}", **headers)
    assert response.status_code == 200
    return response["ETag"]


def patch(client: Client, report: Report, body: dict, if_match: str | None, **headers: Any):  # type: ignore[no-untyped-def]
    if if_match is not None:
        headers["HTTP_IF_MATCH"] = if_match
    return client.patch(
        f"/api/v1/reports/{report.pk}", json.dumps(body), content_type="application/json", **headers
    )


def test_the_units_reporter_updates_a_task_naming_the_etag_it_read(world, draft):
    client = signed_in(world)
    task = world.tasks["bql_overdue"]
    body = {"tasks": [{"task": task.pk, "progress": "in_progress", "percent": 40, "result": "Đã khảo sát"}]}
    response = patch(client, draft, body, etag(client, draft))
    assert response.status_code == 200, response.content
    line = next(t for t in response.json()["tasks"] if t["code"] == "T-BQL-1")
    assert (line["progress"], line["percent"], line["result"]) == ("in_progress", 40, "Đã khảo sát")
    row = draft.task_updates.get(task=task)
    assert (row.progress, row.percent, row.result) == (TaskProgress.IN_PROGRESS, 40, "Đã khảo sát")
    # The other task's line was not sent and keeps what it had.
    assert draft.task_updates.get(task=world.tasks["bql_done_late"]).progress == TaskProgress.NOT_STARTED
    # The answer is the new representation, with the ETag a GET now gives.
    assert response["ETag"] == etag(client, draft)


def test_the_answer_of_a_write_names_the_etag_of_the_next_write(world, draft):
    client = signed_in(world)
    first = patch(client, draft, {"highlights": "Số hóa 12 hồ sơ"}, etag(client, draft))
    second = patch(client, draft, {"difficulties": "Thiếu nhân lực"}, first["ETag"])
    assert second.status_code == 200
    draft.refresh_from_db()
    assert (draft.highlights, draft.difficulties) == ("Số hóa 12 hồ sơ", "Thiếu nhân lực")


def test_a_write_token_of_the_unit_saves_the_draft(world, draft):
    headers = token(world, "write")
    response = patch(
        Client(), draft, {"proposals": "Bổ sung kinh phí"}, etag(Client(), draft, **headers), **headers
    )
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert draft.proposals == "Bổ sung kinh phí"
    assert draft.updated_by.username.startswith("api-")  # the audit names the service account


def test_a_read_only_token_may_not_write_the_report(world, draft):
    headers = token(world, "read")
    response = patch(Client(), draft, {"proposals": "x"}, etag(Client(), draft, **headers), **headers)
    assert response.status_code == 403
    assert response.json()["detail"] == "Mã truy cập API này chỉ được đọc, không được ghi."


@pytest.mark.parametrize("who", ["leader", "admin"])
def test_a_role_that_does_not_file_may_not_write_a_units_report(world, draft, who):
    client = signed_in(world, who)
    response = patch(client, draft, {"proposals": "x"}, etag(client, draft))
    assert response.status_code == 403
    assert "chỉ cán bộ báo cáo của đơn vị" in response.json()["detail"]
    submit = client.post(f"/api/v1/reports/{draft.pk}/submit", HTTP_IF_MATCH=etag(client, draft))
    assert submit.status_code == 403


def test_another_units_reporter_does_not_find_the_report(world, draft):
    response = patch(signed_in(world, "khcn"), draft, {"proposals": "x"}, '"abc"')
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy báo cáo."
    response = patch(Client(), draft, {"proposals": "x"}, '"abc"', **token(world, "write", "hp_khcn"))
    assert response.status_code == 404


def test_a_write_without_if_match_is_refused_with_428(world, draft):
    response = patch(signed_in(world), draft, {"proposals": "x"}, None)
    assert response.status_code == 428
    assert response.json()["detail"].startswith("Thiếu tiêu đề If-Match")
    assert patch(signed_in(world), draft, {"proposals": "x"}, "*").status_code == 428
    malformed = patch(signed_in(world), draft, {"proposals": "x"}, "{}")
    assert malformed.status_code == 428
    assert malformed.json()["detail"].startswith("Tiêu đề If-Match không phải ETag")
    draft.refresh_from_db()
    assert draft.proposals == ""


def test_a_write_based_on_what_someone_saved_over_is_refused_with_412(world, draft):
    client = signed_in(world)
    read_before = etag(client, draft)
    # Meanwhile the reporter types on the page, and its autosave writes.
    fields = {"proposals": "Từ trang báo cáo"}
    autosave.report_save_changed(
        report_id=draft.pk, user=world.users["bql"], version=draft.version, fields=fields
    )
    response = patch(client, draft, {"proposals": "Từ phần mềm"}, read_before)
    assert response.status_code == 412
    assert response.json()["detail"].startswith("Báo cáo đã thay đổi sau khi bạn đọc")
    draft.refresh_from_db()
    assert draft.proposals == "Từ trang báo cáo"  # the page's save stands


def test_a_weak_or_unknown_etag_never_matches(world, draft):
    client = signed_in(world)
    current = etag(client, draft)
    assert patch(client, draft, {"proposals": "x"}, f"W/{current}").status_code == 412
    assert patch(client, draft, {"proposals": "x"}, '"0000"').status_code == 412
    assert patch(client, draft, {"proposals": "x"}, f'"0000", {current}').status_code == 200


def test_the_pages_rules_refuse_the_whole_write_naming_the_field(world, draft):
    client = signed_in(world)
    task = world.tasks["bql_overdue"]
    body = {"highlights": "Không được lưu", "tasks": [{"task": task.pk, "progress": "done", "percent": 50}]}
    response = patch(client, draft, body, etag(client, draft))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {
        "loc": ["body", "tasks", 0, "percent"],
        "msg": "Nhiệm vụ T-BQL-1: đã hoàn thành thì tiến độ phải là 100 %.",
    } in errors
    draft.refresh_from_db()
    assert draft.highlights == ""  # nothing of the write was kept


def test_a_task_the_draft_does_not_carry_is_named(world, draft):
    client = signed_in(world)
    other = world.tasks["tc_only"]
    response = patch(client, draft, {"tasks": [{"task": other.pk, "percent": 10}]}, etag(client, draft))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"loc": ["body", "tasks", 0, "task"], "msg": f"Nhiệm vụ mã số {other.pk} không thuộc báo cáo này."}
    ]


def test_a_percent_out_of_range_is_refused_before_the_write(world, draft):
    client = signed_in(world)
    body = {"tasks": [{"task": world.tasks["bql_overdue"].pk, "percent": 150}]}
    response = patch(client, draft, body, etag(client, draft))
    assert response.status_code == 422
    assert response.json()["errors"][0]["msg"] == "nội dung “tasks.0.percent” phải nhỏ hơn hoặc bằng 100"


def finish(client: Client, report: Report, world) -> str:  # type: ignore[no-untyped-def]
    """Both tasks reported done with a result; the new ETag."""
    lines = [
        {
            "task": world.tasks[k].pk,
            "progress": "done",
            "percent": 100,
            "result": "Xong",
            "completed_on": "2025-06-20",
        }
        for k in ("bql_overdue", "bql_done_late")
    ]
    response = patch(client, report, {"tasks": lines}, etag(client, report))
    assert response.status_code == 200, response.content
    return response["ETag"]


def test_submitting_sends_the_report_once(world, draft):
    client = signed_in(world)
    current = finish(client, draft, world)
    response = client.post(f"/api/v1/reports/{draft.pk}/submit", HTTP_IF_MATCH=current)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    # Sent again (a retried request naming the new ETag): still one version.
    again = client.post(f"/api/v1/reports/{draft.pk}/submit", HTTP_IF_MATCH=response["ETag"])
    assert again.status_code == 200
    assert ReportVersion.objects.filter(report=draft).count() == 1


def test_a_sent_report_cannot_be_edited(world, draft):
    client = signed_in(world)
    sent = client.post(f"/api/v1/reports/{draft.pk}/submit", HTTP_IF_MATCH=finish(client, draft, world))
    response = patch(client, draft, {"proposals": "Sửa sau khi gửi"}, sent["ETag"])
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Báo cáo đang ở trạng thái “Đã gửi, chờ duyệt” nên không thể sửa. "
        "Chỉ sửa được khi đang soạn hoặc bị trả lại."
    )


def test_an_incomplete_report_is_not_sent_and_each_gap_is_named(world, draft):
    client = signed_in(world)
    task = world.tasks["bql_overdue"]
    body = {"tasks": [{"task": task.pk, "progress": "done", "percent": 100, "completed_on": "2025-06-20"}]}
    current = patch(client, draft, body, etag(client, draft))["ETag"]
    response = client.post(f"/api/v1/reports/{draft.pk}/submit", HTTP_IF_MATCH=current)
    assert response.status_code == 422
    assert {
        "loc": ["report", "tasks", task.pk, "result"],
        "msg": "Nhiệm vụ T-BQL-1: đã hoàn thành thì cần nêu kết quả đạt được.",
    } in response.json()["errors"]
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT


def test_a_submission_needs_if_match_too(world, draft):
    response = signed_in(world).post(f"/api/v1/reports/{draft.pk}/submit")
    assert response.status_code == 428


@pytest.fixture
def commune_draft(world, reporting) -> Report:  # type: ignore[no-untyped-def]
    share = Indicator.objects.create(
        code="TL_TT", name="Tỷ lệ hồ sơ trực tuyến", unit_of_measure="%", value_kind="percent"
    )
    RegimeIndicator.objects.create(regime=reporting.regime, indicator=share, unit_kind="commune", order=1)
    return services.report_open(
        user=world.users["commune"], period=reporting.june, unit=reporting.old_commune
    )


def test_the_communes_reporter_writes_the_figure_of_an_indicator(world, commune_draft):
    client = signed_in(world, "commune")
    body = {"indicator_values": [{"indicator": "TL_TT", "value": 87.5, "comment": "Theo cổng DVC"}]}
    response = patch(client, commune_draft, body, etag(client, commune_draft))
    assert response.status_code == 200, response.content
    assert response.json()["indicator_values"][0]["value"] == 87.5
    row = commune_draft.indicator_values.get()
    assert (row.value, row.comment) == (87.5, "Theo cổng DVC")


def test_a_figure_the_indicator_refuses_is_named_with_the_indicator(world, commune_draft):
    client = signed_in(world, "commune")
    body = {"indicator_values": [{"indicator": "TL_TT", "value": 130}]}
    response = patch(client, commune_draft, body, etag(client, commune_draft))
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["loc"] == ["body", "indicator_values", 0, "value"]
    assert error["msg"].startswith("Chỉ số TL_TT (Tỷ lệ hồ sơ trực tuyến): ")
    assert commune_draft.indicator_values.get().value is None


def test_an_indicator_the_report_does_not_ask_is_named(world, commune_draft):
    client = signed_in(world, "commune")
    body = {"indicator_values": [{"indicator": "KHONG_CO", "value": 1}]}
    response = patch(client, commune_draft, body, etag(client, commune_draft))
    assert response.status_code == 422
    assert response.json()["errors"][0]["msg"] == "Chỉ số “KHONG_CO” không được hỏi trong báo cáo này."


def test_a_save_landing_between_the_etag_check_and_the_write_is_still_refused(world, draft, monkeypatch):
    """The ETag is checked on the report as read; a save that lands after that read but before
    the write is caught by the service's version check under the row lock: 412, not overwritten."""
    from dieuhanh.api import reports as api_reports

    client = signed_in(world)
    read_before = etag(client, draft)
    as_read = Report.objects.get(pk=draft.pk)
    fields = {"proposals": "Từ trang báo cáo"}
    autosave.report_save_changed(
        report_id=draft.pk, user=world.users["bql"], version=draft.version, fields=fields
    )
    # The API's read happened before the page's save: it sees the report as it was.
    monkeypatch.setattr(api_reports.selectors, "report_get", lambda **_: as_read)
    response = patch(client, draft, {"proposals": "Từ phần mềm"}, read_before)
    assert response.status_code == 412
    assert "sau khi bạn mở trang" in response.json()["detail"]
    draft.refresh_from_db()
    assert draft.proposals == "Từ trang báo cáo"


def test_an_empty_body_or_an_unknown_field_changes_nothing_and_is_refused(world, draft):
    client = signed_in(world)
    current = etag(client, draft)
    empty = patch(client, draft, {}, current)
    assert empty.status_code == 422
    assert "gửi ít nhất một trường cần sửa" in empty.json()["detail"]
    unknown = patch(client, draft, {"tieu_de": "x"}, current)
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["msg"] == "nội dung “tieu_de” không phải trường được nhận"
    not_an_object = client.patch(
        f"/api/v1/reports/{draft.pk}", '""', content_type="application/json", HTTP_IF_MATCH=current
    )
    assert not_an_object.status_code == 422
    draft.refresh_from_db()
    assert draft.version == 1


def test_a_nul_character_in_any_text_of_the_draft_is_named_and_nothing_is_saved(world, draft):
    # PostgreSQL stores no NUL in a string: on it this was a server error, on SQLite it was kept.
    client = signed_in(world)
    task = world.tasks["bql_overdue"]
    body = {"highlights": "Kết quả\x00", "tasks": [{"task": task.pk, "result": "a\x00b"}]}
    response = patch(client, draft, body, etag(client, draft))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "loc": ["body", "payload", "highlights"],
            "msg": "nội dung “highlights” chứa ký tự NUL (mã 0), ký tự này không được phép",
        },
        {
            "loc": ["body", "payload", "tasks", 0, "result"],
            "msg": "nội dung “tasks.0.result” chứa ký tự NUL (mã 0), ký tự này không được phép",
        },
    ]
    draft.refresh_from_db()
    assert (draft.highlights, draft.version) == ("", 1)
