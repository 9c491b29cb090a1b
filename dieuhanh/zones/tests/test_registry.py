"""The registry's services: what they refuse and what they keep in history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dieuhanh.zones.models import Enterprise
from dieuhanh.zones.services import EnterpriseInput, ProjectInput, enterprise_upsert, project_upsert

pytestmark = pytest.mark.django_db


def test_it_refuses_an_enterprise_with_every_problem_listed_by_field(zones):
    data = EnterpriseInput(
        tax_code="0100109107", name="", vsic="9999", ownership="fdi", workers=10, foreign_workers=20
    )
    with pytest.raises(ValidationError) as exc:
        enterprise_upsert(data=data)
    errors = exc.value.message_dict
    assert set(errors) == {"tax_code", "vsic", "name", "investor_country", "foreign_workers"}
    assert "chữ số thứ 10" in errors["tax_code"][0]


def test_it_refuses_disbursed_capital_above_registered(zones):
    data = ProjectInput(name="Mở rộng", registered_usd=Decimal(100), disbursed_usd=Decimal(101))
    with pytest.raises(ValidationError) as exc:
        project_upsert(enterprise=zones.a, data=data)
    assert "không được lớn hơn vốn đăng ký (USD)" in exc.value.messages[0]


def test_it_refuses_a_project_without_registered_capital(zones):
    with pytest.raises(ValidationError, match="vốn đăng ký"):
        project_upsert(enterprise=zones.a, data=ProjectInput(name="Không vốn"))


def test_it_lets_only_the_board_write_the_registry(zones):
    data = EnterpriseInput(tax_code=zones.b.tax_code, name="Đổi tên", vsic="1410", ownership="domestic")
    for who in ("enterprise", "commune", "leader", "khcn"):
        with pytest.raises(PermissionDenied):
            enterprise_upsert(data=data, user=zones.users[who])
    enterprise_upsert(data=data, user=zones.users["bql"])
    zones.b.refresh_from_db()
    assert zones.b.name == "Đổi tên" and zones.b.unit.name == "Đổi tên"


def test_it_keeps_every_change_in_history(zones):
    data = EnterpriseInput(
        tax_code=zones.b.tax_code, name=zones.b.name, vsic="1410", ownership="domestic", workers=250
    )
    enterprise_upsert(data=data, user=zones.users["bql"])
    history = Enterprise.history.filter(id=zones.b.pk).order_by("history_date")
    assert [h.workers for h in history] == [0, 250]


def test_a_new_enterprise_owes_the_quarterly_report(zones):
    assert zones.regime.memberships.filter(unit=zones.b.unit).exists()
    assert zones.regime.memberships.filter(unit=zones.a.unit).exists()


def test_occupancy_is_leased_over_land_for_lease(zones):
    assert zones.zone.occupancy == pytest.approx(0.8)
    assert zones.other_zone.occupancy == pytest.approx(40 / 63)


def test_an_invitation_creates_an_enterprise_account_once(zones):
    from django.test import Client
    from django.urls import reverse

    from dieuhanh.accounts.models import Role, User
    from dieuhanh.zones.portal import invitation_create

    with pytest.raises(PermissionDenied):
        invitation_create(
            user=zones.users["enterprise"], enterprise=zones.b, email="x@vi-du.invalid", full_name="X"
        )
    _, token = invitation_create(
        user=zones.users["bql"], enterprise=zones.b, email="Giam.Doc@vi-du.invalid", full_name="Giám đốc B"
    )
    url = reverse("zones:invitation", args=[token])
    form = {"username": "giamdoc-b", "password": "Kcn-Hai-Duong-2025", "password2": "Kcn-Hai-Duong-2025"}
    assert Client().post(url, form).status_code == 302
    user = User.objects.get(username="giamdoc-b")
    assert (
        user.role == Role.ENTERPRISE
        and user.unit_id == zones.b.unit_id
        and user.email == "giam.doc@vi-du.invalid"
    )
    assert Client().get(url).status_code == 404  # used


def test_an_invitation_expires_fourteen_days_after_it_was_sent_whatever_the_real_date(zones):
    import datetime as dt

    from django.core.exceptions import ValidationError

    from dieuhanh.zones.portal import invitation_find

    sent = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    _, token = invitation_create_for_b(zones, now=sent)
    assert invitation_find(token=token, now=sent + dt.timedelta(days=13, hours=23)).enterprise == zones.b
    with pytest.raises(ValidationError, match="hết hạn"):
        invitation_find(token=token, now=sent + dt.timedelta(days=14, minutes=1))


def invitation_create_for_b(zones, *, now):  # type: ignore[no-untyped-def]
    from dieuhanh.zones.portal import invitation_create

    return invitation_create(
        user=zones.users["bql"], enterprise=zones.b, email="b@vi-du.invalid", full_name="Giám đốc B", now=now
    )
