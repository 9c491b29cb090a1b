"""Passwords: every user changes their own, anyone resets a forgotten one by e-mail, and the
policy explains itself in Vietnamese."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db
CHANGE = "/tai-khoan/doi-mat-khau/"
RESET = "/tai-khoan/quen-mat-khau/"
NEW_PASSWORD = "Hoa-phuong-do-2026"


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def change(client: Client, old: str, new: str):  # type: ignore[no-untyped-def]
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


@pytest.mark.parametrize("who", ["admin", "leader", "bql", "commune", "enterprise", "nobody"])
def test_every_user_may_change_their_password(world, who):
    user = world.users[who]
    client = signed_in(user)
    assert client.get(CHANGE).status_code == 200
    response = change(client, f"pw-{user.username}", NEW_PASSWORD)
    assert response["Location"] == "/tai-khoan/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert "Đã đổi mật khẩu" in client.get("/tai-khoan/").content.decode()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ngan-1", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
        ("2026202620262026", "Mật khẩu không được chỉ gồm chữ số."),
        ("password123", "Mật khẩu này quá phổ biến, dễ bị đoán ra."),
        ("lethibaocao2026", "Mật khẩu quá giống địa chỉ email của tài khoản."),
    ],
)
def test_it_explains_the_password_policy_in_vietnamese(world, password, message):
    world.users["bql"].email = "lethibaocao@haiphong.gov.vn"
    world.users["bql"].save()
    response = change(signed_in(world.users["bql"]), "pw-bob", password)
    assert response.status_code == 200
    assert message in response.content.decode()
    world.users["bql"].refresh_from_db()
    assert world.users["bql"].check_password("pw-bob")


def test_it_refuses_a_change_with_a_wrong_old_password(world):
    response = change(signed_in(world.users["bql"]), "khong-dung", NEW_PASSWORD)
    assert response.status_code == 200
    assert "Mật khẩu hiện tại không đúng" in response.content.decode()


def test_the_password_pages_need_a_signed_in_user(world):
    response = Client().get(CHANGE)
    assert response.status_code == 302 and "dang-nhap" in response["Location"]


def test_it_resets_a_forgotten_password_through_a_vietnamese_email(world):
    bob = world.users["bql"]
    bob.email = "bob@haiphong.gov.vn"
    bob.save()
    client = Client()
    for _ in range(10):  # locked out first: the reset opens the account again
        client.post("/tai-khoan/dang-nhap/", {"username": "bob", "password": "sai"})
    assert AccessAttempt.objects.filter(username="bob").exists()

    done = client.post(RESET, {"email": "BOB@haiphong.gov.vn"}, follow=True)
    assert "Kiểm tra hộp thư" in done.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bob@haiphong.gov.vn"]
    assert message.subject == "Đặt lại mật khẩu tài khoản dieuhanh"
    assert "Kính gửi" in message.body and "bob" in message.body
    link = re.search(r"http://testserver(/tai-khoan/dat-lai-mat-khau/\S+/)", message.body).group(1)  # type: ignore[union-attr]

    form = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "12345", "new_password2": "12345"})
    assert "Mật khẩu quá ngắn" in weak.content.decode()
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    bob.refresh_from_db()
    assert bob.check_password(NEW_PASSWORD)
    assert not AccessAttempt.objects.filter(username="bob").exists()
    login = Client().post("/tai-khoan/dang-nhap/", {"username": "bob", "password": NEW_PASSWORD})
    assert login.status_code == 302

    again = client.get(link)  # a link works once
    assert "không hợp lệ hoặc đã được dùng" in again.content.decode()


def test_it_sends_nothing_for_an_unknown_address_and_says_the_same(world):
    response = Client().post(RESET, {"email": "khong-ai@haiphong.gov.vn"}, follow=True)
    assert "Kiểm tra hộp thư" in response.content.decode()
    assert mail.outbox == []


def test_the_login_page_links_to_the_password_reset(world):
    assert RESET in Client().get("/tai-khoan/dang-nhap/").content.decode()


def test_an_sso_only_account_is_told_where_its_password_lives(world):
    user = world.users["nobody"]
    user.set_unusable_password()
    user.save()
    page = signed_in(user).get(CHANGE).content.decode()
    assert "mật khẩu do hệ thống SSO quản lý" in page
    assert 'name="old_password"' not in page
