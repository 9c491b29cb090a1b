"""Single sign-on against a real OpenID Connect provider (tests/oidc_provider/, started on
loopback): the platform matches the person to an account by a claim and keeps their role."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client

from dieuhanh.accounts.models import Role, User
from tests.oidc import BOARD_REPORTER, NEWCOMER, provider_sign_in

pytestmark = pytest.mark.django_db
CALLBACK = "http://testserver/tai-khoan/sso/callback/"


def sign_in_through_sso(client: Client, who, next_url: str = "") -> object:  # type: ignore[no-untyped-def]
    start = client.get("/tai-khoan/sso/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    back = provider_sign_in(start["Location"], who, stop_at=CALLBACK)
    parts = urlsplit(back)
    return client.get(f"{parts.path}?{parts.query}")


def test_it_shows_the_sso_button_only_when_sso_is_configured(world, settings, oidc_provider):
    assert "Đăng nhập bằng SSO" not in Client().get("/tai-khoan/dang-nhap/").content.decode()
    assert Client().get("/tai-khoan/sso/").status_code == 404
    settings.SIGNIN_OIDC = oidc_provider.settings()
    assert "Đăng nhập bằng SSO" in Client().get("/tai-khoan/dang-nhap/").content.decode()


def test_it_signs_in_the_account_whose_email_the_provider_vouches_for(world, sso):
    bob = world.users["bql"]
    bob.email = BOARD_REPORTER.email.upper()  # addresses compare without case
    bob.save()
    client = Client()
    response = sign_in_through_sso(client, BOARD_REPORTER, next_url="/nhiem-vu/")
    assert response.status_code == 302
    assert response["Location"] == "/nhiem-vu/"
    assert int(client.session["_auth_user_id"]) == bob.pk
    page = client.get("/nhiem-vu/")
    assert page.status_code == 200  # the reporter's role and unit are the platform's
    bob.refresh_from_db()
    assert bob.role == Role.AGENCY_REPORTER


def test_it_matches_by_preferred_username_when_so_configured(world, settings, oidc_provider):
    settings.SIGNIN_OIDC = oidc_provider.settings(CLAIM="preferred_username")
    kim = world.users["khcn"]
    kim.username = BOARD_REPORTER.username
    kim.save()
    client = Client()
    sign_in_through_sso(client, BOARD_REPORTER)
    assert int(client.session["_auth_user_id"]) == kim.pk


def test_it_gives_a_newcomer_an_account_with_no_role(world, sso):
    client = Client()
    response = sign_in_through_sso(client, NEWCOMER)
    assert response.status_code == 302
    user = User.objects.get(email=NEWCOMER.email)
    assert (user.username, user.role, user.unit, user.full_name) == (
        NEWCOMER.email,
        Role.NONE,
        None,
        NEWCOMER.name,
    )
    assert not user.has_usable_password()
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get("/nhiem-vu/").status_code == 403  # nothing until an administrator assigns a role


def test_it_refuses_a_newcomer_when_accounts_are_not_created(world, settings, oidc_provider):
    settings.SIGNIN_OIDC = oidc_provider.settings(CREATE_USERS=False)
    client = Client()
    response = sign_in_through_sso(client, NEWCOMER)
    assert response["Location"] == "/tai-khoan/dang-nhap/"
    assert "_auth_user_id" not in client.session
    page = client.get("/tai-khoan/dang-nhap/").content.decode()
    assert "Chưa có tài khoản nào ứng với" in page
    assert not User.objects.filter(email=NEWCOMER.email).exists()


def test_it_refuses_a_deactivated_account(world, sso):
    bob = world.users["bql"]
    bob.email, bob.is_active = BOARD_REPORTER.email, False
    bob.save()
    client = Client()
    sign_in_through_sso(client, BOARD_REPORTER)
    assert "_auth_user_id" not in client.session


def test_it_refuses_a_callback_whose_state_it_did_not_issue(world, sso):
    client = Client()
    response = client.get("/tai-khoan/sso/callback/?code=gia-mao&state=khong-co")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Đăng nhập SSO không thành công" in page


def test_it_asks_an_sso_administrator_for_the_platform_second_factor(world, sso, settings):
    settings.SIGNIN_2FA_REQUIRED = True
    alice = world.users["admin"]
    alice.email = BOARD_REPORTER.email
    alice.save()
    client = Client()
    sign_in_through_sso(client, BOARD_REPORTER)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/xac-thuc-hai-lop/thiet-lap/")


def test_it_says_so_when_the_provider_cannot_be_reached(world, settings, oidc_provider):
    # Port 9 on loopback (discard) has no server here: the connection is refused at once.
    settings.SIGNIN_OIDC = oidc_provider.settings(ISSUER="http://127.0.0.1:9/o")
    client = Client()
    response = client.get("/tai-khoan/sso/")
    assert response["Location"] == "/tai-khoan/dang-nhap/"
    assert "Không kết nối được hệ thống SSO" in client.get(response["Location"]).content.decode()
