"""Signing in, in a real Chromium: the lockout after 10 wrong passwords, enrolling a phone for
the second factor (the code worked out from the secret on the page), and single sign-on
through the real OpenID Connect provider of tests/oidc_provider/."""

from __future__ import annotations

import base64

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser import screenshot
from tests.oidc import BOARD_REPORTER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def loopback(url: str) -> str:
    # The provider accepts any port on the loopback IP (RFC 8252), not on the name "localhost".
    return url.replace("localhost", "127.0.0.1")


def fill_login(page, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def code_for(secret: str, *, step_ahead: int = 0) -> str:
    return f"{totp(base64.b32decode(secret), drift=step_ahead):06d}"


def test_ten_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused(live_server, page, world):
    base = live_server.url
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    for _ in range(9):
        fill_login(page, "bob", "sai-mat-khau")
        expect(page.locator("[role=alert]")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
    fill_login(page, "bob", "sai-mat-khau")
    expect(page.locator("h1")).to_have_text("Tạm khóa đăng nhập")
    expect(page.locator("[role=alert]")).to_contain_text("thử lại sau 15 phút")
    screenshot(page, "signin-locked")

    page.goto(f"{base}/tai-khoan/dang-nhap/")
    fill_login(page, "bob", "pw-bob")
    expect(page.locator("h1")).to_have_text("Tạm khóa đăng nhập")
    page.goto(f"{base}/")
    assert "/tai-khoan/dang-nhap/" in page.url  # still signed out


def test_an_administrator_enrols_a_phone_and_is_asked_for_its_code_next_time(
    live_server, page, world, settings
):
    settings.SIGNIN_2FA_REQUIRED = True
    base = live_server.url
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    fill_login(page, "alice", "pw-alice")
    expect(page.locator("h1")).to_have_text("Thiết lập xác thực hai lớp")
    expect(page.get_by_alt_text("Mã QR để thêm dieuhanh vào ứng dụng xác thực")).to_be_visible()
    screenshot(page, "signin-2fa-setup")
    page.set_viewport_size(PHONE)
    screenshot(page, "signin-2fa-setup-phone")
    page.set_viewport_size(DESKTOP)

    shown = page.locator(".totp-secret").inner_text()  # what a person would type into the app
    secret = shown.replace(" ", "")
    page.get_by_label("Mã xác thực").fill(code_for(secret))
    page.get_by_role("button", name="Xác nhận và bật").click()
    expect(page.locator("h1")).to_have_text("Mã khôi phục")
    assert page.locator(".recovery-codes li").count() == 10
    screenshot(page, "signin-2fa-recovery-codes")
    page.get_by_role("link", name="Tôi đã lưu mã, tiếp tục").click()
    expect(page.locator("h1")).to_have_text("Tổng quan chương trình")

    page.get_by_role("button", name="Đăng xuất").click()
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    fill_login(page, "alice", "pw-alice")
    expect(page.locator("h1")).to_have_text("Xác thực hai lớp")
    screenshot(page, "signin-2fa-verify")
    page.get_by_label("Mã xác thực").fill("000000")
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator(".field-error")).to_contain_text("Mã không đúng")
    page.wait_for_timeout(1100)  # django-otp makes a wrong guess wait one second
    page.get_by_label("Mã xác thực").fill(code_for(secret, step_ahead=1))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator("h1")).to_have_text("Tổng quan chương trình")


def test_a_reporter_signs_in_through_the_provinces_sso(live_server, page, world, sso):
    bob = world.users["bql"]
    bob.email = BOARD_REPORTER.email
    bob.save()
    base = loopback(live_server.url)
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    screenshot(page, "signin-login-with-sso")
    page.get_by_role("link", name="Đăng nhập bằng SSO").click()
    expect(page.locator("h1")).to_have_text("Cổng đăng nhập một lần của tỉnh (thử nghiệm)")
    assert page.url.startswith(sso.url)
    page.get_by_label("Tài khoản SSO").fill(BOARD_REPORTER.username)
    page.get_by_label("Mật khẩu SSO").fill(BOARD_REPORTER.password)
    page.get_by_role("button", name="Đăng nhập SSO").click()
    page.wait_for_url(f"{base}/")
    expect(page.locator("h1")).to_contain_text("Ban Quản lý Khu kinh tế Hải Phòng")
    expect(page.locator(".who-name")).to_have_text(bob.display_name())
    page.get_by_role("link", name="Tài khoản").click()
    expect(page.locator("h1")).to_have_text("Tài khoản của tôi")
    screenshot(page, "signin-account")
