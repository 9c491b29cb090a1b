"""The enterprise's quarterly report in a real Chromium, through the reporting engine: the
demo enterprise files it, the Board (told in the app) returns it with a comment, the
enterprise (told in the app) corrects and sends it again, and the Board compares the two
versions and accepts it — its labour figures then become the registry's."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import screenshot
from tests.test_browser_register import login
from tests.test_browser_zones import demo, logout  # noqa: F401 — the demo fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
COMMENT = "Số lao động nước ngoài chưa khớp với giấy phép lao động đã cấp; đề nghị kiểm tra lại."


def open_notification(page, base: str, text: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("link", name="Thông báo").first.click()
    page.wait_for_url(f"{base}/bao-cao/thong-bao/")
    page.locator("ul.attention a", has_text=text).first.click()


def test_the_board_returns_and_then_accepts_an_enterprise_report(live_server, page, demo):  # noqa: F811
    from dieuhanh.reporting.models import Notification, Report, ReportStatus
    from dieuhanh.zones.models import Enterprise

    base = live_server.url
    enterprise = Enterprise.objects.get(unit__code="demo:dn-001")

    # The enterprise files the current quarter.
    login(page, base, "doanhnghiep")
    page.goto(f"{base}/khu-cong-nghiep/cua-toi/")
    row = page.locator("table.my-reports tbody tr").first
    quarter = row.get_attribute("data-period")
    row.get_by_role("link", name="Lập báo cáo").click()
    page.get_by_role("button", name="Bắt đầu báo cáo").click()
    page.get_by_label("Tổng số lao động cuối kỳ").fill("1.250")
    page.get_by_label("Trong đó lao động nước ngoài").fill("9")
    page.get_by_label("Lao động tuyển mới trong kỳ").fill("40")
    page.get_by_label("Tình hình thực hiện dự án").fill("Đã lắp đặt xong dây chuyền SMT số 2.")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("[data-report-status]")).to_have_attribute("data-report-status", "submitted")
    assert page.dialogs and page.dialogs[-1].startswith("Gửi báo cáo")  # asked before sending
    report = Report.objects.get(unit=enterprise.unit, period__label=quarter)
    logout(page)

    # The Board is told, opens the report from the notification and returns it with a comment.
    login(page, base, "bqlkcn")
    open_notification(page, base, f"{enterprise.name} đã gửi báo cáo {quarter}")
    page.wait_for_url(f"{base}/khu-cong-nghiep/bao-cao/{report.pk}/")
    expect(page.locator("[data-fig-workers]")).to_have_text("1.250")
    page.get_by_role("button", name="Trả lại kèm ý kiến").click()  # without a reason: refused
    expect(page.locator("[data-report-status]")).to_have_attribute("data-report-status", "submitted")
    page.get_by_label("Lý do trả lại").fill(COMMENT)
    screenshot(page, "zones-report-board-review")
    page.get_by_role("button", name="Trả lại kèm ý kiến").click()
    expect(page.locator("[data-report-status]")).to_have_attribute("data-report-status", "returned")
    logout(page)

    # The enterprise reads the reason, corrects the figure and sends it again.
    login(page, base, "doanhnghiep")
    open_notification(page, base, f"Báo cáo {quarter} bị trả lại")
    page.wait_for_url(f"{base}/khu-cong-nghiep/bao-cao/{report.pk}/")
    expect(page.locator(".msg-warning")).to_contain_text(COMMENT)
    page.get_by_label("Trong đó lao động nước ngoài").fill("12")
    for size, name in (((1366, 900), "zones-report-returned"), ((390, 844), "zones-report-returned-phone")):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        screenshot(page, name)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("[data-report-status]")).to_have_attribute("data-report-status", "submitted")
    logout(page)

    # The Board sees what changed between the two submissions and accepts.
    login(page, base, "bqlkcn")
    page.goto(f"{base}/khu-cong-nghiep/bao-cao/{report.pk}/")
    second = page.locator("[data-version='2'] table.version-changes")
    expect(second).to_contain_text("Lao động nước ngoài")
    expect(second.locator("tbody tr")).to_have_count(1)
    expect(second.locator("tbody tr td").nth(2)).to_have_text("9")
    expect(second.locator("tbody tr td").nth(3)).to_have_text("12")
    screenshot(page, "zones-report-versions")
    page.get_by_role("button", name="Duyệt báo cáo").click()
    expect(page.locator("[data-report-status]")).to_have_attribute("data-report-status", "accepted")

    report.refresh_from_db()
    enterprise.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.versions.count() == 2
    assert report.review_comment == "" and report.reviewed_by.username == "bqlkcn"
    assert (enterprise.workers, enterprise.foreign_workers) == (1250, 12)
    told = Notification.objects.filter(user__username="doanhnghiep", text__contains=COMMENT)
    assert told.count() == 1 and told.get().url == f"/khu-cong-nghiep/bao-cao/{report.pk}/"
