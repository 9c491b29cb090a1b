"""The demo logins open as `dieuhanh demo_logins` prints them: in the demo (DIEUHANH_DEMO=1,
no required second factor) every account goes straight in with the printed password."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from dieuhanh.accounts.demo import DEMO_USERS, user_load_demo_users
from dieuhanh.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users(db):  # type: ignore[no-untyped-def]
    for code in {d.unit_code for d in DEMO_USERS if d.unit_code}:
        Unit.objects.create(code=code, kind="agency", name=f"Đơn vị {code}")
    return user_load_demo_users()


def printed_logins() -> tuple[str, list[str]]:
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    return text, [line.split()[0] for line in text.splitlines() if line.startswith("  ")]


def test_every_printed_demo_login_opens_in_the_demo(demo_users):
    text, usernames = printed_logins()
    password = re.search(r"mật khẩu chung: (\S+)\)", text).group(1)  # type: ignore[union-attr]
    assert len(usernames) == 7
    assert "xác thực hai lớp tùy chọn" in text
    for username in usernames:
        client = Client()
        response = client.post("/tai-khoan/dang-nhap/", {"username": username, "password": password})
        assert response["Location"] == "/", username
        # Signed in; the account without a role sees its "no access" home page.
        assert client.get("/").status_code == (403 if username == "khongquyen" else 200), username


def test_outside_the_demo_the_administrator_and_the_leader_first_set_up_a_second_factor(demo_users, settings):
    settings.SIGNIN_2FA_REQUIRED = True
    text, _ = printed_logins()
    assert "Xác thực hai lớp bắt buộc với quản trị và lãnh đạo" in text
    for username, expected in (("quantri", 302), ("lanhdao", 302), ("bqlkcn", 200)):
        client = Client()
        client.post("/tai-khoan/dang-nhap/", {"username": username, "password": "demo@2025"})
        assert client.get("/").status_code == expected, username


def test_demo_users_have_an_address_for_the_password_reset(demo_users):
    assert {u.email for u in demo_users} == {f"{d.username}@dieuhanh.local" for d in DEMO_USERS}
