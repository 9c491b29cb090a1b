"""The second factor: required of administrators and leaders outside the demo, offered to
everyone; TOTP from an authenticator app, single-use recovery codes beside it."""

from __future__ import annotations

import base64
import re

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db
SETUP = "/tai-khoan/xac-thuc-hai-lop/thiet-lap/"
VERIFY = "/tai-khoan/xac-thuc-hai-lop/"


@pytest.fixture
def required(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SIGNIN_2FA_REQUIRED = True


def sign_in(username: str, url: str = "/tai-khoan/dang-nhap/") -> Client:
    client = Client()
    response = client.post(url, {"username": username, "password": f"pw-{username}"})
    assert response.status_code == 302, response.content.decode()
    return client


def code_for(secret: str, *, step_ahead: int = 0) -> str:
    """The code an authenticator app shows for this secret (RFC 6238), worked out here.
    A code is accepted once: the next sign-in uses the next step's code (within tolerance)."""
    return f"{totp(base64.b32decode(secret), drift=step_ahead):06d}"


def enrol(client: Client) -> tuple[str, list[str]]:
    page = client.get(SETUP).content.decode()
    secret = re.search(r'data-secret="([A-Z2-7]+)"', page).group(1)  # type: ignore[union-attr]
    assert 'src="data:image/svg+xml' in page  # the QR code, inline
    done = client.post(SETUP, {"code": code_for(secret)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", done.content.decode())
    return secret, codes


def test_it_sends_an_administrator_without_an_authenticator_to_set_one_up(world, required):
    client = sign_in("alice")
    for page in ("/", "/nhiem-vu/", "/tai-khoan/", "/quan-tri/"):
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith(SETUP)
    assert "bắt buộc dùng xác thực hai lớp" in client.get(SETUP).content.decode()


def test_it_requires_it_of_leaders_too_but_not_of_reporters(world, required):
    assert sign_in("leo").get("/").status_code == 302
    assert sign_in("bob").get("/").status_code == 200


def test_it_enrols_with_a_code_from_the_secret_shown_and_hands_out_recovery_codes(world, required):
    client = sign_in("alice")
    secret, codes = enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/").status_code == 200
    device = TOTPDevice.objects.get(user=world.users["admin"])
    assert device.confirmed
    assert base64.b32encode(device.bin_key).decode() == secret


def test_it_refuses_a_wrong_code_at_enrolment(world, required):
    client = sign_in("alice")
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert "Mã không đúng" in response.content.decode()
    assert client.get("/").status_code == 302
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_it_asks_for_the_code_at_the_next_sign_in(world, required, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wait after a wrong code is tested below
    secret, _ = enrol(sign_in("alice"))
    client = sign_in("alice")
    response = client.get("/nhiem-vu/")
    assert response["Location"] == f"{VERIFY}?next=%2Fnhiem-vu%2F"
    wrong = client.post(VERIFY, {"code": "123456", "next": "/nhiem-vu/"})
    assert "Mã không đúng hoặc đã hết hạn" in wrong.content.decode()
    right = client.post(VERIFY, {"code": code_for(secret, step_ahead=1), "next": "/nhiem-vu/"})
    assert right["Location"] == "/nhiem-vu/"
    assert client.get("/nhiem-vu/").status_code == 200


def test_it_makes_whoever_keeps_guessing_wait(world, required):
    secret, _ = enrol(sign_in("alice"))
    client = sign_in("alice")
    TOTPDevice.objects.update(throttling_failure_count=5, throttling_failure_timestamp=timezone.now())
    response = client.post(VERIFY, {"code": code_for(secret, step_ahead=1)})
    assert "Bạn đã nhập sai nhiều lần" in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_recovery_code_opens_one_sign_in_only(world, required):
    _, codes = enrol(sign_in("alice"))
    first = sign_in("alice")
    assert first.post(VERIFY, {"code": codes[0].upper()})["Location"] == "/"
    assert "còn 9 mã" in first.get("/").content.decode()
    second = sign_in("alice")
    assert "Mã không đúng" in second.post(VERIFY, {"code": codes[0]}).content.decode()
    assert second.get("/").status_code == 302


def test_a_session_that_has_not_passed_the_second_factor_cannot_enrol_another(world, required):
    enrol(sign_in("alice"))
    intruder = sign_in("alice")  # knows the password, not the phone
    response = intruder.get(SETUP)
    assert response["Location"].startswith(VERIFY)
    assert intruder.post(SETUP, {"code": "123456"})["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=world.users["admin"]).count() == 1


def test_the_admin_login_goes_through_the_second_factor(world, required):
    secret, _ = enrol(sign_in("alice"))
    client = sign_in("alice", url="/quan-tri/login/?next=/quan-tri/")
    assert client.get("/quan-tri/")["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": code_for(secret, step_ahead=1)})
    assert client.get("/quan-tri/").status_code == 200


def test_the_api_answers_403_until_the_second_factor(world, required):
    client = sign_in("alice")
    response = client.get("/api/v1/tasks")
    assert response.status_code == 403
    assert "xác thực hai lớp" in response.json()["detail"]


def test_a_required_second_factor_cannot_be_turned_off(world, required):
    client = sign_in("alice")
    enrol(client)
    client.post("/tai-khoan/xac-thuc-hai-lop/tat/")
    assert TOTPDevice.objects.filter(user=world.users["admin"]).exists()


def test_in_the_demo_an_administrator_opens_without_a_code(world):
    assert sign_in("alice").get("/").status_code == 200


def test_in_the_demo_whoever_enrolled_is_asked_for_the_code(world):
    client = sign_in("bob")
    secret, _ = enrol(client)
    again = sign_in("bob")
    assert again.get("/")["Location"].startswith(VERIFY)
    again.post(VERIFY, {"code": code_for(secret, step_ahead=1)})
    assert again.get("/").status_code == 200


def test_a_reporter_may_turn_an_offered_second_factor_off(world):
    client = sign_in("bob")
    enrol(client)
    assert "Đang bật" in client.get("/tai-khoan/").content.decode()
    client.post("/tai-khoan/xac-thuc-hai-lop/tat/")
    assert not TOTPDevice.objects.filter(user=world.users["bql"]).exists()
    assert sign_in("bob").get("/").status_code == 200


def test_new_recovery_codes_replace_the_old_ones(world):
    client = sign_in("bob")
    _, old = enrol(client)
    page = client.post("/tai-khoan/xac-thuc-hai-lop/ma-khoi-phuc/").content.decode()
    new = re.findall(r"<li><code>([a-z2-7]+)</code></li>", page)
    assert len(new) == 10
    tokens = set(StaticToken.objects.filter(device__user=world.users["bql"]).values_list("token", flat=True))
    assert tokens == set(new) and not tokens & set(old)


def test_the_second_factor_pages_need_a_signed_in_user(world):
    for url in (SETUP, VERIFY, "/tai-khoan/"):
        response = Client().get(url)
        assert response.status_code == 302 and "dang-nhap" in response["Location"]


def test_an_operator_can_remove_a_lost_second_factor(world, required):
    from io import StringIO

    from django.core.management import call_command

    enrol(sign_in("alice"))
    call_command("signin_unlock", "alice", "--second-factor", stdout=StringIO())
    assert not TOTPDevice.objects.filter(user=world.users["admin"]).exists()
    assert sign_in("alice").get("/")["Location"].startswith(SETUP)  # set up again, not let in
