"""The report's Excel in a real Chromium: the reporter downloads the workbook from the page,
uploads it back unchanged (nothing changes), then uploads a workbook with a formula in the
task-code column and sees the refusal with its sheet, row and column."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_report_workbook_round_trips_and_a_formula_is_refused_by_cell(
    live_server, page, world, reporting, tmp_path: Path
):  # type: ignore[no-untyped-def]
    from dieuhanh.reporting import services

    bob = world.users["bql"]
    report = services.report_open(user=bob, period=reporting.june, unit=world.units["hd_bql"])
    first = report.task_updates.select_related("task").get(task__code="T-BQL-1")
    first.progress, first.percent, first.result = "blocked", 30, "=Chờ kinh phí, không phải công thức"
    first.save()
    base = live_server.url
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(bob.username)
    page.get_by_label("Mật khẩu").fill("pw-" + bob.username)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/bao-cao/{report.pk}/")

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải tệp Excel của báo cáo").click()
    downloaded = tmp_path / "bao-cao.xlsx"
    info.value.save_as(downloaded)
    page.locator("#f-excel").set_input_files(str(downloaded))
    page.get_by_role("button", name="Nhập từ Excel").click()
    expect(page.get_by_text("Đã nhập báo cáo từ tệp “bao-cao.xlsx”.")).to_be_visible()
    first.refresh_from_db()
    assert (first.progress, first.percent, first.result) == (
        "blocked",
        30,
        "=Chờ kinh phí, không phải công thức",
    )

    wb = load_workbook(downloaded)
    wb["Báo cáo"]["A8"] = '=IF(TRUE,"T-BQL-2")'
    hostile = tmp_path / "cong-thuc.xlsx"
    out = io.BytesIO()
    wb.save(out)
    hostile.write_bytes(out.getvalue())
    page.locator("#f-excel").set_input_files(str(hostile))
    page.get_by_role("button", name="Nhập từ Excel").click()
    alert = page.get_by_role("alert").filter(has_text="có công thức")
    expect(alert).to_contain_text("Tệp “cong-thuc.xlsx” có công thức, không nhập gì:")
    expect(alert).to_contain_text(re.compile(r"Trang “Báo cáo”, dòng 8, cột A: có công thức"))
    page.set_viewport_size({"width": 1366, "height": 900})
    alert.scroll_into_view_if_needed()
    screenshot(page, "excel-refused-1366", full_page=False)
    page.set_viewport_size({"width": 390, "height": 844})
    alert.scroll_into_view_if_needed()
    screenshot(page, "excel-refused-390", full_page=False)


def test_a_refused_data_import_offers_its_errors_as_a_csv(live_server, page, world, tmp_path: Path):  # type: ignore[no-untyped-def]
    from dieuhanh.indicators.models import Indicator

    Indicator.objects.create(
        code="TL_TT", name="Tỷ lệ hồ sơ trực tuyến", unit_of_measure="%", value_kind="percent"
    )
    alice = world.users["admin"]
    base = live_server.url
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(alice.username)
    page.get_by_label("Mật khẩu").fill("pw-" + alice.username)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")
    csv = tmp_path / "so-lieu.csv"
    csv.write_text("ma_chi_so,ma_don_vi,ky,gia_tri\nTL_TT,hd:so-khcn,202506,250\n", encoding="utf-8")
    page.goto(f"{base}/chi-so/nhap-du-lieu/")
    page.locator("input[type=file]").set_input_files(str(csv))
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    expect(page.locator(".import-errors")).to_contain_text(
        "Dòng 2: tỷ lệ phải từ 0 đến 100 %, không phải 250."
    )
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải danh sách lỗi (.csv)").click()
    saved = tmp_path / "loi.csv"
    info.value.save_as(saved)
    assert (
        saved.read_text(encoding="utf-8-sig").splitlines()[1]
        == '1,Dòng 2,"tỷ lệ phải từ 0 đến 100 %, không phải 250."'
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot(page, "import-errors-1366", full_page=False)
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#import-result").scroll_into_view_if_needed()
    screenshot(page, "import-errors-390", full_page=False)
