"""Reminders that actually go: the chasing page shows what was sent to each unit and when;
"Nhắc ngay" sends at most once per unit and day; the Sở is told when a report arrives and the
reporter when it is returned or accepted — in the app and by e-mail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from dieuhanh.reporting import services
from dieuhanh.reporting.models import Notification, Reminder, ReminderKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def letters(world, settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for key, address in (("bql", "bob@bql.vn"), ("khcn", "kim@khcn.vn"), ("admin", "alice@khcn.vn")):
        world.users[key].email = address
        world.users[key].save()


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def texts(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("text", flat=True))


def remind_url(period, unit) -> str:  # type: ignore[no-untyped-def]
    return reverse("reporting:remind_now", args=[period.pk, unit.pk])


BQL = "Ban Quản lý các khu công nghiệp tỉnh Hải Dương"


def test_the_chasing_page_shows_each_units_reminders_and_when_they_went(world, reporting, clock):
    from dieuhanh.reporting.reminders import reminders_send

    clock(dt.datetime(2025, 6, 15, 8, 5))
    reminders_send(on=dt.date(2025, 6, 15))
    page = client_for(world.users["admin"]).get(
        reverse("reporting:chasing"), {"che_do": reporting.regime.pk, "ky": reporting.june.pk}
    )
    body = page.content.decode()
    row = body[body.index('data-unit="hd:bql-kcn"') :]
    row = row[: row.index("</tr>")]
    assert "Đến hạn · 08:05 15/06/2025 · trong hệ thống, thư điện tử" in row
    assert "Nhắc ngay" in row


def test_remind_now_goes_once_a_day_and_the_second_click_is_refused_politely(world, reporting, clock):
    clock(dt.datetime(2025, 7, 17, 9, 0))
    alice, bob = client_for(world.users["admin"]), world.users["bql"]
    unit, name = world.units["hp_bql"], "Ban Quản lý Khu kinh tế Hải Phòng"

    first = alice.post(remind_url(reporting.july, unit), follow=True)
    assert first.status_code == 200
    assert f"Đã nhắc {name} gửi báo cáo Tháng 7/2025" in first.content.decode()
    assert texts(bob) == [
        f"Sở Khoa học và Công nghệ thành phố Hải Phòng nhắc: {name} chưa gửi báo cáo Tháng 7/2025, "
        "đã quá hạn gửi (15/07/2025). Đề nghị gửi sớm."
    ]
    assert [m.to for m in mail.outbox] == [["bob@bql.vn"]]
    sent = Reminder.objects.filter(kind=ReminderKind.NOW)
    assert sent.count() == 2 and {r.sent_by for r in sent} == {world.users["admin"]}

    again = alice.post(remind_url(reporting.july, unit), follow=True).content.decode()
    assert f"Hôm nay đã nhắc {name} lúc 09:00" in again
    assert "chỉ được nhắc ngay một lần mỗi ngày" in again
    assert len(texts(bob)) == 1 and len(mail.outbox) == 1  # nothing went twice

    clock(dt.datetime(2025, 7, 18, 9, 0))
    client_for(world.users["admin"]).post(remind_url(reporting.july, unit))  # a new day's sign-in
    assert len(texts(bob)) == 2 and len(mail.outbox) == 2  # the next day, once more


def test_remind_now_is_for_the_receiving_unit_and_for_units_that_have_not_reported(world, reporting):
    unit = world.units["hd_bql"]
    assert client_for(world.users["bql"]).post(remind_url(reporting.june, unit)).status_code == 403
    assert client_for(world.users["leader"]).post(remind_url(reporting.june, unit)).status_code == 403
    outsider = world.units["hp_ubnd"]  # not asked for this regime's reports
    assert client_for(world.users["admin"]).post(remind_url(reporting.june, outsider)).status_code == 404
    report = services.report_open(user=world.users["bql"], period=reporting.june, unit=unit)
    services.report_submit(report_id=report.pk, user=world.users["bql"], version=report.version)
    answer = client_for(world.users["admin"]).post(remind_url(reporting.june, unit), follow=True)
    assert f"{BQL} đã gửi báo cáo Tháng 6/2025, không cần nhắc nữa." in answer.content.decode()
    assert not Reminder.objects.exists()


def test_the_so_is_told_in_the_app_and_by_mail_when_a_report_arrives(
    world, reporting, django_capture_on_commit_callbacks
):
    report = services.report_open(user=world.users["bql"], period=reporting.june, unit=world.units["hd_bql"])
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report_id=report.pk, user=world.users["bql"], version=report.version)
    told = f"{BQL} đã gửi báo cáo Tháng 6/2025."
    assert texts(world.users["admin"]) == [told] and texts(world.users["khcn"]) == [told]
    assert texts(world.users["bql"]) == []
    (letter,) = mail.outbox
    assert sorted(letter.to) == ["alice@khcn.vn", "kim@khcn.vn"]
    assert letter.subject == f"[dieuhanh] {BQL} đã gửi báo cáo Tháng 6/2025"
    assert f"/bao-cao/{report.pk}/" in letter.body


def test_a_refused_submission_sends_no_letter(world, reporting, django_capture_on_commit_callbacks):
    report = services.report_open(user=world.users["bql"], period=reporting.june, unit=world.units["hd_bql"])
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.StaleReportError):
        services.report_submit(report_id=report.pk, user=world.users["bql"], version=report.version + 5)
    assert mail.outbox == [] and not Notification.objects.exists()


def test_the_reporter_is_told_when_the_report_is_returned_and_when_accepted(
    world, reporting, django_capture_on_commit_callbacks
):
    bob, alice = world.users["bql"], world.users["admin"]
    report = services.report_open(user=bob, period=reporting.june, unit=world.units["hd_bql"])
    services.report_submit(report_id=report.pk, user=bob, version=report.version)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report_id=report.pk, user=alice, comment="Bổ sung minh chứng.")
    report.refresh_from_db()
    services.report_submit(report_id=report.pk, user=bob, version=report.version)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_accept(report_id=report.pk, user=alice)
    assert texts(bob) == [
        "Báo cáo Tháng 6/2025 bị trả lại: Bổ sung minh chứng.",
        f"Báo cáo Tháng 6/2025 của {BQL} đã được duyệt.",
    ]
    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("[dieuhanh] Báo cáo Tháng 6/2025 bị trả lại", ["bob@bql.vn"]),
        ("[dieuhanh] Báo cáo Tháng 6/2025 đã được duyệt", ["bob@bql.vn"]),
    ]
