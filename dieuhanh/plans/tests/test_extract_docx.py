"""Word plans: a header table, Word's own bullets, an annex table with a two-row header,
merged group rows, a lead merged down two rows and cells of several paragraphs."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from dieuhanh.plans.extract import extract_path
from dieuhanh.plans.tests.fixtures.docx_plans import EXPECTED_TARGETS, EXPECTED_TASKS, build_plan
from dieuhanh.plans.tests.fixtures.scoring import score_targets, score_tasks


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> dict:
    path = build_plan(tmp_path_factory.mktemp("docx") / "ke-hoach.docx")
    return extract_path(path).to_contract()


def test_it_finds_every_task_of_a_word_plan_in_bullets_and_the_annex_table(plan):
    score = score_tasks(plan["tasks"], EXPECTED_TASKS)
    assert score.misses == []
    assert (score.precision, score.recall) == (1.0, 1.0)


def test_it_finds_the_targets_of_a_word_plan(plan):
    assert score_targets(plan["targets"], EXPECTED_TARGETS).recall == 1.0


def test_it_reads_number_date_and_issuer_from_the_header_table(plan):
    assert plan["document"]["number"] == "45/KH-SKHCN"
    assert plan["document"]["date"] == "2025-03-10"
    assert plan["document"]["issuer"] == "Sở Khoa học và Công nghệ"


def test_a_lead_cell_merged_down_two_rows_leads_both_tasks(plan):
    rows = {t["number"]: t for t in plan["tasks"] if t["number"]}
    assert rows["1"]["lead"] == rows["2"]["lead"] == ["Sở Khoa học và Công nghệ"]


def test_partners_on_separate_lines_of_a_cell_are_separate_units(plan):
    rows = {t["number"]: t for t in plan["tasks"] if t["number"]}
    assert rows["1"]["partners"] == ["Sở Nội vụ", "Sở Tài chính"]
    assert rows["3"]["role"] == "coordinate"


def test_group_rows_merged_across_the_table_become_groups(plan):
    assert {"number": "I", "title": "Phát triển tiềm lực khoa học và công nghệ"} in plan["groups"]
    assert {"number": "II", "title": "Thúc đẩy đổi mới sáng tạo trong doanh nghiệp"} in plan["groups"]


def test_a_wrapped_cell_is_read_as_one_text(plan):
    texts = [t["text"] for t in plan["tasks"]]
    assert "Rà soát, sắp xếp lại các tổ chức khoa học và công nghệ công lập trực thuộc" in texts


def test_words_automatic_list_numbers_are_read_as_numbered_items_under_their_role_heading(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("II. NHIỆM VỤ")
    document.add_paragraph("1. Hạ tầng số")
    document.add_paragraph("Ban Quản lý thực hiện phối hợp trong các công tác:")
    document.add_paragraph(
        "Kết nối mạng lưới các trung tâm đổi mới sáng tạo, hoàn thành trong tháng 6/2025.",
        style="List Number",
    )
    document.add_paragraph("Số hóa hồ sơ lưu trữ, thực hiện thường xuyên.", style="List Number")
    path = tmp_path / "auto.docx"
    document.save(str(path))
    tasks = extract_path(path).to_contract()["tasks"]
    assert [(t["text"], t["role"], t["deadline"]["due"]) for t in tasks] == [
        ("Kết nối mạng lưới các trung tâm đổi mới sáng tạo", "coordinate", "2025-06-30"),
        ("Số hóa hồ sơ lưu trữ", "coordinate", None),
    ]
