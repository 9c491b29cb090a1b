"""The steering loop in a real Chromium, on the demo up to 20/09/2025: a proposal of the
Board is answered and the chasing counts move; the Sở and the lead unit judge a target two
steps apart; the leader builds the pack of the next meeting (it opens with what the demo's
September meeting decided and shows the confidence disagreements, the target's too), records
two conclusions that become tasks; the Board reports on them in its October report, where the
answer to its proposal is shown; the pack .docx is rendered to PDF and PNG to be looked at."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from docx import Document as Docx
from playwright.sync_api import expect

from tests.browser import ARTIFACTS, screenshot
from tests.test_browser_register import login
from tests.test_browser_reporting import logout, wait_saved

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BOARD = "Ban Quản lý Khu kinh tế Hải Phòng"
KHCN = "Sở Khoa học và Công nghệ thành phố Hải Phòng"


@pytest.fixture
def demo_september(transactional_db):  # type: ignore[no-untyped-def]
    from dieuhanh.site.demo import demo_load

    return demo_load(history_until=dt.date(2025, 9, 20))


def _render_pack(path) -> list:  # type: ignore[no-untyped-def]
    """The pack as LibreOffice lays it out, one PNG a page, beside the other screenshots."""
    if not (shutil.which("soffice") and shutil.which("pdftoppm")):
        return []
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(path.parent), str(path)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = path.with_suffix(".pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(ARTIFACTS / "steering-pack")], check=True)
    return sorted(ARTIFACTS.glob("steering-pack*.png"))


def _chasing(page, addressee: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(unanswered, answered) on the chasing page for one addressee."""
    row = page.locator(f"[data-table=counts] tr[data-addressee='{addressee}']")
    if not row.count():
        return 0, 0
    return int(row.locator("td").nth(1).inner_text()), int(row.locator("td").nth(3).inner_text())


