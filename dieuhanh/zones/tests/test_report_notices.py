"""Enterprises' quarterly reports are told like the programme's: the Board when one arrives,
the enterprise when it is returned or accepted — in the app and by e-mail; the Board's
chasing page reminds an enterprise now, once a day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from dieuhanh.reporting.models import Notification, Reminder
from dieuhanh.reporting.services import ReportInput, report_accept, report_open, report_save, report_submit
from dieuhanh.zones.report_figures import KEY, FiguresInput
from dieuhanh.zones.services import enterprise_periods
from dieuhanh.zones.tests.conftest import client_for

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)
SENT = timezone.make_aware(dt.datetime(2026, 11, 23, 9, 30))


@pytest.fixture(autouse=True)
def letters(zones, settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for key, address in (("bql", "bob@bql.vn"), ("enterprise", "eve@cong-ty-a.vn")):
        zones.users[key].email = address
        zones.users[key].save()


def _texts(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("text", flat=True))


def test_the_board_hears_of_the_report_and_the_enterprise_of_its_acceptance_by_mail_too(
    zones, django_capture_on_commit_callbacks
):
    eve, bob = zones.users["enterprise"], zones.users["bql"]
    period = enterprise_periods(enterprise=zones.a, on=TODAY)[0]
    report = report_open(user=eve, period=period, unit=zones.a.unit)
    report = report_save(
        report_id=report.pk,
        user=eve,
        version=report.version,
        data=ReportInput(highlights="Dây chuyền 2 chạy thử."),
        sections={KEY: FiguresInput(workers=120, foreign_workers=4, new_hires=6)},
        today=TODAY,
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_submit(report_id=report.pk, user=eve, version=report.version, now=SENT)
    with django_capture_on_commit_callbacks(execute=True):
        report_accept(report_id=report.pk, user=bob, now=SENT, today=TODAY)
    assert _texts(bob) == ["Công ty A Minh họa đã gửi báo cáo Quý IV/2026."]
    assert _texts(eve) == ["Báo cáo Quý IV/2026 của Công ty A Minh họa đã được duyệt."]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["bob@bql.vn"], "[dieuhanh] Công ty A Minh họa đã gửi báo cáo Quý IV/2026"),
        (["eve@cong-ty-a.vn"], "[dieuhanh] Báo cáo Quý IV/2026 đã được duyệt"),
    ]
    assert f"/khu-cong-nghiep/bao-cao/{report.pk}/" in mail.outbox[1].body


def test_the_board_reminds_an_enterprise_now_from_its_chasing_page_once_a_day(zones, clock):
    clock(dt.datetime(2026, 12, 22, 10, 0))  # two days after the quarter's due date
    period = enterprise_periods(enterprise=zones.a, on=TODAY)[0]
    board = client_for(zones.users["bql"])
    url = reverse("reporting:remind_now", args=[period.pk, zones.a.unit.pk])
    first = board.post(url)
    assert first.status_code == 302 and first["Location"] == f"{reverse('zones:chasing')}?ky={period.pk}"
    assert _texts(zones.users["enterprise"]) == [
        "Ban Quản lý Khu kinh tế Hải Phòng nhắc: Công ty A Minh họa chưa gửi báo cáo Quý IV/2026, "
        "đã quá hạn gửi (20/12/2026). Đề nghị gửi sớm."
    ]
    assert len(mail.outbox) == 1 and Reminder.objects.count() == 2
    page = board.get(reverse("zones:chasing"), {"ky": period.pk}).content.decode()
    assert "Nhắc ngay · 10:00 22/12/2026 · trong hệ thống, thư điện tử" in page
    again = board.post(url, follow=True).content.decode()
    assert "Hôm nay đã nhắc Công ty A Minh họa lúc 10:00" in again and len(mail.outbox) == 1
