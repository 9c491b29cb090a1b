"""Inputs an enterprise can type that used to answer 500: each now gets a Vietnamese message or
is ignored, never a traceback."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dieuhanh.reporting.models import Report, ReportStatus
from dieuhanh.zones.models import Department, EnterpriseRequest
from dieuhanh.zones.services import enterprise_periods
from dieuhanh.zones.tests.conftest import client_for

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("NaN", "“NaN” không phải số tiền"),
        ("nan", "“nan” không phải số tiền"),
        ("Infinity", "“Infinity” không phải số tiền"),
        ("sNaN", "“sNaN” không phải số tiền"),
        ("-Infinity", "số tiền không được âm"),
        ("1e999999", "lớn bất thường"),
    ],
)
def test_a_non_finite_quarterly_amount_is_refused_with_the_field_named(zones, typed, said):
    period = enterprise_periods(enterprise=zones.a, on=TODAY)[0]
    client = client_for(zones.users["enterprise"])
    client.post(reverse("zones:report_open", args=[period.pk]))
    report = Report.objects.get(period=period, unit=zones.a.unit)
    response = client.post(
        reverse("zones:report_save", args=[report.pk]),
        {
            "version": report.version,
            "workers": "10",
            "foreign_workers": "0",
            "new_hires": "0",
            "revenue_vnd": typed,
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert (
        f"Doanh thu trong kỳ (đồng): {said}" in page
        or f"Doanh thu trong kỳ (đồng): {typed} VND {said}" in page
    )
    report.refresh_from_db()
    assert report.version == 1 and report.status == ReportStatus.DRAFT


def _requests_page(zones, query: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    response = client_for(zones.users["enterprise"]).get(reverse("zones:requests") + query)
    return response.status_code, response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["?phong=abc", "?phong=%C2%B2", "?phong=99999999999999999999999", "?trang_thai=khong-co", "?phong="],
)
def test_a_bad_filter_on_the_requests_list_is_ignored_not_a_500(zones, query):
    status, page = _requests_page(zones, query)
    assert status == 200
    assert "Traceback" not in page and "ValueError" not in page


def test_a_valid_department_filter_still_filters_the_requests(zones):
    asked = Department.objects.first()
    other = Department.objects.create(name="Phòng Quản lý lao động")
    assert asked is not None
    EnterpriseRequest.objects.create(
        enterprise=zones.a,
        department=asked,
        subject="Xin hướng dẫn thủ tục PCCC",
        body="Nội dung",
        sent_at=timezone.now(),
        respond_by=timezone.localdate(),
        sent_by=zones.users["enterprise"],
    )
    _, shown = _requests_page(zones, f"?phong={asked.pk}")
    _, hidden = _requests_page(zones, f"?phong={other.pk}")
    assert "Xin hướng dẫn thủ tục PCCC" in shown and "Xin hướng dẫn thủ tục PCCC" not in hidden


@pytest.mark.parametrize("answer", ["²", "1" * 40])
def test_a_self_assessment_answer_that_is_not_a_plain_number_is_ignored(zones, answer):
    client = client_for(zones.users["enterprise"])
    response = client.post(reverse("zones:assessment"), {"q-1": answer, f"q-{answer}": "1"})
    assert response.status_code in (200, 302, 422)
