"""The reporter's path in a real Chromium (issue 11): nothing typed is lost — evidence is added
without leaving the page, leaving with unsaved changes warns, a lost session gives the typing
back after logging in again — a refused submission marks every problem beside its field,
"Không thay đổi" keeps last month with one click, a second submission shows the report
read-only, and on a phone every control is at least 44 px tall with a Vietnamese file input."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def june(world, reporting):  # type: ignore[no-untyped-def]
    """Bob's June 2025 draft, after a May report that Sở KH&CN accepted."""
    from dieuhanh.reporting import services

    bob, unit = world.users["bql"], world.units["hd_bql"]
    may = services.report_open(
        user=bob, period=services.period_ensure(regime=reporting.regime, year=2025, number=5), unit=unit
    )
    update = may.task_updates.get(task__code="T-BQL-1")
    client = Client()
    client.force_login(bob)
    prefix = f"u-{update.pk}-"
    client.post(
        reverse("reporting:save", args=[may.pk]),
        {
            "version": str(may.version),
            prefix + "progress": "in_progress",
            prefix + "percent": "40",
            prefix + "result": "Đã khảo sát 12 doanh nghiệp.",
        },
    )
    may.refresh_from_db()
    services.report_submit(report_id=may.pk, user=bob, version=may.version)
    services.report_accept(report_id=may.pk, user=world.users["admin"])
    return services.report_open(user=bob, period=reporting.june, unit=unit)


def login(page, base: str, username: str = "bob") -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(f"pw-{username}")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(rf"^{re.escape(base)}/(\?.*)?$"))


def wait_saved(page) -> None:  # type: ignore[no-untyped-def]
    expect(page.locator("#save-status")).to_contain_text("Đã lưu nháp", timeout=10_000)


def saved_after(page, action) -> None:  # type: ignore[no-untyped-def]
    """Do `action` and wait for the autosave it starts to come back (not an earlier one)."""

    def is_save(response) -> bool:  # type: ignore[no-untyped-def]
        return response.request.method == "POST" and response.url.endswith("/luu/")

    with page.expect_response(is_save, timeout=15_000):
        action()
    wait_saved(page)


def task(page, code: str):  # type: ignore[no-untyped-def]
    return page.locator(f".task-update[data-task-code='{code}']")


def test_typing_survives_evidence_a_warning_before_leaving_and_a_lost_session(live_server, page, june):
    from dieuhanh.reporting.models import Report, TaskUpdate

    base, url = live_server.url, f"{live_server.url}/bao-cao/{june.pk}/"
    kinds: list[str] = []
    page.on("dialog", lambda dialog: kinds.append(dialog.type))
    login(page, base)
    page.goto(url)

    # Evidence right after typing: the draft is saved first, the page stays, the typing stays.
    first = task(page, "T-BQL-1")
    first.locator("textarea").fill("Đã tập huấn cho 30 doanh nghiệp.")
    first.locator("summary").click()
    first.get_by_label("Số văn bản").fill("45/BC-UBND")
    first.get_by_label("Ngày văn bản").fill("10/06/2025")
    first.get_by_role("button", name="Thêm minh chứng").click()
    expect(first.locator("[data-evidence-list]")).to_contain_text("Văn bản số 45/BC-UBND ngày 10/06/2025")
    expect(first.locator("[data-evidence-status]")).to_contain_text("Đã thêm minh chứng")
    assert page.url == url
    expect(first.locator("textarea")).to_have_value("Đã tập huấn cho 30 doanh nghiệp.")
    update = TaskUpdate.objects.get(report=june, task__code="T-BQL-1")
    assert update.result == "Đã tập huấn cho 30 doanh nghiệp."
    # The next autosave goes on from the reporter's own save: no conflict with itself.
    saved_after(page, lambda: page.get_by_label("Khó khăn, vướng mắc").fill("Thiếu cán bộ chuyên trách."))
    assert Report.objects.get(pk=june.pk).difficulties == "Thiếu cán bộ chuyên trách."

    # Leaving with a change not yet saved asks first.
    page.get_by_label("Đề xuất, kiến nghị").click()
    page.keyboard.type("Bổ sung kinh phí")
    page.get_by_role("link", name="Trang chủ").click()
    page.wait_for_url(f"{base}/")
    assert "beforeunload" in kinds

    # The session expires while typing: the save is refused, the typing stays on this machine…
    saved_after(page, lambda: page.goto(url))  # what was typed before leaving came back and was saved
    assert Report.objects.get(pk=june.pk).proposals == "Bổ sung kinh phí"
    page.context.clear_cookies()
    page.get_by_label("Kết quả nổi bật trong kỳ").fill("Tiếp nhận 1.234 hồ sơ trực tuyến.")
    expect(page.locator("#save-status")).to_contain_text("Phiên đăng nhập đã hết hạn", timeout=10_000)
    assert Report.objects.get(pk=june.pk).highlights == ""
    # …and comes back once the reporter has logged in again.
    login(page, base)
    saved_after(page, lambda: page.goto(url))
    expect(page.get_by_label("Kết quả nổi bật trong kỳ")).to_have_value("Tiếp nhận 1.234 hồ sơ trực tuyến.")
    assert Report.objects.get(pk=june.pk).highlights == "Tiếp nhận 1.234 hồ sơ trực tuyến."