def _rate(page, code: str, level: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    row = page.locator(f"tr[data-target='{code}']")
    row.locator("select[name=level]").select_option(label=level)
    row.locator("input[name=reason]").fill(reason)
    row.get_by_role("button", name="Ghi").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi đánh giá.")


def test_one_full_steering_loop_on_the_demo(live_server, page, demo_september, tmp_path):
    from dieuhanh.plans.models import Task
    from dieuhanh.steering.models import Meeting, Proposal

    base = live_server.url
    # The first pack of a fresh demo computes every target's forecast: slow on a busy machine.
    page.set_default_timeout(180_000)
    demo_meeting = Meeting.objects.get()
    # A proposal of a demo reporter's unit (the Board's or the Sở's), from August or September.
    reporters = {BOARD: "bqlkcn", KHCN: "sokhcn"}
    recent = Proposal.objects.filter(
        unit__name__in=reporters, report__period__year=2025, report__period__number__in=[8, 9]
    )
    proposal = recent.filter(state="pending").order_by("id").first() or recent.order_by("id").first()
    assert proposal is not None, "the demo gives a reporter's unit a proposal"
    answer = proposal.answer or "Sở đã bố trí lớp tập huấn ngày 10/10/2025."

    login(page, base, "quantri")
    answered_here = proposal.is_open()
    if answered_here:  # Sở KH&CN answers it; the chasing counts move by one
        page.goto(f"{base}/dieu-hanh/kien-nghi/")
        before = _chasing(page, proposal.addressee_label)
        page.goto(f"{base}/dieu-hanh/kien-nghi/?xem=all&trang=1")
        item = page.locator(f"[data-proposal='{proposal.pk}']")
        while not item.count():
            page.get_by_role("link", name="Trang sau ›").click()
            item = page.locator(f"[data-proposal='{proposal.pk}']")
        item.locator("summary").first.click()  # "Trả lời"; the second is "Chuyển tới nơi trả lời"
        item.locator("select[name=state]").select_option("answered")
        item.locator("textarea[name=answer]").fill(answer)
        item.get_by_role("button", name="Ghi").click()
        expect(page.locator(".messages")).to_contain_text("Đã ghi: đã trả lời.")
        page.goto(f"{base}/dieu-hanh/kien-nghi/")
        assert _chasing(page, proposal.addressee_label) == (before[0] - 1, before[1] + 1)
    # The Sở records its own judgement of a target two steps from its lead unit's.
    page.goto(f"{base}/dieu-hanh/tin-cay/")
    _rate(page, "CT-2030-05", "Khó đạt", "Nhiều thủ tục chưa có người dùng trực tuyến")
    logout(page, base)
    login(page, base, "sokhcn")  # the lead unit of the demo's targets
    page.goto(f"{base}/dieu-hanh/tin-cay/")
    _rate(page, "CT-2030-05", "Chắc chắn đạt", "Đã tích hợp toàn bộ thủ tục lên Cổng dịch vụ công")
    expect(page.locator("tr[data-target='CT-2030-05']")).to_have_attribute("data-differs", "")
    screenshot(page, "steering-target-confidence")
    logout(page, base)

    # The leader builds the pack of the next meeting.
    login(page, base, "lanhdao")
    page.goto(f"{base}/dieu-hanh/hop/")
    page.get_by_label("Kỳ đánh giá").select_option(label=str(demo_meeting.period))
    page.get_by_label("Ngày họp").fill("2025-09-19")
    page.get_by_label("Tên cuộc họp").fill("Cuộc họp đánh giá tháng 9/2025 (bổ sung)")
    page.get_by_role("button", name="Lập tài liệu họp").click()
    expect(page.locator("h1")).to_have_text("Cuộc họp đánh giá tháng 9/2025 (bổ sung)")
    decided = page.locator("[data-section=decided] li")
    expect(decided).to_have_count(3)  # the demo meeting's three conclusions, first thing
    expect(decided.first).to_contain_text("tiến độ 40 %")  # reported on in the October report
    disagreements = page.locator("[data-section=disagreements] li")
    expect(disagreements.first).to_contain_text("Sở KH&CN Hải Phòng: Khó đạt")
    target_gap = disagreements.filter(has_text="Chỉ tiêu CT-2030-05")
    expect(target_gap).to_contain_text("Đơn vị chủ trì: Chắc chắn đạt")
    expect(target_gap).to_contain_text("Sở KH&CN Hải Phòng: Khó đạt")
    screenshot(page, "steering-pack-page")
    meeting_url = page.url
    page.goto(f"{base}/dieu-hanh/")  # the same disagreement on the leader's dashboard
    expect(page.locator("[data-disagreement]").filter(has_text="Chỉ tiêu CT-2030-05")).to_contain_text(
        "Đơn vị chủ trì: Chắc chắn đạt · Sở KH&CN Hải Phòng: Khó đạt"
    )
    page.goto(meeting_url)

    # Two conclusions, each a task of the Board with its 5 rõ.
    for text, deadline in (
        ("Hoàn thành số hóa hồ sơ doanh nghiệp trong các khu công nghiệp.", "trước ngày 31/12/2025"),
        ("Báo cáo UBND thành phố về nhu cầu nhân lực chuyển đổi số của Ban.", "trong tháng 11/2025"),
    ):
        form = page.locator("[data-form=conclusion]")
        form.get_by_label("Nội dung kết luận").fill(text)
        form.get_by_label("Cơ quan chủ trì").select_option(label=BOARD)
        form.get_by_label("Kết quả, sản phẩm").fill("Báo cáo kết quả")
        form.get_by_label("Thời hạn (ghi như văn bản)").fill(deadline)
        form.get_by_role("button", name="Ghi kết luận và giao nhiệm vụ").click()
        expect(page.locator(".messages")).to_contain_text("đã được giao")
    expect(page.locator("tr[data-conclusion]")).to_have_count(2)
    meeting = Meeting.objects.exclude(pk=demo_meeting.pk).get()
    codes = [f"KL{meeting.pk}.1", f"KL{meeting.pk}.2"]
    assert list(Task.objects.filter(code__in=codes).values_list("due", flat=True)) == [
        dt.date(2025, 12, 31),
        dt.date(2025, 11, 30),
    ]

    with page.expect_download() as info:
        page.locator("[data-download=pack]").click()
    pack = tmp_path / "tai-lieu-hop.docx"
    info.value.save_as(pack)
    assert pack.stat().st_size > 10_000
    text = "\n".join(p.text for p in Docx(str(pack)).paragraphs)
    assert (
        "Chỉ tiêu CT-2030-05. Tỷ lệ sử dụng dịch vụ công trực tuyến: đơn vị chủ trì đánh giá “chắc chắn đạt”"
        in text
    )
    shutil.copy(pack, ARTIFACTS / "steering-pack.docx")
    _render_pack(ARTIFACTS / "steering-pack.docx")
    logout(page, base)

    # The Board reports on both in October and sees the answer to its proposal.
    login(page, base, "bqlkcn")
    page.goto(f"{base}/bao-cao/")
    row = page.locator("tr", has=page.get_by_text("Tháng 10/2025", exact=True)).filter(has_text=BOARD)
    row.get_by_role("link").first.click()
    start = page.get_by_role("button", name="Bắt đầu báo cáo")
    if start.count():
        start.click()
    for code in codes:
        task = page.locator(f".task-update[data-task-code='{code}']")
        task.locator("select").select_option(label="Đang thực hiện")
        wait_saved(page)
        task.locator("input[name$='-percent']").fill("30")
        task.locator("textarea").fill("Đã giao phòng chuyên môn triển khai.")
        wait_saved(page)
    screenshot(page, "steering-board-report")
    logout(page, base)

    # The proposer reads the answer in its October report.
    login(page, base, reporters[proposal.unit.name])
    page.goto(f"{base}/bao-cao/")
    row = page.locator("tr", has=page.get_by_text("Tháng 10/2025", exact=True)).filter(
        has_text=proposal.unit.name
    )
    row.get_by_role("link").first.click()
    start = page.get_by_role("button", name="Bắt đầu báo cáo")
    if start.count():
        start.click()
    expect(page.locator(f"[data-answer='{proposal.pk}']")).to_contain_text(answer)
    screenshot(page, "steering-answer-in-report")
    if answered_here:  # the engine told the proposer too, with a link to the answer
        page.goto(f"{base}/bao-cao/thong-bao/")
        told = page.locator("ul.attention li a", has_text=f"đã được trả lời: {answer}")
        expect(told).to_have_attribute("href", f"/dieu-hanh/kien-nghi/?xem=done#kn-{proposal.pk}")
