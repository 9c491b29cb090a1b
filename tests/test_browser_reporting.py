"""June 2025 in a real Chromium: a commune reporter and an agency reporter file; Sở KH&CN
returns one with a comment; it comes back corrected and is accepted; the chasing page's
completeness and timeliness agree with the database."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import screenshot
from tests.test_browser_register import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_before_june(transactional_db):  # type: ignore[no-untyped-def]
    from dieuhanh.site.demo import demo_load

    # History up to May 2025, so June 2025 is still to be filed.
    return demo_load(history_until=dt.date(2025, 6, 1))


def logout(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r".*/tai-khoan/dang-nhap/.*"))


def open_june(page, base: str, unit_name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/bao-cao/")
    row = page.locator("tr", has=page.get_by_text("Tháng 6/2025", exact=True)).filter(has_text=unit_name)
    row.get_by_role("link").click()
    start = page.get_by_role("button", name="Bắt đầu báo cáo")
    if start.count():  # no report yet: a GET only offers to start one, its POST creates it
        start.click()
    expect(page.locator("h1")).to_contain_text(f"Báo cáo Tháng 6/2025 — {unit_name}")


def wait_saved(page) -> None:  # type: ignore[no-untyped-def]
    expect(page.locator("#save-status")).to_contain_text("Đã lưu nháp", timeout=10_000)


def test_june_2025_is_filed_returned_corrected_and_accepted(live_server, page, demo_before_june):
    from dieuhanh.accounts.models import Role, User
    from dieuhanh.reporting.models import Period, Report, ReportStatus
    from dieuhanh.reporting.selectors import period_board

    base = live_server.url
    june = Period.objects.get(regime__frequency="monthly", year=2025, number=6)

    # The Board's reporter (Hải Phòng today) files June 2025 for the Hải Dương Board it succeeded.
    login(page, base, "bqlkcn")
    open_june(page, base, "Ban Quản lý các khu công nghiệp tỉnh Hải Dương")
    first_task = page.locator(".task-update").first
    first_task.locator("select").select_option(label="Đang thực hiện")
    wait_saved(page)
    first_task.locator("input[name$='-percent']").fill("60")
    first_task.locator("textarea").fill("Đã xây dựng dự thảo, đang lấy ý kiến các phòng.")
    page.get_by_label("Khó khăn, vướng mắc").fill("Thiếu cán bộ chuyên trách CNTT.")
    wait_saved(page)
    screenshot(page, "reporting-agency-draft")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("[data-report-status]")).to_have_attribute("data-report-status", "submitted")
    logout(page, base)

    # The ward's reporter files for one of the old communes merged into it.
    login(page, base, "xa")
    open_june(page, base, "Phường Bình Hàn")
    page.get_by_label("Kết quả nổi bật trong kỳ").fill("Tỷ lệ hồ sơ trực tuyến đạt 80%.")
    # The commune's figures of the month (typed the Vietnamese way).
    page.locator("tr[data-indicator='DVC_HS'] input[name$='-value']").fill("1.532")
    page.locator("tr[data-indicator='DVC_HS_TT'] input[name$='-value']").fill("1.234")
    wait_saved(page)
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("[data-report-status]")).to_have_attribute("data-report-status", "submitted")
    logout(page, base)

    # Sở KH&CN returns the commune's report with a comment.
    login(page, base, "quantri")
    page.goto(f"{base}/bao-cao/don-doc/?ky={june.pk}")
    page.locator("tr[data-unit='vn2024:w:10510']").get_by_role("link", name="Xem báo cáo").click()
    page.get_by_label("Lý do trả lại").fill("Đề nghị nêu rõ số hồ sơ trực tuyến và minh chứng.")
    page.get_by_role("button", name="Trả lại kèm ý kiến").click()
    expect(page.locator("[data-report-status]")).to_have_attribute("data-report-status", "returned")
    logout(page, base)

    # The commune corrects and resubmits.
    login(page, base, "xa")
    page.locator(".bell").click()
    expect(page.locator("main")).to_contain_text("Báo cáo Tháng 6/2025 bị trả lại: Đề nghị nêu rõ số hồ sơ")
    open_june(page, base, "Phường Bình Hàn")
    expect(page.get_by_role("alert")).to_contain_text("Đề nghị nêu rõ số hồ sơ trực tuyến")
    corrected = "Tiếp nhận 1.234 hồ sơ trực tuyến (80,5 %); minh chứng: báo cáo số 45/BC-UBND."
    page.get_by_label("Kết quả nổi bật trong kỳ").fill(corrected)
    wait_saved(page)
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("[data-report-status]")).to_have_attribute("data-report-status", "submitted")
    logout(page, base)

    # Sở KH&CN compares the two versions, accepts both reports, then reads the chasing page.
    login(page, base, "quantri")
    commune_report = Report.objects.get(period=june, unit__code="vn2024:w:10510")
    page.goto(f"{base}/bao-cao/{commune_report.pk}/")
    page.get_by_role("link", name="so sánh với lần trước").click()
    expect(page.locator("td.after")).to_contain_text("1.234 hồ sơ trực tuyến")
    for report in Report.objects.filter(period=june, status=ReportStatus.SUBMITTED):
        page.goto(f"{base}/bao-cao/{report.pk}/")
        page.get_by_role("button", name="Duyệt báo cáo").click()
        expect(page.locator("[data-report-status]")).to_have_attribute("data-report-status", "accepted")
    page.goto(f"{base}/bao-cao/don-doc/?ky={june.pk}")
    admin = User.objects.filter(role=Role.ADMIN).first()
    board = period_board(user=admin, period=june, on=timezone.localdate())
    assert board.received == 2
    expect(page.locator("[data-expected]")).to_have_text(str(board.expected))
    expect(page.locator("[data-received]")).to_have_text("2")
    percent = f"{board.completeness * 100:.1f} %".replace(".", ",")
    expect(page.locator("[data-completeness]")).to_have_text(percent)
    # Filed today, long after 15/06/2025: accepted, but late.
    expect(page.locator("[data-timeliness]")).to_have_text("0,0 %")
    expect(page.locator("tr[data-unit='vn2024:w:10510'] .badge")).to_have_text("Đã duyệt (muộn)")
    from dieuhanh.indicators.models import DataValue

    recorded = DataValue.objects.get(
        indicator__code="DVC_HS_TT", unit__code="vn2024:w:10510", period="202506", source="report"
    )
    assert recorded.value == 1234
    screenshot(page, "reporting-chasing")
