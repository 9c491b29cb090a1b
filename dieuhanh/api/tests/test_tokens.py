"""Machine tokens: made and revoked by the administrator, stored hashed, sent as a Bearer header,
scoped exactly like a person of the token's unit; revoked or expired → 401 in Vietnamese."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from dieuhanh.accounts.models import ApiToken, Role
from dieuhanh.accounts.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


def issue(world, unit_key: str | None = "hp_bql", access: str = "read", **extra):  # type: ignore[no-untyped-def]
    unit = world.units[unit_key] if unit_key else None
    return api_token_create(
        user=world.users["admin"], name="Cổng dữ liệu", unit=unit, access=ApiToken.Access(access), **extra
    )


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_only_the_hash_of_the_secret_is_stored(world):
    issued = issue(world)
    stored = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.secret.startswith(f"dh_{stored.prefix}_")
    assert stored.secret_hash == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert issued.secret not in {getattr(stored, f.attname) for f in ApiToken._meta.concrete_fields}


def test_a_units_token_acts_as_a_reporter_of_that_unit_and_cannot_sign_in(world):
    principal = issue(world).token.principal
    assert (principal.role, principal.unit) == (Role.AGENCY_REPORTER, world.units["hp_bql"])
    assert not principal.has_usable_password()


def test_a_units_token_reads_its_units_tasks_only(world):
    client = Client()
    secret = issue(world).secret
    codes = {t["code"] for t in client.get("/api/v1/tasks", **bearer(secret)).json()}
    assert "T-BQL-1" in codes and "T-TC-1" not in codes


def test_another_units_task_is_not_found_with_a_units_token(world):
    response = Client().get(f"/api/v1/tasks/{world.tasks['tc_only'].pk}", **bearer(issue(world).secret))
    assert response.status_code == 404


def test_a_province_wide_token_reads_every_units_tasks(world):
    secret = issue(world, unit_key=None).secret
    codes = {t["code"] for t in Client().get("/api/v1/tasks", **bearer(secret)).json()}
    assert {"T-BQL-1", "T-TC-1"} <= codes


def test_a_revoked_token_is_refused_with_401_saying_so(world):
    issued = issue(world)
    api_token_revoke(
        user=world.users["admin"], token=issued.token, now=dt.datetime(2025, 7, 3, 9, tzinfo=dt.UTC)
    )
    response = Client().get("/api/v1/tasks", **bearer(issued.secret))
    assert response.status_code == 401
    assert response.json()["detail"] == "Mã truy cập API đã bị thu hồi ngày 03/07/2025."


def test_an_expired_token_is_refused_with_401_saying_when(world):
    issued = issue(world, expires_on=timezone.localdate() + dt.timedelta(days=1))
    ApiToken.objects.filter(pk=issued.token.pk).update(expires_on=dt.date(2025, 6, 30))
    response = Client().get("/api/v1/tasks", **bearer(issued.secret))
    assert response.status_code == 401
    assert response.json()["detail"] == "Mã truy cập API đã hết hạn ngày 30/06/2025."


def test_a_wrong_secret_is_refused_with_401(world):
    issued = issue(world)
    response = Client().get("/api/v1/tasks", **bearer(issued.secret[:-2] + "xx"))
    assert response.status_code == 401
    assert response.json()["detail"] == "Mã truy cập API không đúng."


VALUES = {"dataValues": [{"dataElement": "KHONG_CO", "period": "2025", "orgUnit": "x", "value": "1"}]}


def test_a_read_only_token_may_not_write(world):
    response = Client().post(
        "/api/v1/dataValueSets", VALUES, content_type="application/json", **bearer(issue(world).secret)
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Mã truy cập API này chỉ được đọc, không được ghi."


def test_a_write_token_reaches_the_write_without_a_csrf_token(world):
    secret = issue(world, access="write").secret
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/dataValueSets", VALUES, content_type="application/json", **bearer(secret)
    )
    # The unknown indicator is the register's answer (409), past the token and the role.
    assert response.status_code == 409


def test_a_token_of_a_role_without_the_register_is_refused_for_an_enterprise_unit(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="sở, ban, ngành hoặc một xã, phường"):
        issue(world, unit_key="enterprise")


def test_only_the_programme_administrator_makes_tokens(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        api_token_create(user=world.users["leader"], name="x", unit=None, access=ApiToken.Access.READ)


def test_making_and_revoking_a_token_is_in_its_history_with_who(world):
    issued = issue(world)
    api_token_revoke(user=world.users["admin"], token=issued.token)
    rows = list(issued.token.history.order_by("history_id").values_list("history_type", "revoked_by"))
    admin = world.users["admin"].pk
    assert rows == [("+", None), ("~", admin)]


def test_the_admin_shows_the_secret_once_and_keeps_its_hash(world):
    client = Client()
    client.force_login(world.users["admin"])
    response = client.post(
        "/quan-tri/accounts/apitoken/add/",
        {"name": "Hệ thống thống kê", "unit": world.units["commune"].pk, "access": "write", "expires_on": ""},
        follow=True,
    )
    token = ApiToken.objects.get(name="Hệ thống thống kê")
    shown = [str(m) for m in response.context["messages"]]
    secret = next(m.split(": ", 1)[1] for m in shown if "chỉ hiện một lần" in m)
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.principal.role == Role.COMMUNE_REPORTER and token.created_by == world.users["admin"]
    again = client.get(f"/quan-tri/accounts/apitoken/{token.pk}/change/")
    assert secret not in again.content.decode()


def test_the_admin_refuses_an_enterprise_unit_on_the_form(world):
    client = Client()
    client.force_login(world.users["admin"])
    response = client.post(
        "/quan-tri/accounts/apitoken/add/",
        {"name": "DN", "unit": world.units["enterprise"].pk, "access": "read"},
    )
    assert response.status_code == 200
    assert "sở, ban, ngành hoặc một xã, phường" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_admin_action_revokes_the_token(world):
    issued = issue(world)
    client = Client()
    client.force_login(world.users["admin"])
    client.post(
        "/quan-tri/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [issued.token.pk]},
    )
    issued.token.refresh_from_db()
    assert issued.token.revoked_by == world.users["admin"]
    assert Client().get("/api/v1/tasks", **bearer(issued.secret)).status_code == 401
