"""The plan extractor on seed 001 (the Industrial Zones Board's plan) and on a province-style
plan with prose sections and an annex table, scored against hand-checked lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dieuhanh.plans.deadlines import parse_deadline
from dieuhanh.plans.demo import documents
from dieuhanh.plans.demo.tasks import TASKS
from dieuhanh.plans.extract import extract_path
from dieuhanh.plans.tests.fixtures.scoring import score_targets, score_tasks

SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"
SEED_001 = next(SEEDS.glob("001_*.txt"), None)
FIXTURES = Path(__file__).parent / "fixtures"
SCHEMA = SEEDS.parent / "contracts" / "plan-extract.schema.json"

needs_seed = pytest.mark.skipif(SEED_001 is None, reason="seed 001 not present next to the repository")
_UNITS = {"hạng": "rank", "chỉ số": "index", "% ngân sách": "% budget", "đô thị": "count", "tổ chức": "count"}


def _gold_tasks() -> list[tuple]:
    out = []
    for spec in TASKS:
        deadline = parse_deadline(spec.deadline)
        due = deadline.due.isoformat() if deadline.due else None
        out.append((spec.text, spec.section, spec.role, due, deadline.recurring, deadline.external))
    return out


def _gold_targets() -> list[tuple]:
    return [
        (
            t.comparator,
            float(t.value) if t.value % 1 else int(t.value),
            _UNITS.get(t.unit_of_measure, t.unit_of_measure),
            t.horizon_year,
        )
        for t in documents.TARGETS
    ]


@pytest.fixture(scope="module")
def seed() -> dict:
    assert SEED_001 is not None
    return extract_path(SEED_001).to_contract()


@needs_seed
def test_it_finds_every_task_of_seed_001_with_its_deadline_role_and_section(seed):
    score = score_tasks(seed["tasks"], _gold_tasks())
    assert score.misses == []
    assert (score.precision, score.recall) == (1.0, 1.0)


@needs_seed
def test_it_finds_every_target_of_seed_001_with_comparator_value_unit_and_horizon(seed):
    score = score_targets(seed["targets"], _gold_targets())
    assert score.misses == []
    assert (score.precision, score.recall) == (1.0, 1.0)


@needs_seed
def test_it_reads_the_ten_task_groups_of_seed_001(seed):
    assert [(g["number"], g["title"]) for g in seed["groups"]] == list(documents.GROUPS)


@needs_seed
def test_it_reads_the_header_of_seed_001_and_warns_about_the_blank_number_and_day(seed):
    kcn = next(d for d in documents.DOCUMENTS if d.key == "kcn")
    assert seed["document"] == {
        "title": kcn.title,
        "number": None,
        "date": kcn.issued_on.isoformat(),
        "issuer": kcn.issuer_name,
    }
    assert any("Số văn bản để trống" in w for w in seed["warnings"])
    assert any("Ngày ban hành để trống" in w for w in seed["warnings"])


@needs_seed
def test_it_reads_the_monthly_reporting_rule_of_seed_001(seed):
    assert seed["reporting_rule"] == {"frequency": "monthly", "day": 15, "to": "Sở Khoa học và Công nghệ"}


@needs_seed
def test_a_coordinated_task_names_the_lead_its_heading_gives_and_the_issuer_as_partner(seed):
    first = seed["tasks"][0]
    assert first["role"] == "coordinate"
    assert first["lead"] == ["Sở Khoa học và Công nghệ"]
    assert first["partners"] == ["Ban Quản lý các khu công nghiệp tỉnh Hải Dương"]


@needs_seed
def test_task_texts_lose_list_markers_markup_and_the_deadline_clause(seed):
    for task in seed["tasks"]:
        assert not task["text"].startswith(("- ", "a)", "*")), task["text"]
        assert "*" not in task["text"]
        assert not task["text"].endswith(("2025", "thường xuyên")), task["text"]


@needs_seed
def test_the_json_follows_the_contract_schema(seed):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(seed))
    assert errors == []


# --- a province-style plan: labelled fields, inline leads, an annex table in Markdown -----

# ruff: noqa: E501  (the expected texts read best one to a line)
PROVINCE_TASKS = [
    ("Xây dựng, trình Hội đồng nhân dân tỉnh ban hành Nghị quyết quy định chính sách hỗ trợ doanh nghiệp "
     "chuyển đổi số", "1", None, "2025-09-30", False, False),
    ("Rà soát, sửa đổi quy chế quản lý, vận hành, khai thác Trung tâm dữ liệu tỉnh", "1", None, "2025-06-30", False, False),
    ("Sở Khoa học và Công nghệ chủ trì phủ sóng 4G, 5G đến các thôn, khu dân cư còn vùng lõm sóng", "2", None,
     "2025-12-31", False, False),
    ("Phối hợp với các doanh nghiệp viễn thông xây dựng kế hoạch ngầm hóa mạng cáp viễn thông tại các đô thị",
     "2", "coordinate", None, True, False),
    ("Triển khai hệ thống camera giám sát an ninh trật tự kết nối về Trung tâm giám sát, điều hành thông minh "
     "của tỉnh", "2", "lead", None, False, True),
    ("Xây dựng Kho dữ liệu dùng chung của tỉnh", "I", None, "2025-06-30", False, False),
    ("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực", "I", None, "2025-12-31", True, False),
    ("Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh, kết nối với Cổng Dịch vụ công quốc "
     "gia theo yêu cầu của Văn phòng Chính phủ", "I", None, "2026-12-31", False, False),
    ("Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số", "II", None, None, True, False),
    ("Xây dựng sàn thương mại điện tử nông sản của tỉnh", "II", None, "2025-09-30", False, False),
    ("Đánh giá mức độ chuyển đổi số doanh nghiệp trong các khu công nghiệp", "II", None, "2025-11-30", False, False),
    ("Triển khai Đề án phổ cập kỹ năng số cho người dân", "III", None, None, True, False),
    ("Xây dựng nền tảng học tập trực tuyến mở của tỉnh", "III", None, None, False, True),
    ("Triển khai hồ sơ sức khỏe điện tử cho người dân", "III", None, None, False, True),
]  # fmt: skip
PROVINCE_TARGETS = [
    (">=", 80, "%", 2025),
    (">=", 1717420, "count", 2025),
    (">", 50, "%", 2025),
    ("<=", 25, "% GRDP", 2025),
    ("=", 1.5, "% budget", 2025),
    ("top", 15, "rank", 2030),
    ("=", 70.5, "index", 2030),
    ("<", 5, "%", 2030),
]


@pytest.fixture(scope="module")
def province() -> dict:
    return extract_path(FIXTURES / "province_plan.md").to_contract()


def test_it_finds_every_task_of_a_province_plan_in_prose_and_in_its_annex_table(province):
    score = score_tasks(province["tasks"], PROVINCE_TASKS)
    assert score.misses == []
    assert (score.precision, score.recall) == (1.0, 1.0)


def test_it_reads_quantified_targets_with_vietnamese_numbers(province):
    score = score_targets(province["targets"], PROVINCE_TARGETS)
    assert score.misses == []
    assert (score.precision, score.recall) == (1.0, 1.0)


def test_it_reads_labelled_lead_partners_and_deliverable_of_a_prose_task(province):
    first = province["tasks"][0]
    assert first["lead"] == ["Sở Khoa học và Công nghệ"]
    assert first["partners"] == ["Sở Tài chính", "Sở Tư pháp"]
    assert first["deliverable"] == "Nghị quyết của Hội đồng nhân dân tỉnh"


def test_it_reads_the_header_of_a_province_plan(province):
    assert province["document"] == {
        "title": "Kế hoạch chuyển đổi số và phát triển kinh tế số tỉnh Hải Dương năm 2025, định hướng đến "
        "năm 2030",
        "number": "1234/KH-UBND",
        "date": "2025-04-15",
        "issuer": "Ủy ban nhân dân tỉnh Hải Dương",
    }
    assert province["reporting_rule"] == {
        "frequency": "quarterly",
        "day": 20,
        "to": "Sở Khoa học và Công nghệ",
    }


def test_a_relative_deadline_gives_the_days_and_the_awaited_act(province):
    last = province["tasks"][-1]
    assert last["deadline"]["relative"] == {"days": 30, "after": "Bộ Y tế ban hành hướng dẫn"}


def test_annex_rows_keep_their_number_group_and_split_unit_lists(province):
    row = next(t for t in province["tasks"] if t["number"] == "1")
    assert row["section"] == "I" and row["group"] == "CHÍNH QUYỀN SỐ"
    assert row["partners"] == ["Các sở, ban, ngành", "UBND các huyện, thành phố"]


@needs_seed
def test_the_contract_checker_accepts_the_output_of_seed_001(seed, tmp_path):
    import subprocess
    import sys

    out = tmp_path / "001.json"
    out.write_text(json.dumps(seed, ensure_ascii=False), encoding="utf-8")
    checker = SCHEMA.parent / "check_extract.py"
    result = subprocess.run(
        [sys.executable, str(checker), str(out)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("55 tasks, 17 targets, 0 problems")
