"""The body units report to is named from the province record's issuer, never hard-coded
(issue #14): the pages, the submit message, the review refusal and the evaluation report say
another province's issuer when the record names it."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse
from docx import Document as Docx

from dieuhanh.evaluation import exports
from dieuhanh.evaluation import services as evaluation
from dieuhanh.evaluation.tests.test_cycle import DUE, FIXTURE
from dieuhanh.reporting import services, views
from dieuhanh.units.models import Province, Unit, UnitParent

TODAY = dt.date(2025, 7, 10)
OTHER = "Sở Thông tin và Truyền thông"


@pytest.fixture
def other_issuer(world, reporting, clock):  # type: ignore[no-untyped-def]
    clock(TODAY)
    unit = Unit.objects.create(code="t:stttt", kind=Unit.Kind.AGENCY, name=f"{OTHER} thành phố Hải Phòng")
    UnitParent.objects.create(child=unit, parent=world.units["hp"])
    Province.objects.filter(is_deployed=True).update(issuer=unit)
    return unit


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def test_the_reporters_pages_name_the_province_records_issuer(world, other_issuer) -> None:  # type: ignore[no-untyped-def]
    bob = signed_in(world.users["bql"])
    home = bob.get(reverse("site:home")).content.decode()
    assert f"Báo cáo định kỳ gửi {OTHER} vào ngày 15" in home
    index = bob.get(reverse("reporting:index")).content.decode()
    assert f"Báo cáo tháng gửi {OTHER} trước ngày 15" in index
    assert "Sở Khoa học và Công nghệ" not in home + index


def test_without_an_issuer_the_monthly_regimes_receiving_body_is_named(world, reporting) -> None:  # type: ignore[no-untyped-def]
    page = signed_in(world.users["bql"]).get(reverse("reporting:index")).content.decode()
    assert "gửi Sở Khoa học và Công nghệ trước" in page  # hp_khcn, without "thành phố Hải Phòng"


def test_the_review_refusal_names_the_issuer(world, reporting, other_issuer) -> None:  # type: ignore[no-untyped-def]
    report = services.report_open(user=world.users["bql"], period=reporting.june, unit=world.units["hd_bql"])
    services.report_submit(report_id=report.pk, user=world.users["bql"], version=report.version)
    with pytest.raises(PermissionDenied, match=f"Chỉ quản trị viên của {OTHER} được duyệt báo cáo."):
        services.report_return(report_id=report.pk, user=world.users["bql"], comment="Thiếu số liệu")


def test_the_submit_message_names_the_issuer(world, reporting, other_issuer) -> None:  # type: ignore[no-untyped-def]
    report = services.report_open(user=world.users["bql"], period=reporting.june, unit=world.units["hd_bql"])
    request = RequestFactory().post("/")
    request.user = world.users["bql"]
    request.session = {}  # type: ignore[assignment]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    request.htmx = False  # type: ignore[attr-defined]
    sent = services.report_submit(report_id=report.pk, user=world.users["bql"], version=report.version)
    views._submitted(request, sent, None)  # type: ignore[arg-type]
    said = [str(m) for m in request._messages]  # type: ignore[attr-defined]
    assert said == [f"Đã gửi báo cáo Tháng 6/2025 tới {OTHER}."]


def test_the_evaluation_report_carries_the_one_letterhead(world, other_issuer) -> None:  # type: ignore[no-untyped-def]
    round_ = evaluation.round_open(
        rubric=evaluation.rubric_import(definition=FIXTURE),
        year=2025,
        self_assessment_due=DUE,
        data_as_of=dt.date(2025, 12, 15),
        units=[world.units["hp_bql"]],
    )
    docx = exports.ranking_docx(round_, [], on=dt.date(2026, 1, 5))
    body = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG" in body and "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in body
    assert f"{OTHER} tổng hợp kết quả đánh giá" in body and "Sở Khoa học" not in body


SECOND = "Sở Khoa học, Công nghệ và Đổi mới sáng tạo"
SECOND_SHORT = "Sở KHCN&ĐMST Hải Phòng"


@pytest.fixture
def second_record(world, reporting, clock):  # type: ignore[no-untyped-def]
    """The deployment moved to a second province record whose issuer is another body: the
    first record is kept, not deployed."""
    clock(TODAY)
    first = Province.objects.get(is_deployed=True)
    Province.objects.filter(pk=first.pk).update(is_deployed=False)
    unit = Unit.objects.create(
        code="t:skhcn-dmst",
        kind=Unit.Kind.AGENCY,
        name=f"{SECOND} thành phố Hải Phòng",
        short_name=SECOND_SHORT,
    )
    UnitParent.objects.create(child=unit, parent=world.units["hp"])
    Province.objects.create(
        name="Thành phố Hải Phòng",
        root_before=first.root_before,
        root_after=first.root_after,
        issuer=unit,
        monthly_regime=first.monthly_regime,
    )
    return unit


def _speaks_of_the_second_issuer(page: str) -> str:
    # The first body is still a unit (a reviewer's unit, a task's lead) and is named as such,
    # in full with its place; the text that spoke of the issuer said it without, or abbreviated.
    m = re.search(r"Sở KH&amp;CN|Sở Khoa học và Công nghệ(?! (tỉnh|thành phố) )", page)
    assert m is None, page[m.start() - 200 : m.end() + 100]
    return page


def test_the_reporters_report_page_names_the_second_records_issuer(world, reporting, second_record) -> None:  # type: ignore[no-untyped-def]
    report = services.report_open(user=world.users["bql"], period=reporting.june, unit=world.units["hd_bql"])
    url = reverse("reporting:report", args=[report.pk])
    draft = _speaks_of_the_second_issuer(signed_in(world.users["bql"]).get(url).content.decode())
    assert "báo cáo chỉ sửa được nếu Sở KHCN&amp;ĐMST Hải Phòng trả lại." in draft
    services.report_submit(report_id=report.pk, user=world.users["bql"], version=report.version)
    services.report_return(report_id=report.pk, user=world.users["admin"], comment="Thiếu số liệu")
    returned = _speaks_of_the_second_issuer(signed_in(world.users["bql"]).get(url).content.decode())
    assert "<strong>Sở KHCN&amp;ĐMST Hải Phòng trả lại:</strong> Thiếu số liệu" in returned


def test_the_evaluation_pages_name_the_second_records_issuer(world, second_record) -> None:  # type: ignore[no-untyped-def]
    round_ = evaluation.round_open(
        rubric=evaluation.rubric_import(definition=FIXTURE),
        year=2025,
        self_assessment_due=DUE,
        data_as_of=dt.date(2025, 12, 15),
        units=[world.units["hp_bql"]],
    )
    e = round_.evaluations.get()
    evaluation.evaluation_submit(
        user=world.users["bql"], evaluation_id=e.pk, now=dt.datetime(2025, 12, 10, 10, tzinfo=dt.UTC)
    )
    evaluation.evaluation_appraised(user=world.users["admin"], evaluation_id=e.pk)
    alice = signed_in(world.users["admin"])
    card = alice.get(reverse("evaluation:scorecard", args=[round_.pk, e.unit_id])).content.decode()
    assert "Sở KHCN&amp;ĐMST Hải Phòng rà soát xong</button>" in _speaks_of_the_second_issuer(card)
    index = _speaks_of_the_second_issuer(alice.get(reverse("evaluation:index")).content.decode())
    assert "Sở KHCN&amp;ĐMST Hải Phòng rà soát và công bố." in index
    with pytest.raises(PermissionDenied, match="Chỉ quản trị chương trình \\(Sở KHCN&ĐMST Hải Phòng\\)"):
        evaluation.evaluation_appraised(user=world.users["bql"], evaluation_id=e.pk)


def test_the_steering_pages_name_the_second_records_issuer(world, reporting, second_record) -> None:  # type: ignore[no-untyped-def]
    from dieuhanh.steering import services as steering

    task = world.tasks["tc_only"]
    task.lead_unit = world.units["hp_khcn"]
    task.save()
    now = dt.datetime(2025, 7, 10, 9, tzinfo=dt.UTC)
    kw = {"period": reporting.june, "task": task, "now": now}
    steering.confidence_record(level=1, reason="Đủ điều kiện", user=world.users["khcn"], **kw)
    steering.confidence_record(level=4, reason="Chờ vốn", user=world.users["admin"], **kw)
    meeting = steering.meeting_create(
        period=reporting.june,
        held_on=dt.date(2025, 7, 8),
        title="Họp tháng 6",
        chair="Phó Chủ tịch",
        user=world.users["leader"],
    )
    leo = signed_in(world.users["leader"])
    confidence = _speaks_of_the_second_issuer(leo.get(reverse("loop:confidence")).content.decode())
    assert '<th scope="col">Sở KHCN&amp;ĐMST Hải Phòng đánh giá</th>' in confidence
    assert 'data-label="Sở KHCN&amp;ĐMST Hải Phòng"' in confidence
    explanations = _speaks_of_the_second_issuer(leo.get(reverse("loop:explanations")).content.decode())
    assert "Lãnh đạo tỉnh hoặc Sở KHCN&amp;ĐMST Hải Phòng yêu cầu đơn vị giải trình" in explanations
    page = _speaks_of_the_second_issuer(leo.get(reverse("loop:meeting", args=[meeting.pk])).content.decode())
    assert (
        "Đơn vị chủ trì: Chắc chắn đạt (Đủ điều kiện) · Sở KHCN&amp;ĐMST Hải Phòng: Khó đạt (Chờ vốn)" in page
    )
    docx = leo.get(reverse("loop:meeting_docx", args=[meeting.pk])).content
    pack = "\n".join(p.text for p in Docx(io.BytesIO(docx)).paragraphs)
    assert f"; {SECOND} đánh giá “khó đạt” (Chờ vốn)." in pack
    dashboard = _speaks_of_the_second_issuer(leo.get(reverse("dashboard:index")).content.decode())
    assert "Đơn vị chủ trì: Chắc chắn đạt · Sở KHCN&amp;ĐMST Hải Phòng: Khó đạt" in dashboard
    with pytest.raises(PermissionDenied, match="Chỉ lãnh đạo tỉnh và Sở KHCN&ĐMST Hải Phòng thực hiện"):
        steering.meeting_create(
            period=reporting.june, held_on=dt.date(2025, 7, 8), title="x", chair="y", user=world.users["bql"]
        )
    with pytest.raises(PermissionDenied, match="Chỉ đơn vị chủ trì và Sở KHCN&ĐMST Hải Phòng đánh giá"):
        steering.confidence_record(level=2, reason="x", user=world.users["leader"], **kw)
