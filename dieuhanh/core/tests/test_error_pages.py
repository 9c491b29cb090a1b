"""Every error is answered in Vietnamese — a page for people, JSON under /api/ — and never shows
settings, the URL map, source or an exception's class."""

from __future__ import annotations

import logging

import pytest
from django.test import Client, override_settings

from dieuhanh.core.middleware import SESSION_SEEN_KEY, SessionActivityMiddleware

pytestmark = pytest.mark.django_db
LEAKS = ("Traceback", "KeyError", "secret_setting_name", "urlpatterns", "SECRET_KEY", "DATABASES", "tried")


def assert_no_leak(body: str) -> None:
    for word in LEAKS:
        assert word not in body, word


def test_an_unknown_page_is_a_vietnamese_404_without_the_url_map(world):
    client = Client()
    client.force_login(world.users["bql"])
    response = client.get("/khong-co-trang-nay/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in body
    # Django's technical 404 lists the URLconf's patterns ("quan-tri/ [name='index']"…).
    assert "URLconf" not in body and "[name=" not in body and "&lt;int:" not in body
    assert_no_leak(body)


def test_an_unknown_api_address_is_a_json_404():
    response = Client().get("/api/khong-co/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}


@override_settings(ROOT_URLCONF="dieuhanh.core.tests.urls_boom")
def test_an_unexpected_exception_is_logged_and_answered_with_the_vietnamese_500_page(caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/thu-loi/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống gặp lỗi" in body and "thời điểm" in body
    assert_no_leak(body)
    logged = "\n".join(r.getMessage() + str(r.exc_info) for r in caplog.records)
    assert "/thu-loi/" in logged and "KeyError" in logged  # the traceback goes to the log, not the page


@override_settings(ROOT_URLCONF="dieuhanh.core.tests.urls_boom")
def test_an_unexpected_exception_under_the_api_is_answered_in_json():
    response = Client(raise_request_exception=False).get("/api/v1/thu-loi")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"].startswith("Hệ thống gặp lỗi")
    assert_no_leak(response.content.decode())


def test_a_refused_csrf_check_is_a_vietnamese_page_without_the_reason(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["bql"])
    response = client.post("/tai-khoan/dang-xuat/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in body
    assert "CSRF cookie" not in body and "Forbidden" not in body


def test_a_bad_host_header_is_a_vietnamese_400():
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="ke-tan-cong.example")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
    assert "ALLOWED_HOSTS" not in response.content.decode()


def test_a_permission_denied_shows_our_own_vietnamese_reason(world):
    client = Client()
    client.force_login(world.users["nobody"])
    body = client.get("/nhiem-vu/").content.decode()
    assert "Không có quyền truy cập" in body


@override_settings(MAX_REQUEST_BYTES=1024)
def test_a_body_above_the_limit_is_refused_with_413_before_it_is_read(world):
    client = Client()
    client.force_login(world.users["admin"])
    response = client.post("/nhap-ke-hoach/", {"note": "x" * 4096})
    assert response.status_code == 413
    assert "vượt giới hạn" in response.content.decode()
    api = client.post("/api/v1/dataValueSets", data="{" + " " * 4096 + "}", content_type="application/json")
    assert api.status_code == 413 and "vượt giới hạn" in api.json()["detail"]


class _Session(dict):
    session_key = "k"
    modified = False

    def __setitem__(self, key, value):  # type: ignore[no-untyped-def]
        self.modified = True
        super().__setitem__(key, value)


@override_settings(SESSION_REFRESH_SECONDS=300)
def test_a_working_users_session_is_touched_once_per_refresh_slot_so_it_expires_only_when_idle(rf):
    middleware = SessionActivityMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    request = rf.get("/")
    request.session = _Session({"_auth_user_id": "1"})
    middleware(request, now=1_000_000.0)
    assert request.session.modified and request.session[SESSION_SEEN_KEY] == 3333
    request.session.modified = False
    middleware(request, now=1_000_100.0)  # same 5-minute slot: no write
    assert not request.session.modified
    middleware(request, now=1_000_200.0)  # the next slot: written, so the expiry moves on
    assert request.session.modified and request.session[SESSION_SEEN_KEY] == 3334


def test_an_anonymous_session_is_never_created_by_the_activity_check(rf):
    middleware = SessionActivityMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    request = rf.get("/")
    request.session = _Session()
    middleware(request, now=1_000_000.0)
    assert not request.session.modified
