"""`updated_since` on the lists whose rows have a modification time: a machine client that synced
at a moment asks only for what changed from it on (at that very moment included).

Every expectation below is worked out from the fixture: the cast is built now (its rows' times
are today's), then one row of each list is changed at a moment fixed far in the future
(05/01/2090 08:00, Việt Nam time = 01:00 UTC), so only that row is at or after it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from dieuhanh.indicators.tests.factories import indicator, put
from dieuhanh.plans.models import Document, Target
from dieuhanh.reporting import autosave, services
from dieuhanh.reporting.models import Report, ReportStatus
from dieuhanh.steering import services as loop

pytestmark = pytest.mark.django_db

CHANGED = dt.datetime(2090, 1, 5, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

# The same moment written every way a client may: with an offset, in UTC, without an offset
# (Việt Nam's time), and a date alone (its midnight, Việt Nam's time).
AT_THE_CHANGE = ["2090-01-05T08:00:00+07:00", "2090-01-05T01:00:00Z", "2090-01-05T08:00:00", "2090-01-05"]
# One second (and one microsecond) after it: nothing changed since.
AFTER_THE_CHANGE = [
    "2090-01-05T22:36:01+21:36",  # an offset ISO 8601 allows and PostgreSQL would refuse
    "2090-01-05T08:00:01+07:00",
    "2090-01-05T01:00:00.000001Z",
    "2090-01-05T08:00:01",
]


def signed_in(world, who: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users[who])
    return client


def get(client: Client, url: str, since: str):  # type: ignore[no-untyped-def]
    return client.get(url, {"updated_since": since})


@pytest.fixture
def reports(world, reporting):  # type: ignore[no-untyped-def]
    """The Board's June report (its Hải Dương predecessor's) and July one; June saved at CHANGED."""
    bql = world.users["bql"]
    june = services.report_open(user=bql, period=reporting.june, unit=world.units["hd_bql"])
    july = services.report_open(user=bql, period=reporting.july, unit=world.units["hp_bql"])
    # Saved on the page (its autosave), as the reporter types; a session would not last till 2090.
    with time_machine.travel(CHANGED, tick=False):
        autosave.report_save_changed(
            report_id=june.pk, user=bql, version=june.version, fields={"highlights": "Số hóa 12 hồ sơ"}
        )
    june.refresh_from_db()
    assert (june.highlights, june.updated_at) == ("Số hóa 12 hồ sơ", CHANGED)
    return june, july


@pytest.mark.parametrize("since", AT_THE_CHANGE)
def test_only_the_report_saved_since_the_moment_is_listed(world, reports, since):
    june, _ = reports
    response = get(signed_in(world, "bql"), "/api/v1/reports", since)
    assert response.status_code == 200
    assert [r["id"] for r in response.json()] == [june.pk]
    assert response["X-Total-Count"] == "1"


@pytest.mark.parametrize("since", AFTER_THE_CHANGE)
def test_no_report_is_listed_after_the_last_change(world, reports, since):
    assert get(signed_in(world, "bql"), "/api/v1/reports", since).json() == []


def test_a_moment_before_every_change_lists_every_report_in_scope(world, reports):
    june, july = reports
    body = get(signed_in(world, "bql"), "/api/v1/reports", "2020-01-01T00:00:00Z").json()
    assert [r["id"] for r in body] == [july.pk, june.pk]  # the later period first
    # Another unit's reporter sees neither, whatever the moment.
    assert get(signed_in(world, "khcn"), "/api/v1/reports", "2020-01-01T00:00:00Z").json() == []


def test_only_the_task_changed_since_the_moment_is_listed(world):
    task = world.tasks["bql_overdue"]
    with time_machine.travel(CHANGED, tick=False):
        task.deliverable = "Báo cáo kết quả khảo sát"
        task.save()
    for since in AT_THE_CHANGE:
        body = get(signed_in(world, "leader"), "/api/v1/tasks", since).json()
        assert [t["code"] for t in body] == ["T-BQL-1"], since
    for since in AFTER_THE_CHANGE:
        assert get(signed_in(world, "leader"), "/api/v1/tasks", since).json() == [], since
    # The Board's reporter sees its task changed; Sở KH&CN's, whose scope it is not in, does not.
    assert [t["code"] for t in get(signed_in(world, "bql"), "/api/v1/tasks", AT_THE_CHANGE[0]).json()] == [
        "T-BQL-1"
    ]
    assert get(signed_in(world, "khcn"), "/api/v1/tasks", AT_THE_CHANGE[0]).json() == []


def test_only_the_value_recorded_since_the_moment_is_listed(world):
    ind = indicator("DVC_HS")
    put(ind, world.units["hp_bql"], "202504", 10)
    with time_machine.travel(CHANGED, tick=False):
        put(ind, world.units["hp_khcn"], "202505", 30)
    url = "/api/v1/indicators/DVC_HS/values"
    for since in AT_THE_CHANGE:
        body = get(signed_in(world, "leader"), url, since).json()
        assert [(v["unit"]["code"], v["period"], v["value"]) for v in body] == [
            ("hp:so-khcn", "202505", 30)
        ], since
    for since in AFTER_THE_CHANGE:
        assert get(signed_in(world, "leader"), url, since).json() == [], since


def listed(world, who: str, url: str, key: str, since: str) -> list:  # type: ignore[no-untyped-def]
    response = get(signed_in(world, who), url, since)
    assert response.status_code == 200, response.content
    return [row[key] for row in response.json()]


def assert_only_changed(world, who: str, url: str, key: str, expected: list) -> None:  # type: ignore[no-untyped-def]
    for since in AT_THE_CHANGE:
        assert listed(world, who, url, key, since) == expected, since
    for since in AFTER_THE_CHANGE:
        assert listed(world, who, url, key, since) == [], since


def test_only_the_unit_renamed_since_the_moment_is_listed(world):
    unit = world.units["hp_bql"]
    with time_machine.travel(CHANGED, tick=False):
        unit.short_name = "BQL KKT"
        unit.save()
    assert_only_changed(world, "leader", "/api/v1/units", "code", ["hp:bql-kkt"])
    # Before it, every unit valid today (the successors, the commune, the enterprises…).
    assert "hp:so-khcn" in listed(world, "leader", "/api/v1/units", "code", "2020-01-01")


def test_only_the_document_edited_since_the_moment_is_listed(world):
    Document.objects.create(kind="decision", number="15/QĐ-UBND", title="Quyết định giao chỉ tiêu")
    with time_machine.travel(CHANGED, tick=False):
        world.document.title = "Kế hoạch thực hiện Nghị quyết 03/NQ-CP (sửa đổi)"
        world.document.save()
    assert_only_changed(world, "khcn", "/api/v1/documents", "number", ["726/KH-UBND"])


def test_a_target_is_listed_when_it_is_edited_since_the_moment(world):
    target = Target.objects.get(code="CT-DVC")
    with time_machine.travel(CHANGED, tick=False):
        target.name = "Sử dụng dịch vụ công trực tuyến toàn trình"
        target.save()
    assert_only_changed(world, "leader", "/api/v1/targets", "code", ["CT-DVC"])


def test_a_target_is_listed_when_a_figure_of_its_indicator_is_recorded_since_the_moment(world):
    target = Target.objects.get(code="CT-DVC")
    ind = indicator("DVC_TL", unit_of_measure="%")
    ind.targets.add(target)
    put(ind, world.units["hp"], "2024", 40)
    assert listed(world, "leader", "/api/v1/targets", "code", AT_THE_CHANGE[0]) == []
    with time_machine.travel(CHANGED, tick=False):
        put(ind, world.units["hp"], "2025", 55)
    assert_only_changed(world, "leader", "/api/v1/targets", "code", ["CT-DVC"])


def test_only_the_meeting_concluded_since_the_moment_is_listed(world, reporting):
    leader = world.users["leader"]
    kept, concluded = (
        loop.meeting_create(period=reporting.june, held_on=held_on, title=title, chair="", user=leader)
        for held_on, title in ((dt.date(2025, 7, 8), "Họp tháng 6"), (dt.date(2025, 7, 9), "Họp bổ sung"))
    )
    data = loop.ConclusionInput(
        text="Hoàn thiện Quy chế", lead_unit=world.units["hp_khcn"], deadline_text="trước ngày 31/08/2025"
    )
    with time_machine.travel(CHANGED, tick=False):
        loop.conclusion_record(meeting=concluded, data=data, user=leader)
    assert_only_changed(world, "admin", "/api/v1/meetings", "title", ["Họp bổ sung"])
    assert kept.title in listed(world, "admin", "/api/v1/meetings", "title", "2020-01-01")


def test_only_the_proposal_answered_since_the_moment_is_listed(world, reporting):
    report = Report.objects.create(
        period=reporting.july,
        unit=world.units["hp_bql"],
        status=ReportStatus.ACCEPTED,
        proposals="Đề nghị hỗ trợ kinh phí\nĐề nghị hướng dẫn",
    )
    funding, _ = loop.proposals_from_report(report=report, today=dt.date(2025, 8, 12))
    with time_machine.travel(CHANGED, tick=False):
        loop.proposal_answer(
            proposal=funding, state="answered", answer="Đã bố trí", user=world.users["admin"]
        )
    assert_only_changed(world, "bql", "/api/v1/proposals", "text", ["Đề nghị hỗ trợ kinh phí"])


def test_only_the_explanation_given_since_the_moment_is_listed(world, reporting):
    asked = [
        loop.explanation_request(
            subject="report",
            unit=world.units["hp_bql"],
            period=reporting.july,
            question=question,
            due_on=dt.date(2090, 12, 31),
            user=world.users["leader"],
        )
        for question in ("Vì sao chưa gửi báo cáo?", "Vì sao gửi muộn?")
    ]
    with time_machine.travel(CHANGED, tick=False):
        loop.explanation_answer(explanation=asked[1], answer="Thiếu người", user=world.users["bql"])
    assert_only_changed(world, "bql", "/api/v1/explanations", "question", ["Vì sao gửi muộn?"])


LISTS = [
    "/api/v1/tasks",
    "/api/v1/reports",
    "/api/v1/indicators/DVC_HS/values",
    "/api/v1/units",
    "/api/v1/documents",
    "/api/v1/targets",
    "/api/v1/meetings",
    "/api/v1/proposals",
    "/api/v1/explanations",
]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(
    "since",
    [
        "hôm qua",
        "0",
        "1700000000",
        "05/01/2090",
        "2090-13-01T00:00:00",
        "0001-01-01T00:00:00",
        "9999-12-31T23:00-05:00",
    ],
)
def test_a_malformed_moment_is_refused_in_vietnamese(world, url, since):
    indicator("DVC_HS")
    response = get(signed_in(world, "leader"), url, since)
    assert response.status_code == 422
    problem = "tham số “updated_since” phải là thời điểm dạng ISO 8601, ví dụ 2025-07-01T08:00:00+07:00"
    assert response.json()["errors"] == [{"loc": ["query", "updated_since"], "msg": problem}]
    assert response.json()["detail"] == f"Yêu cầu không hợp lệ: {problem}."


def test_the_filter_is_declared_as_a_moment_on_each_list(world):
    schema = Client().get("/api/v1/openapi.json").json()
    for path in [url.replace("DVC_HS", "{code}") for url in LISTS]:
        params = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        declared = params["updated_since"]["schema"]
        options = declared.get("anyOf", [declared])
        assert {"type": "string", "format": "date-time"} in options, (path, declared)
