"""Walk the register in a real Chromium, logged in as a reporter and as the administrator,
on the full Hải Dương demo; figures on the page are checked against the database."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):  # type: ignore[no-untyped-def]
    from dieuhanh.site.demo import demo_load

    return demo_load(history=False)


def login(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("demo@2025")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def listed_count(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.locator(".result-line").get_attribute("data-count"))


def test_a_wrong_password_gets_a_vietnamese_message(live_server, page, demo):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("bqlkcn")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.locator("[role=alert]").inner_text()


def test_the_board_reporter_walks_their_register(live_server, page, demo):
    from dieuhanh.accounts.models import User
    from dieuhanh.plans.selectors import task_list
    from dieuhanh.plans.status import TaskStatus

    user = User.objects.get(username="bqlkcn")
    today = timezone.localdate()
    rows = task_list(user=user, on=today)
    login(page, live_server.url, "bqlkcn")
    assert "Nhiệm vụ của Ban Quản lý Khu kinh tế Hải Phòng" in page.locator("h1").inner_text()
    screenshot(page, "reporter-home")

    page.get_by_role("link", name="Nhiệm vụ", exact=True).click()
    assert listed_count(page) == len(rows) > 40
    overdue = sum(1 for r in rows if r.status == TaskStatus.OVERDUE)
    page.get_by_label("Tình trạng", exact=True).select_option(label="Quá hạn")
    expect(page.locator(".result-line")).to_have_attribute("data-count", str(overdue))
    assert page.locator("tbody tr").count() == overdue
    screenshot(page, "reporter-register-overdue")

    page.locator("tbody tr a").first.click()
    assert page.locator("h2", has_text="5 rõ").is_visible()
    assert page.get_by_text("Rõ thời gian").is_visible()
    screenshot(page, "reporter-task")


def test_the_administrator_walks_the_whole_register(live_server, page, demo):
    from dieuhanh.plans.models import Task, TaskGroup

    login(page, live_server.url, "quantri")
    assert "Tổng quan chương trình" in page.locator("h1").inner_text()
    total = int(page.locator(".tile .tile-n").first.inner_text())
    assert total == Task.objects.count()
    screenshot(page, "admin-home")

    page.goto(f"{live_server.url}/nhiem-vu/")
    assert listed_count(page) == Task.objects.count()
    group = TaskGroup.objects.get(number="2.7")
    page.get_by_label("Nhóm nhiệm vụ").select_option(value=str(group.pk))
    expected = Task.objects.filter(group=group).count()
    expect(page.locator(".result-line")).to_have_attribute("data-count", str(expected))

    page.goto(f"{live_server.url}/nhiem-vu/?q=phu+song+5G")
    assert listed_count(page) >= 1
    assert "5G" in page.locator("tbody").inner_text()
    page.locator("tbody tr a").first.click()
    body = page.locator("main").inner_text()
    assert "31/12/2025" in body or "12/2025" in body
    assert re.search(r"\d{2}/\d{2}/\d{4}", body)

    page.goto(f"{live_server.url}/chi-tieu/")
    assert "Đến năm 2030" in page.locator("main").inner_text()
    assert "0,8" in page.locator("main").inner_text()
    screenshot(page, "admin-targets")


def test_the_register_is_readable_at_phone_width(live_server, chromium, demo):
    context = chromium.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, device_scale_factor=2
    )
    pg = context.new_page()
    login(pg, live_server.url, "bqlkcn")
    pg.goto(f"{live_server.url}/nhiem-vu/")
    # On a phone the table turns into cards: no horizontal scrolling.
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    screenshot(pg, "reporter-register-phone", full_page=False)
    context.close()


def test_an_enterprise_user_is_refused_the_register_in_the_browser(live_server, page, demo):
    login(page, live_server.url, "doanhnghiep")
    response = page.goto(f"{live_server.url}/nhiem-vu/")
    assert response.status == 403
    assert "Không có quyền truy cập" in page.locator("h1").inner_text()
