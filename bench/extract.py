"""How long `extract_plan` takes on a 100-page plan.

Builds a Word plan of 100 A4 pages (80 pages of numbered sections with bullets, each ending in
a deadline clause, then a 20-page annex table), separated by real page breaks, and times the
whole read: unzip, python-docx, cleaning, sections, tables, targets, JSON.

Then opens the import review page of a 150-task plan (in a throw-away test database, with 60
agencies to choose from, logged in as a programme administrator) and times its rendering.

usage: .venv/bin/python bench/extract.py [--pages 100] [--runs 3] [--review-tasks 150]
The last line is `pages=<n> seconds=<s> review_ms=<ms>` (best of the runs; target < 1000).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import docx  # noqa: E402
from docx.enum.text import WD_BREAK  # noqa: E402

from dieuhanh.plans.extract import extract_path  # noqa: E402

DEADLINES = [
    "hoàn thành trong tháng 6/2025",
    "thực hiện thường xuyên",
    "hoàn thành trong Quý III/2025",
    "thực hiện trước tháng 10 hằng năm",
    "hoàn thành theo hướng dẫn của Trung ương",
    "hoàn thành 12/2025 và các năm tiếp theo",
]
TASK = (
    "Tham mưu xây dựng Kế hoạch đẩy mạnh sản xuất thông minh, chuyển đổi số trong các lĩnh vực trọng điểm "
    "như nông nghiệp, công nghiệp, thương mại, tài chính, giáo dục, y tế, giao thông, xây dựng, logistics, "
    "du lịch; rà soát, đánh giá hiệu quả đầu tư cho chuyển đổi số, định kỳ công bố kết quả"
)
TASKS_PER_PAGE = 6  # about 2,700 characters: a page of 13-point Times New Roman
ROWS_PER_PAGE = 12


def build(path: Path, pages: int) -> tuple[Path, int, int]:
    document = docx.Document()
    document.add_paragraph("Số: 99/KH-UBND")
    document.add_paragraph("Hải Dương, ngày 20 tháng 02 năm 2025")
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Thực hiện chuyển đổi số trên địa bàn tỉnh")
    document.add_paragraph("II. NHIỆM VỤ, GIẢI PHÁP")
    prose_pages = pages * 4 // 5
    tasks = 0
    for page in range(prose_pages):
        document.add_paragraph(f"{page + 1}. Nhóm nhiệm vụ số {page + 1}")
        document.add_paragraph("Ủy ban nhân dân tỉnh thực hiện phối hợp trong các công tác:")
        for i in range(TASKS_PER_PAGE):
            document.add_paragraph(
                f"- {TASK} (nhiệm vụ {page + 1}.{i + 1}), {DEADLINES[i % len(DEADLINES)]}."
            )
            tasks += 1
        _page_break(document)
    table = document.add_table(rows=1, cols=6)
    for cell, title in zip(
        table.rows[0].cells,
        (
            "TT",
            "Tên nhiệm vụ",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Kết quả/Sản phẩm",
            "Thời gian hoàn thành",
        ),
        strict=True,
    ):
        cell.text = title
    for row in range((pages - prose_pages) * ROWS_PER_PAGE):
        cells = table.add_row().cells
        values = (
            str(row + 1),
            TASK,
            "Sở Khoa học và Công nghệ",
            "Sở Tài chính; Sở Nội vụ",
            "Báo cáo",
            "Quý II/2025",
        )
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
        tasks += 1
    document.save(str(path))
    return path, pages, tasks


def _page_break(document: docx.document.Document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def review_ms(tasks: int, runs: int) -> float:
    """Best time, in milliseconds, to render the review page of a plan of `tasks` tasks."""
    import django

    django.setup()
    from django.test import Client
    from django.test.runner import DiscoverRunner
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0, interactive=False)
    databases = runner.setup_databases()
    try:
        from django.urls import reverse

        from dieuhanh.accounts.models import User
        from dieuhanh.plans import importing
        from dieuhanh.units.models import Unit

        for i in range(60):
            Unit.objects.create(code=f"bench:so-{i}", kind="agency", name=f"Sở thứ {i + 1} tỉnh Bắc Ninh")
        admin = User.objects.create_user(username="bench", password="x", role="admin", is_staff=True)
        with tempfile.TemporaryDirectory() as folder:
            path, _, _ = build(Path(folder) / "ke-hoach.docx", max(2, tasks // 6 + 2))
            plan_import = importing.plan_import_create(
                data=path.read_bytes(), file_name=path.name, user=admin
            )
        plan_import.draft["tasks"] = plan_import.draft["tasks"][:tasks]
        plan_import.save()
        client = Client()
        client.force_login(admin)
        url = reverse("plans:import_review", kwargs={"pk": plan_import.pk})
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        count = response.content.decode().count('class="draft-task"')
        print(f"review: {count} tasks on the page, {len(response.content) / 1024:.0f} KiB HTML")
        return min(times)
    finally:
        runner.teardown_databases(databases)
        teardown_test_environment()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--review-tasks", type=int, default=150)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path, pages, expected = build(Path(folder) / "ke-hoach-100-trang.docx", args.pages)
        size = path.stat().st_size
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            draft = extract_path(path)
            text = json.dumps(draft.to_contract(), ensure_ascii=False)
            times.append(time.perf_counter() - start)
        found = len(draft.tasks)
    print(f"file: {size / 1024:.0f} KiB .docx, {pages} pages, {expected} tasks written")
    print(f"found: {found} tasks ({found / expected:.0%}), JSON {len(text) / 1024:.0f} KiB")
    print(f"runs: {', '.join(f'{t:.3f}s' for t in times)}; per page {min(times) / pages * 1000:.1f} ms")
    review = review_ms(args.review_tasks, args.runs)
    print(f"pages={pages} seconds={min(times):.3f} review_ms={review:.0f}")


if __name__ == "__main__":
    main()
