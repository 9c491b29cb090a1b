"""Login throttling on both login forms: an account is locked by its 10th wrong password, an
address by its 30th, for 15 minutes, and the locked message is in Vietnamese."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from dieuhanh.accounts.throttling import client_address

pytestmark = pytest.mark.django_db
LOGIN = "/tai-khoan/dang-nhap/"
ADMIN_LOGIN = "/quan-tri/login/"
LOCKED = "Đăng nhập bị tạm khóa do nhập sai mật khẩu quá nhiều lần"


def attempt(client: Client, username: str, password: str, url: str = LOGIN):  # type: ignore[no-untyped-def]
    return client.post(url, {"username": username, "password": password})


def test_it_locks_an_account_at_its_tenth_wrong_password_and_then_refuses_the_right_one(world):
    client = Client()
    for _ in range(9):
        response = attempt(client, "bob", "sai-mat-khau")
        assert response.status_code == 200
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    tenth = attempt(client, "bob", "sai-mat-khau")
    assert tenth.status_code == 429
    assert LOCKED in tenth.content.decode()
    assert "15 phút" in tenth.content.decode()
    right = attempt(client, "bob", "pw-bob")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_locks_the_admin_login_form_the_same_way(world):
    client = Client()
    page = client.get(ADMIN_LOGIN)
    assert page.status_code == 200 and "Đăng nhập" in page.content.decode()
    statuses = [attempt(client, "alice", "sai", ADMIN_LOGIN).status_code for _ in range(10)]
    assert statuses == [200] * 9 + [429]
    right = attempt(client, "alice", "pw-alice", ADMIN_LOGIN)
    assert right.status_code == 429 and LOCKED in right.content.decode()
    # The two forms are one: the account is locked on the site's form as well.
    assert attempt(Client(), "alice", "pw-alice").status_code == 429


def test_it_counts_an_accounts_failures_from_every_address(world):
    for address in ("127.0.0.2", "127.0.0.3"):
        for _ in range(5):
            attempt(Client(REMOTE_ADDR=address), "kim", "sai")
    assert attempt(Client(REMOTE_ADDR="127.0.0.4"), "kim", "pw-kim").status_code == 429


def test_it_locks_an_address_that_tries_many_accounts(world):
    attacker = Client(REMOTE_ADDR="127.0.0.9")
    statuses = [attempt(attacker, f"khong-co-{i}", "sai").status_code for i in range(30)]
    assert statuses == [200] * 29 + [429]
    assert attempt(attacker, "cam", "pw-cam").status_code == 429
    # Another address is not concerned, nor is the account itself.
    assert attempt(Client(REMOTE_ADDR="127.0.0.10"), "cam", "pw-cam").status_code == 302


def test_it_opens_again_once_the_cool_off_has_passed(world):
    client = Client()
    for _ in range(10):
        attempt(client, "bob", "sai")
    assert attempt(client, "bob", "pw-bob").status_code == 429
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert attempt(client, "bob", "pw-bob").status_code == 302


def test_it_does_not_count_a_successful_login_as_a_failure(world):
    client = Client()
    for _ in range(9):
        attempt(client, "bob", "sai")
    assert attempt(client, "bob", "pw-bob").status_code == 302


def test_it_reads_the_client_address_behind_a_trusted_proxy_from_the_right(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.6.6.6, 127.0.0.7")
    assert client_address(request) == "127.0.0.1"
    settings.SIGNIN_PROXY_COUNT = 1
    assert client_address(request) == "127.0.0.7"  # what the client wrote itself is ignored


def test_an_operator_can_lift_a_lockout_from_the_command_line(world):
    from io import StringIO

    from django.core.management import call_command

    for _ in range(10):
        attempt(Client(), "bob", "sai")
    out = StringIO()
    call_command("signin_unlock", "bob", stdout=out)
    assert "Đã mở khóa “bob” (1 lượt đăng nhập sai được xóa)." in out.getvalue()
    assert attempt(Client(), "bob", "pw-bob").status_code == 302


def test_sign_ins_without_a_username_are_counted_by_address_only(world):
    # Rows without a username (SSO sign-ins refused at a locked address) must not add up
    # across addresses as if they were one account.
    for i in range(12):
        AccessAttempt.objects.create(
            username=None,
            ip_address=f"127.0.1.{i}",
            user_agent="",
            failures_since_start=1,
            attempt_time=dt.datetime.now(dt.UTC),
            get_data="",
            post_data="",
            http_accept="",
            path_info="/tai-khoan/sso/callback/",
        )
    from dieuhanh.accounts.throttling import SignInAttemptHandler

    request = RequestFactory().get("/tai-khoan/sso/callback/", REMOTE_ADDR="127.0.2.1")
    request.axes_ip_address = "127.0.2.1"  # type: ignore[attr-defined]
    request.axes_user_agent = ""  # type: ignore[attr-defined]
    request.axes_attempt_time = dt.datetime.now(dt.UTC)  # type: ignore[attr-defined]
    assert SignInAttemptHandler().get_failures(request, {"oidc_claims": {}}) == 0
