"""The enterprise portal in a real Chromium: the demo enterprise files its quarterly
report, answers the self-assessment and sends a request; the Board answers; the zone
overview reflects all three (checked against the database)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser import screenshot
from tests.test_browser_register import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):  # type: ignore[no-untyped-def]
    from dieuhanh.site.demo import demo_load
    from dieuhanh.zones.demo import zones_load_demo

    summary = demo_load(history=False)
    summary.update(zones_load_demo())
    return summary


def logout(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r".*/tai-khoan/dang-nhap/.*"))


def tile(page, attr: str) -> str:  # type: ignore[no-untyped-def]
    return page.locator(f"[{attr}]").first.inner_text().strip()


def test_an_enterprise_reports_assesses_and_asks_and_the_board_sees_it(live_server, page, demo):
    from dieuhanh.reporting.models import Report, ReportStatus
    from dieuhanh.zones.models import Assessment, Enterprise, EnterpriseRequest

    base = live_server.url
    enterprise = Enterprise.objects.get(unit__code="demo:dn-001")

    login(page, base, "bqlkcn")
    page.goto(f"{base}/khu-cong-nghiep/")
    before_assessed = int(tile(page, "data-assessed"))
    before_received = tile(page, "data-reports-received")
    logout(page)

    # The enterprise files the current quarter.
    login(page, base, "doanhnghiep")
    page.goto(f"{base}/khu-cong-nghiep/")
    expect(page.locator("h1")).to_contain_text(enterprise.name)
    page.locator("table.my-reports tr").nth(1).get_by_role("link", name="Lập báo cáo").click()
    page.get_by_role("button", name="Bắt đầu báo cáo").click()
    page.get_by_label("Tổng số lao động cuối kỳ").fill("1.250")
    page.get_by_label("Trong đó lao động nước ngoài").fill("9")
    page.get_by_label("Vốn giải ngân trong kỳ (USD)").fill("mười nghìn")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator(".field-error")).to_contain_text("không phải số tiền")
    page.get_by_label("Vốn giải ngân trong kỳ (USD)").fill("1.500.000,50")
    page.get_by_label("Tình hình thực hiện dự án").fill("Đã lắp đặt xong dây chuyền SMT số 2.")
    screenshot(page, "zones-enterprise-report-draft")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("[data-report-status]")).to_have_attribute("data-report-status", "submitted")

    # … answers the self-assessment (level 3 everywhere) …
    page.goto(f"{base}/khu-cong-nghiep/tu-danh-gia/")
    expect(page.locator(".warn-text")).to_contain_text("Bản dự thảo")
    for question in page.locator(".dx-question").all():
        question.locator("input[type=radio]").nth(3).check()  # choices run 0–5
    screenshot(page, "zones-assessment")
    page.get_by_role("button", name="Nộp bản tự đánh giá").click()
    expect(page.locator("[data-dx-result]")).to_have_attribute("data-dx-result", "3")

    # … and asks the Board a question.
    page.goto(f"{base}/khu-cong-nghiep/kien-nghi/gui/")
    page.get_by_label("Gửi tới").select_option(label="Phòng Quản lý doanh nghiệp và lao động")
    page.get_by_label("Tiêu đề").fill("Gia hạn giấy phép lao động cho chuyên gia")
    page.get_by_label("Nội dung").fill("Đề nghị hướng dẫn hồ sơ gia hạn cho 2 chuyên gia Nhật Bản.")
    page.get_by_role("button", name="Gửi yêu cầu").click()
    expect(page.locator("[data-request-status]")).to_have_attribute("data-request-status", "pending")
    logout(page)

    # The Board answers.
    login(page, base, "bqlkcn")
    page.goto(f"{base}/khu-cong-nghiep/kien-nghi/?trang_thai=pending")
    page.get_by_role("link", name="Gia hạn giấy phép lao động cho chuyên gia").click()
    page.get_by_label("Nội dung trả lời").fill("Nộp hồ sơ trước 45 ngày; mẫu kèm theo.")
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.locator("[data-request-status]")).to_have_attribute("data-request-status", "answered")
    expect(page.locator("[data-response-time]")).to_contain_text("giờ")

    # The overview reflects the report, the assessment and the answered request.
    page.goto(f"{base}/khu-cong-nghiep/")
    expect(page.locator("body")).to_have_attribute("data-charts-ready", "1")
    report = Report.objects.get(unit=enterprise.unit, status=ReportStatus.SUBMITTED)
    received = Report.objects.filter(period=report.period, first_submitted_at__isnull=False).count()
    assert tile(page, "data-reports-received").startswith(f"{received}/") and received >= 1
    assert tile(page, "data-reports-received") != before_received
    assert int(tile(page, "data-assessed")) == before_assessed + 1
    assessed = Assessment.objects.filter(status="submitted").values("enterprise").distinct().count()
    assert int(tile(page, "data-assessed")) == assessed
    assert (
        int(tile(page, "data-requests-answered"))
        == EnterpriseRequest.objects.filter(state="answered").count()
    )
    assert page.locator("#chart-dx svg").count() == 1
    screenshot(page, "zones-overview")

    # Drill down to the enterprise: its report, request and level are there.
    page.get_by_role("link", name="Đại An", exact=False).first.click()
    page.get_by_role("link", name=enterprise.name).click()
    expect(page.locator("[data-dx-level]")).to_have_attribute("data-dx-level", "3")
    expect(page.locator("body")).to_contain_text("Gia hạn giấy phép lao động cho chuyên gia")
    screenshot(page, "zones-enterprise")