def test_unchanged_in_one_click_every_refusal_in_place_and_a_second_submission_read_only(
    live_server, page, june
):
    from dieuhanh.reporting.models import ReportStatus, TaskUpdate

    base, url = live_server.url, f"{live_server.url}/bao-cao/{june.pk}/"
    login(page, base)
    page.goto(url)

    # Last month's accepted values beside the task; "Không thay đổi" keeps them.
    first, second = task(page, "T-BQL-1"), task(page, "T-BQL-2")
    expect(first.locator("[data-previous]")).to_contain_text("Kỳ trước (Tháng 5/2025, đã duyệt)")
    saved_after(page, lambda: first.get_by_role("button", name="Không thay đổi").click())
    expect(first.locator("input[name$='-percent']")).to_have_value("40")
    expect(first.locator("textarea")).to_have_value("Đã khảo sát 12 doanh nghiệp.")
    assert TaskUpdate.objects.get(report=june, task__code="T-BQL-1").percent == 40

    # A submission with two problems: both are shown at once, each beside its field, as typed.
    first.locator("input[name$='-completed_on']").fill("31/02/2026")
    second.locator("input[name$='-percent']").fill("250")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(first.locator(".field-error")).to_have_text(
        "Nhiệm vụ T-BQL-1: ngày “31/02/2026” không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 30/06/2025)."
    )
    expect(second.locator(".field-error")).to_have_text(
        "Nhiệm vụ T-BQL-2: tiến độ phải từ 0 đến 100 %, không phải 250."
    )
    expect(first.locator("input[name$='-completed_on']")).to_have_value("31/02/2026")
    expect(second.locator("input[name$='-percent']")).to_have_value("250")
    screenshot(page, "reporter-refused-submit")

    # Corrected, then sent from one tab while a second tab still shows the draft.
    other = page.context.new_page()
    other.on("dialog", lambda dialog: dialog.accept())
    first.locator("input[name$='-completed_on']").fill("")
    saved_after(page, lambda: second.locator("input[name$='-percent']").fill("50"))
    other.goto(url)
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("[data-report-status]")).to_have_attribute("data-report-status", "submitted")
    other.get_by_role("button", name="Gửi báo cáo").click()
    expect(other.locator("[data-report-status]")).to_have_attribute("data-report-status", "submitted")
    expect(other.locator(".messages")).to_contain_text("không gửi lại lần nữa")
    expect(other.locator("#report-form")).to_have_count(0)
    june.refresh_from_db()
    assert june.status == ReportStatus.SUBMITTED and june.versions.count() == 1


def test_on_a_phone_every_control_is_44_px_tall_and_the_file_input_speaks_vietnamese(
    live_server, page, june, tmp_path
):
    base, url = live_server.url, f"{live_server.url}/bao-cao/{june.pk}/"
    page.set_viewport_size(PHONE)
    login(page, base)
    page.goto(url)
    first = task(page, "T-BQL-1")
    first.locator("summary").click()
    short = page.evaluate(
        """() => Array.from(document.querySelectorAll(
              '.page input:not([type=hidden]):not(.file-input), .page select, .page button, '
              + '.page .button, .page summary'))
            .filter(e => e.offsetParent !== null)
            .map(e => [e.name || e.textContent.trim().slice(0, 30), e.getBoundingClientRect().height])
            .filter(([, h]) => h < 44)"""
    )
    assert short == []
    picker = first.locator(".file-pick")
    expect(picker.locator("label")).to_have_text("Chọn tệp…")
    expect(picker.locator("[data-file-name]")).to_have_text("Chưa chọn tệp nào")
    pdf = tmp_path / "bien-ban-hop.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    picker.locator("input[type=file]").set_input_files(str(pdf))
    expect(picker.locator("[data-file-name]")).to_have_text("bien-ban-hop.pdf")
    first.get_by_role("button", name="Thêm minh chứng").click()
    expect(first.locator("[data-evidence-list]")).to_contain_text("bien-ban-hop.pdf")
    first.scroll_into_view_if_needed()
    screenshot(page, "reporter-phone-task", full_page=False)
