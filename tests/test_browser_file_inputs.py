"""Every file input speaks Vietnamese (static/js/file-input.js), not the browser's own
"Choose File / No file chosen", and says which file was chosen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_plan_upload_offers_chon_tep_and_names_the_chosen_file(live_server, page, world, tmp_path):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("alice")
    page.get_by_label("Mật khẩu").fill("pw-alice")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/nhap-ke-hoach/")
    pick = page.locator(".file-pick").first
    expect(pick.locator("label.file-button")).to_have_text("Chọn tệp…")
    expect(pick.locator("[data-file-name]")).to_have_text("Chưa chọn tệp nào")
    plan = tmp_path / "ke-hoach-726.txt"
    plan.write_text("KẾ HOẠCH\n", encoding="utf-8")
    pick.locator("input[type=file]").set_input_files(str(plan))
    expect(pick.locator("[data-file-name]")).to_have_text("ke-hoach-726.txt")
    screenshot(page, "file-input-plan-upload", full_page=False)
