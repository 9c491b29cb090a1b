"""Every zones page and endpoint tried by someone without the right: login for visitors,
403 for roles that may not open it, 404 for another enterprise's records."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dieuhanh.reporting.services import report_open
from dieuhanh.zones.portal import request_send
from dieuhanh.zones.services import enterprise_periods
from dieuhanh.zones.tests.conftest import client_for

pytestmark = pytest.mark.django_db

BOARD_PAGES = ["zones:chasing", "zones:dx_results", "zones:import", "zones:import_template"]
ENTERPRISE_PAGES = ["zones:portal", "zones:profile", "zones:assessment", "zones:request_new"]


def _board_object_urls(z) -> list[str]:  # type: ignore[no-untyped-def]
    return [reverse("zones:zone", args=[z.zone.code]), reverse("zones:enterprise", args=[z.a.pk])]


@pytest.mark.parametrize("name", ["zones:overview", "zones:requests", *BOARD_PAGES, *ENTERPRISE_PAGES])
def test_it_sends_anonymous_visitors_to_the_login_page(zones, name):
    response = Client().get(reverse(name))
    assert response.status_code == 302 and "dang-nhap" in response["Location"]


@pytest.mark.parametrize("name", ["zones:overview", "zones:requests", *BOARD_PAGES, *ENTERPRISE_PAGES])
@pytest.mark.parametrize("who", ["nobody", "commune", "khcn"])
def test_it_refuses_users_outside_the_board_and_enterprises(zones, name, who):
    assert client_for(zones.users[who]).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", BOARD_PAGES)
def test_it_refuses_board_pages_to_an_enterprise(zones, name):
    assert client_for(zones.users["enterprise"]).get(reverse(name)).status_code == 403


def test_it_refuses_board_drill_down_to_an_enterprise(zones):
    for url in _board_object_urls(zones):
        assert client_for(zones.users["enterprise"]).get(url).status_code == 403


@pytest.mark.parametrize("name", ENTERPRISE_PAGES)
@pytest.mark.parametrize("who", ["bql", "admin", "leader"])
def test_it_refuses_enterprise_pages_to_the_board(zones, name, who):
    assert client_for(zones.users[who]).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("who", ["bql", "admin", "leader"])
def test_the_board_admin_and_leader_read_the_overview_and_drill_down(zones, who):
    client = client_for(zones.users[who])
    assert client.get(reverse("zones:overview")).status_code == 200
    for url in _board_object_urls(zones):
        assert client.get(url).status_code == 200


def test_a_leader_may_read_but_not_write(zones):
    client = client_for(zones.users["leader"])
    assert client.get(reverse("zones:import")).status_code == 403
    url = reverse("zones:invite", args=[zones.a.pk])
    assert client.post(url, {"full_name": "X", "email": "x@vi-du.invalid"}).status_code == 403


def test_the_enterprise_overview_link_lands_on_its_portal(zones):
    response = client_for(zones.users["enterprise"]).get(reverse("zones:overview"))
    assert response.status_code == 302 and response["Location"] == reverse("zones:portal")


def _b_records(z):  # type: ignore[no-untyped-def]
    item = request_send(
        user=z.bert,
        enterprise=z.b,
        department=z.department,
        kind="question",
        subject="Hỏi B",
        body="Nội dung B",
    )
    period = enterprise_periods(enterprise=z.b, on=__import__("datetime").date(2026, 11, 23))[0]
    report = report_open(user=z.bert, period=period, unit=z.b.unit)
    return item, report


def test_enterprise_a_never_sees_enterprise_b(zones):
    item, report = _b_records(zones)
    eve = client_for(zones.users["enterprise"])
    for url in (
        reverse("zones:request", args=[item.pk]),
        reverse("zones:report", args=[report.pk]),
    ):
        assert eve.get(url).status_code == 404, url
    save = eve.post(reverse("zones:report_save", args=[report.pk]), {"version": report.version, "workers": 1})
    assert save.status_code == 404
    # Opening the same quarter gives A its own report, never B's.
    offered = eve.get(reverse("zones:report_open", args=[report.period_id]))
    assert offered.status_code == 200 and "Bắt đầu báo cáo" in offered.content.decode()
    opened = eve.post(reverse("zones:report_open", args=[report.period_id]))
    assert opened.status_code == 302 and opened["Location"] != reverse("zones:report", args=[report.pk])
    portal = eve.get(reverse("zones:portal")).content.decode()
    requests = eve.get(reverse("zones:requests")).content.decode()
    assert "Công ty B" not in portal and "Hỏi B" not in requests and zones.b.tax_code not in portal


def test_enterprise_b_sees_its_own_records(zones):
    item, report = _b_records(zones)
    bert = client_for(zones.bert)
    assert bert.get(reverse("zones:request", args=[item.pk])).status_code == 200
    assert bert.get(reverse("zones:report", args=[report.pk])).status_code == 200


def test_only_the_board_answers_or_reviews(zones):
    item, report = _b_records(zones)
    for who in ("enterprise", "leader", "commune"):
        client = client_for(zones.users[who])
        assert (
            client.post(reverse("zones:request_answer", args=[item.pk]), {"answer": "x"}).status_code == 403
        )
        assert client.post(reverse("zones:request_receive", args=[item.pk])).status_code == 403
        assert client.post(reverse("zones:report_accept", args=[report.pk])).status_code == 403
        assert (
            client.post(reverse("zones:report_return", args=[report.pk]), {"comment": "x"}).status_code == 403
        )


def test_another_enterprises_attachment_is_404(zones, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("hoso.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    item = request_send(
        user=zones.bert,
        enterprise=zones.b,
        department=zones.department,
        kind="request",
        subject="Có tệp",
        body="Xem tệp",
        files=[pdf],
    )
    url = reverse("zones:attachment", args=[item.attachments.get().pk])
    assert client_for(zones.users["enterprise"]).get(url).status_code == 404
    assert client_for(zones.bert).get(url).status_code == 200
    assert client_for(zones.users["bql"]).get(url).status_code == 200


def test_a_used_or_unknown_invitation_link_is_404(zones):
    assert Client().get(reverse("zones:invitation", args=["khong-co"])).status_code == 404
