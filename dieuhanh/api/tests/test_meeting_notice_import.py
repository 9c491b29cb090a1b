"""A signed conclusion notice imported through the API, as on the meeting's page: the same
service reads it through the plan extractor, all or nothing, naming the meeting's ETag.

The cast (conftest.py): the Sở KH&CN of Hải Phòng is `hp_khcn`; the meeting is June 2025's,
held on 08/07/2025 by the leader."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dieuhanh.api.tests.test_loop_writes import etag, meeting  # noqa: F401 (fixture)
from dieuhanh.api.tests.test_report_writes import signed_in, token
from dieuhanh.plans.models import Task
from dieuhanh.steering import services
from dieuhanh.steering.models import Conclusion
from dieuhanh.steering.tests.test_loop import KHCN_ITEM, _notice

pytestmark = pytest.mark.django_db

UNKNOWN_LEAD = "2. Sở Nội vụ chủ trì hoàn thiện phương án bố trí nhân lực, hoàn thành trong tháng 11/2025."


def send(client: Client, url: str, data: bytes, name: str, if_match: str | None = None, **headers: Any):  # type: ignore[no-untyped-def]
    if if_match is not None:
        headers["HTTP_IF_MATCH"] = if_match
    return client.post(url, {"file": SimpleUploadedFile(name, data)}, **headers)


def test_the_leader_imports_a_signed_notice_and_each_conclusion_becomes_a_task(world, meeting):  # noqa: F811
    client = signed_in(world, "leader")
    url = f"/api/v1/meetings/{meeting.pk}"
    response = send(client, f"{url}/conclusions/import", _notice(KHCN_ITEM), "tb-125.docx", etag(client, url))
    assert response.status_code == 200, response.content
    assert response["X-Imported-Count"] == "1"
    (line,) = response.json()["conclusions"]
    assert (line["number"], line["lead_unit"]["id"], line["deadline_text"]) == (
        1,
        world.units["hp_khcn"].pk,
        "hoàn thành trước ngày 31/12/2025",  # the notice's own words
    )
    task = Task.objects.get(pk=line["task_id"])
    assert (task.due.isoformat(), task.document.number) == ("2025-12-31", "125/TB-UBND")
    assert response.json()["notice"] == task.document.title
    # The answer is the meeting's new representation: its ETag is the next write's If-Match.
    assert response["ETag"] == etag(client, url)


def test_a_plain_text_notice_is_read_as_the_page_reads_it(world, meeting):  # noqa: F811
    client = signed_in(world, "admin")
    url = f"/api/v1/meetings/{meeting.pk}"
    text = "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG\nSố: 125/TB-UBND\nTHÔNG BÁO\nII. NHIỆM VỤ GIAO\n" + KHCN_ITEM
    response = send(client, f"{url}/conclusions/import", text.encode(), "tb-125.txt", etag(client, url))
    assert response.status_code == 200, response.content
    assert [c.lead_unit for c in Conclusion.objects.all()] == [world.units["hp_khcn"]]


def test_the_same_notice_sent_twice_with_the_etag_it_read_is_imported_once(world, meeting):  # noqa: F811
    client = signed_in(world, "leader")
    url = f"/api/v1/meetings/{meeting.pk}"
    read = etag(client, url)
    assert send(client, f"{url}/conclusions/import", _notice(KHCN_ITEM), "tb.docx", read).status_code == 200
    again = send(client, f"{url}/conclusions/import", _notice(KHCN_ITEM), "tb.docx", read)
    assert again.status_code == 412
    assert Conclusion.objects.count() == 1


def test_a_notice_without_if_match_is_refused_and_nothing_is_assigned(world, meeting):  # noqa: F811
    response = send(
        signed_in(world, "leader"),
        f"/api/v1/meetings/{meeting.pk}/conclusions/import",
        _notice(KHCN_ITEM),
        "tb.docx",
    )
    assert response.status_code == 428
    assert (
        not Conclusion.objects.exists() and not Task.objects.filter(document__number="125/TB-UBND").exists()
    )


def test_a_notice_with_one_unknown_lead_is_refused_whole_naming_the_conclusion(world, meeting):  # noqa: F811
    client = signed_in(world, "leader")
    url = f"/api/v1/meetings/{meeting.pk}"
    response = send(
        client, f"{url}/conclusions/import", _notice(KHCN_ITEM, UNKNOWN_LEAD), "tb.docx", etag(client, url)
    )
    assert response.status_code == 422, response.content
    assert [(e["loc"], e["msg"]) for e in response.json()["errors"]] == [
        (
            ["body", "file"],
            "Kết luận 2 (đoạn 7): không xác định được cơ quan chủ trì (văn bản ghi: Sở Nội vụ).",
        )
    ]
    assert response.json()["detail"].startswith("Chưa nhập kết luận nào")
    assert not Conclusion.objects.exists()


def test_a_picture_or_an_empty_file_is_refused_in_vietnamese(world, meeting):  # noqa: F811
    client = signed_in(world, "leader")
    url = f"/api/v1/meetings/{meeting.pk}"
    png = send(
        client, f"{url}/conclusions/import", b"\x89PNG\r\n\x1a\n" + b"0" * 64, "anh.png", etag(client, url)
    )
    assert png.status_code == 422
    assert "anh.png là ảnh PNG" in png.json()["errors"][0]["msg"]
    empty = send(client, f"{url}/conclusions/import", b"", "rong.docx", etag(client, url))
    assert empty.status_code == 422
    assert not Conclusion.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(world, meeting, monkeypatch):  # noqa: F811
    monkeypatch.setattr(services, "MAX_NOTICE_BYTES", 1024)
    data = _notice(KHCN_ITEM)
    assert len(data) > 1024
    # An upload whose bytes may not be touched: the size alone must refuse it.
    upload = SimpleNamespace(
        name="tb-lon.docx", size=len(data), read=lambda: pytest.fail("read before sized")
    )
    with pytest.raises(ValidationError) as exc:
        services.notice_read(upload)  # type: ignore[arg-type]
    assert exc.value.messages == ["Tệp “tb-lon.docx” lớn hơn 20 MB: không đọc được làm thông báo kết luận."]
    client = signed_in(world, "leader")
    url = f"/api/v1/meetings/{meeting.pk}"
    response = send(client, f"{url}/conclusions/import", data, "tb-lon.docx", etag(client, url))
    assert response.status_code == 422
    assert response.json()["errors"][0]["msg"].startswith("Tệp “tb-lon.docx” lớn hơn 20 MB")


def test_no_file_is_a_422_naming_the_file_field(world, meeting):  # noqa: F811
    client = signed_in(world, "leader")
    url = f"/api/v1/meetings/{meeting.pk}"
    response = client.post(f"{url}/conclusions/import", {}, HTTP_IF_MATCH=etag(client, url))
    assert response.status_code == 422
    assert response.json()["detail"] == "Yêu cầu không hợp lệ: tệp “file” thiếu."


def test_a_reporter_or_a_units_token_imports_nothing_and_an_unknown_meeting_is_not_found(world, meeting):  # noqa: F811
    url = f"/api/v1/meetings/{meeting.pk}/conclusions/import"
    reporter = send(signed_in(world, "bql"), url, _notice(KHCN_ITEM), "tb.docx", '"x"')
    assert reporter.status_code == 403
    assert (
        reporter.json()["detail"]
        == "Chỉ lãnh đạo tỉnh và Sở Khoa học và Công nghệ nhập được kết luận cuộc họp."
    )
    machine = send(Client(), url, _notice(KHCN_ITEM), "tb.docx", '"x"', **token(world, "write"))
    assert machine.status_code == 403
    missing = send(
        signed_in(world, "leader"),
        "/api/v1/meetings/999999/conclusions/import",
        _notice(KHCN_ITEM),
        "tb.docx",
        '"x"',
    )
    assert missing.status_code == 404
    assert not Conclusion.objects.exists()
