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


def test_what_the_officer_changed_in_the_review_survives_saving_and_reloading(live_server, page, world):
    from pathlib import Path

    from dieuhanh.plans.models_import import PlanImport

    base = live_server.url
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("alice")
    page.get_by_label("Mật khẩu").fill("pw-alice")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/nhap-ke-hoach/")
    plan = Path(__file__).parent / "fixtures" / "province_plan.md"
    page.get_by_label("Tệp kế hoạch").set_input_files(str(plan))
    page.get_by_role("button", name="Đọc kế hoạch").click()
    expect(page.locator("h1")).to_contain_text("Rà soát kế hoạch: province_plan.md")

    lead = page.locator("select[name=t0-lead_unit]")
    expect(lead.locator("option:checked")).to_contain_text("Gợi ý: Sở Khoa học và Công nghệ")
    lead.select_option(value="")  # the officer clears the suggestion
    page.locator("input[name=doc-issuer]").fill("Ủy ban nhân dân tỉnh Hải Dương (bản sửa)")
    page.locator("input[name=t1-include]").uncheck()
    page.get_by_label("Tên nhóm 1").fill("Thể chế và chính sách")
    page.get_by_label("Xóa nhóm 3").check()
    page.get_by_role("button", name="Lưu chỉnh sửa").click()
    expect(page.locator("body")).to_contain_text("Đã lưu các chỉnh sửa")

    page.reload()
    expect(page.locator("select[name=t0-lead_unit] option:checked")).to_have_text("— giữ tên theo văn bản —")
    expect(page.locator("input[name=doc-issuer]")).to_have_value("Ủy ban nhân dân tỉnh Hải Dương (bản sửa)")
    expect(page.locator("input[name=t1-include]")).not_to_be_checked()
    expect(page.locator("input[name=t0-include]")).to_be_checked()
    expect(page.get_by_label("Tên nhóm 1")).to_have_value("Thể chế và chính sách")
    expect(page.get_by_label("Tên nhóm 3")).to_have_count(0)
    screenshot(page, "import-review-kept", full_page=False)

    draft = PlanImport.objects.get().draft
    assert draft["tasks"][0]["lead_unit"] is None and draft["tasks"][1]["include"] is False
    assert [g["deleted"] for g in draft["groups"]][:3] == [False, False, True]
