"""The body units report to is named from the province record's issuer, never hard-coded
(issue #14): the pages, the submit message, the review refusal and the evaluation report say
another province's issuer when the record names it."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse

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
