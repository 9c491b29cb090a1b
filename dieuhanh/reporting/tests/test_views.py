"""Reporting pages, tried by each role — and by someone without the right."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dieuhanh.reporting import services
from dieuhanh.reporting.models import ReportStatus

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def report(world, reporting):  # type: ignore[no-untyped-def]
    return services.report_open(user=world.users["bql"], period=reporting.june, unit=world.units["hd_bql"])


def report_urls(report) -> dict[str, str]:  # type: ignore[no-untyped-def]
    update = report.task_updates.first()
    return {
        "report": reverse("reporting:report", args=[report.pk]),
        "compare": reverse("reporting:compare", args=[report.pk]),
        "save": reverse("reporting:save", args=[report.pk]),
        "evidence": reverse("reporting:evidence_upload", args=[report.pk, update.pk]),
    }


@pytest.mark.parametrize("name", ["reporting:index", "reporting:chasing", "reporting:notifications"])
def test_signed_out_visitors_go_to_the_login_page(reporting, name):
    assert Client().get(reverse(name)).status_code == 302


@pytest.mark.parametrize("who", ["nobody", "enterprise"])
def test_roles_without_reporting_get_403(world, reporting, who):
    client = client_for(world.users[who])
    assert client.get(reverse("reporting:index")).status_code == 403
    assert client.get(reverse("reporting:chasing")).status_code == 403
    assert client.get(reverse("reporting:open_period", args=[reporting.june.pk])).status_code == 403


@pytest.mark.parametrize("who", ["bql", "commune"])
def test_reporters_do_not_get_the_chasing_page(world, reporting, who):
    assert client_for(world.users[who]).get(reverse("reporting:chasing")).status_code == 403


@pytest.mark.parametrize("url", ["report", "compare"])
def test_another_units_report_is_404(world, report, url):
    assert client_for(world.users["khcn"]).get(report_urls(report)[url]).status_code == 404
    assert client_for(world.users["commune"]).get(report_urls(report)[url]).status_code == 404


def test_another_unit_cannot_post_to_the_report(world, report):
    urls = report_urls(report)
    client = client_for(world.users["khcn"])
    assert client.post(urls["save"], {"version": report.version}).status_code == 404
    assert client.post(urls["evidence"], {"document_number": "1"}).status_code == 404


@pytest.mark.parametrize("name", ["reporting:accept", "reporting:return"])
def test_a_reporter_cannot_review(world, report, name):
    response = client_for(world.users["bql"]).post(reverse(name, args=[report.pk]), {"comment": "x"})
    assert response.status_code == 403


def test_the_reporter_sees_their_june_report_and_saves_it(world, report):
    client = client_for(world.users["bql"])
    page = client.get(report_urls(report)["report"]).content.decode()
    assert "Báo cáo Tháng 6/2025 — Ban Quản lý các khu công nghiệp tỉnh Hải Dương" in page
    assert "Số liệu từ 15/05/2025 đến 14/06/2025" in page
    response = client.post(
        report_urls(report)["save"], {"version": report.version, "difficulties": "Thiếu người"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.difficulties == "Thiếu người" and report.version == 2


def test_a_stale_save_answers_409_and_keeps_the_other_persons_text(world, report):
    client = client_for(world.users["bql"])
    client.post(report_urls(report)["save"], {"version": 1, "difficulties": "Bản của người thứ nhất"})
    response = client.post(
        report_urls(report)["save"], {"version": 1, "difficulties": "Bản của người thứ hai"}
    )
    assert response.status_code == 409
    assert "sau khi bạn mở trang" in response.content.decode()
    report.refresh_from_db()
    assert report.difficulties == "Bản của người thứ nhất"


def test_autosave_by_htmx_answers_with_the_new_version(world, report):
    response = client_for(world.users["bql"]).post(
        report_urls(report)["save"], {"version": 1, "highlights": "Đã làm"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Đã lưu nháp lúc" in body
    assert 'id="report-version" value="2"' in body


def test_a_malformed_percent_is_explained_in_vietnamese(world, report):
    update = report.task_updates.first()
    response = client_for(world.users["bql"]).post(
        report_urls(report)["save"], {"version": 1, f"u-{update.pk}-percent": "nhiều"}
    )
    assert response.status_code == 422
    assert f"Nhiệm vụ {update.task.code}: tiến độ “nhiều” không phải là số" in response.content.decode()


def test_submit_then_the_administrator_returns_it_with_a_comment(world, report):
    reporter, admin = client_for(world.users["bql"]), client_for(world.users["admin"])
    reporter.post(report_urls(report)["save"], {"version": 1, "gui": "1"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    page = admin.get(report_urls(report)["report"]).content.decode()
    assert "Duyệt báo cáo" in page and "Trả lại kèm ý kiến" in page
    admin.post(reverse("reporting:return", args=[report.pk]), {"comment": "Bổ sung minh chứng"})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert "Bổ sung minh chứng" in reporter.get(report_urls(report)["report"]).content.decode()


def test_the_chasing_page_shows_completeness_and_timeliness(world, reporting, report):
    services.report_submit(report_id=report.pk, user=world.users["bql"], version=report.version)
    body = (
        client_for(world.users["leader"])
        .get(reverse("reporting:chasing"), {"ky": reporting.june.pk})
        .content.decode()
    )
    assert "Đôn đốc báo cáo Tháng 6/2025" in body
    assert "data-expected>4<" in body and "data-received>1<" in body
    assert "25,0 %" in body


def test_the_report_page_shows_who_changed_what(world, report):
    client = client_for(world.users["bql"])
    client.post(reverse("reporting:save", args=[report.pk]), {"version": 1, "difficulties": "Thiếu người"})
    body = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert "Nhật ký thay đổi" in body
    assert "Báo cáo: sửa khó khăn" in body and "bob" in body


def test_opening_a_period_without_a_report_offers_to_start_one_and_only_the_post_creates_it(world, reporting):
    from dieuhanh.reporting.models import Report

    bob = client_for(world.users["bql"])
    url = reverse("reporting:open_period", args=[reporting.july.pk])
    page = bob.get(url)
    assert page.status_code == 200 and "Bắt đầu báo cáo" in page.content.decode()
    assert not Report.objects.filter(period=reporting.july).exists()  # a GET changes nothing
    started = bob.post(url)
    report = Report.objects.get(period=reporting.july, unit=world.units["hp_bql"])
    assert started.status_code == 302 and started.url == reverse("reporting:report", args=[report.pk])
    assert bob.get(url).url == reverse("reporting:report", args=[report.pk])  # then it just opens
    assert bob.post(url).url == started.url and Report.objects.filter(period=reporting.july).count() == 1


def test_reading_notifications_does_not_mark_them_read_the_button_does(world):
    from dieuhanh.reporting.models import Notification

    bob = world.users["bql"]
    Notification.objects.create(user=bob, text="Báo cáo Tháng 6/2025 bị trả lại.")
    client = client_for(bob)
    assert "Mới" in client.get(reverse("reporting:notifications")).content.decode()
    assert Notification.objects.get(user=bob).read_at is None
    client.post(reverse("reporting:notifications"))
    assert Notification.objects.get(user=bob).read_at is not None
