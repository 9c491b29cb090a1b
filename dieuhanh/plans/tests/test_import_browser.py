"""In a real Chromium: the administrator uploads a Word plan, reviews the drafts beside the
source text and registers them all in one step."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dieuhanh.plans.tests.fixtures.docx_plans import build_plan
from tests.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_uploads_reviews_and_registers_a_word_plan(live_server, page, world, tmp_path):
    from dieuhanh.plans.models import Document, Task

    base = live_server.url
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("alice")
    page.get_by_label("Mật khẩu").fill("pw-alice")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/nhap-ke-hoach/")
    screenshot(page, "import-upload")
    page.get_by_label("Tệp kế hoạch").set_input_files(str(build_plan(tmp_path / "ke-hoach-so-khcn.docx")))
    page.get_by_role("button", name="Đọc kế hoạch").click()

    expect(page.locator("h1")).to_contain_text("Rà soát kế hoạch: ke-hoach-so-khcn.docx")
    expect(page.locator(".source-lines")).to_contain_text("Số: 45/KH-SKHCN")
    expect(page.locator(".draft-task")).to_have_count(8)
    expect(page.locator("input[name=doc-date]")).to_have_value("10/03/2025")
    screenshot(page, "import-review")
    screenshot(page, "import-review-top", full_page=False)

    page.get_by_role("button", name="Đăng ký tất cả vào danh mục").click()
    expect(page.locator(".ok")).to_contain_text("Đã đăng ký")
    screenshot(page, "import-registered", full_page=False)
    document = Document.objects.get(number="45/KH-SKHCN")
    assert Task.objects.filter(document=document).count() == 8
