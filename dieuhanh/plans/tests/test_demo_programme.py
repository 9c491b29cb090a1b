"""The Hải Dương demo programme: documents, targets, groups and the Board's 55 tasks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from dieuhanh.plans.demo import MissingUnitsError, programme_load_demo
from dieuhanh.plans.demo.tasks import LEAD_TEXT_726, TASKS
from dieuhanh.plans.models import Document, Target, Task, TaskGroup
from dieuhanh.plans.status import TaskStatus
from dieuhanh.units.models import Unit

pytestmark = pytest.mark.django_db

TASK_COUNT = 55
TARGET_COUNT = 17
SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"


@pytest.fixture
def units() -> dict[str, Unit]:
    names = {
        "hd:bql-kcn": "Ban Quản lý các khu công nghiệp tỉnh Hải Dương",
        "hd:so-khcn": "Sở Khoa học và Công nghệ",
        "hd:ubnd": "Ủy ban nhân dân tỉnh Hải Dương",
        "hd:tinh-uy": "Tỉnh ủy Hải Dương",
    }
    return {code: Unit.objects.create(code=code, kind="agency", name=name) for code, name in names.items()}


@pytest.fixture
def loaded(units) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return programme_load_demo()


def by_code(code: str) -> Task:
    return Task.objects.get(code=code)


def table_sizes() -> tuple[int, ...]:
    models = (Document, Target, TaskGroup, Task, Task.partner_units.through)
    return tuple(model.objects.count() for model in models)


def test_it_loads_the_whole_programme_and_says_how_much(loaded):
    assert loaded == {
        "Văn bản": 5,
        "Chỉ tiêu": TARGET_COUNT,
        "Nhóm nhiệm vụ": 10,
        "Nhiệm vụ": TASK_COUNT,
        "Kế hoạch chờ rà soát": 1,
    }
    assert table_sizes()[:4] == (5, TARGET_COUNT, 10, TASK_COUNT)


def test_the_demo_has_a_national_annex_waiting_for_review_with_its_local_tasks_marked(loaded):
    from dieuhanh.plans.models_import import PlanImport

    draft = PlanImport.objects.get(status="draft").draft
    assert draft["document"]["number"] == "03/NQ-CP" and draft["level"] == "national"
    assert [t["in_scope"] for t in draft["tasks"]] == [True, True, False, False, True, True]
    assert [(t["comparator"], t["value"], t["horizon"]) for t in draft["targets"]] == [
        ("top", 3, 2030), ("top", 50, 2030), (">=", 30, 2030), (">=", 50, 2045)
    ]  # fmt: skip


def test_loading_twice_changes_nothing(loaded):
    before = table_sizes()
    statuses = {t.code: t.status_on(dt.date(2026, 11, 23)) for t in Task.objects.all()}
    assert programme_load_demo() == loaded
    assert table_sizes() == before
    assert {t.code: t.status_on(dt.date(2026, 11, 23)) for t in Task.objects.all()} == statuses


def test_it_refuses_to_load_without_the_units_and_names_the_missing_ones(units):
    units["hd:tinh-uy"].delete()
    with pytest.raises(MissingUnitsError, match="hd:tinh-uy"):
        programme_load_demo()
    assert Document.objects.count() == 0


def test_the_boards_plan_implements_726_which_implements_113_then_03_then_57(loaded):
    board_plan = Document.objects.get(issuer__code="hd:bql-kcn")
    chain = [d.number for d in board_plan.chain()]
    assert chain == ["", "726/KH-UBND", "113-CTr/TU", "03/NQ-CP", "57-NQ/TW"]
    assert board_plan.issued_on == dt.date(2025, 2, 28)
    assert {t.document_id for t in Task.objects.all()} == {board_plan.pk}


def test_the_targets_and_the_ten_groups_belong_to_the_provinces_plan(loaded):
    plan = Document.objects.get(number="726/KH-UBND")
    assert list(plan.task_groups.values_list("number", flat=True)) == [f"2.{n}" for n in range(1, 11)]
    assert plan.targets.count() == TARGET_COUNT
    hdi = plan.targets.get(code="CT-2030-08")
    hdi_goal = (hdi.comparator, hdi.value, hdi.unit_of_measure, hdi.horizon_year)
    assert hdi_goal == ("=", Decimal("0.8"), "chỉ số", 2030)
    assert plan.targets.get(code="CT-2045-01").comparator == "top"


def test_every_task_has_its_section_group_and_a_unique_code(loaded):
    for task in Task.objects.select_related("group"):
        assert task.group.number == task.section
        assert task.code.startswith(f"KCN-{task.section}.")
    assert Task.objects.filter(section="2.3").count() == 6
    assert Task.objects.filter(section="2.4").count() == 10


def test_the_board_leads_its_own_tasks_and_coordinates_the_others(loaded, units):
    bql, khcn = units["hd:bql-kcn"], units["hd:so-khcn"]
    assert by_code("KCN-2.4.01").issuer_role == "lead" and by_code("KCN-2.4.01").lead_unit == bql
    assert by_code("KCN-2.1.b").lead_unit == bql
    for code in ("KCN-2.1.a.1", "KCN-2.1.a.2", "KCN-2.1.a.3"):
        task = by_code(code)
        assert (task.issuer_role, task.lead_unit) == ("coordinate", khcn)
        assert list(task.partner_units.all()) == [bql]
    other = by_code("KCN-2.9.02")
    assert (other.issuer_role, other.lead_unit, other.lead_text) == ("coordinate", None, LEAD_TEXT_726)
    assert list(other.partner_units.all()) == [bql]


def test_the_deadlines_are_read_from_the_clauses_as_written(loaded):
    first_22 = by_code("KCN-2.2.01")
    assert (first_22.due, first_22.recurrence) == (dt.date(2025, 5, 31), "continuous")
    budget = by_code("KCN-2.7.04")
    assert (budget.deadline_text, budget.recurrence) == ("thực hiện trước tháng 10 hàng năm", "yearly")
    assert (budget.yearly_due_month, budget.yearly_due_day) == (9, 30)
    strategic = by_code("KCN-2.4.02")
    assert strategic.condition == "sau khi Đề án/Chương trình được Trung ương ban hành"
    assert strategic.due is None and strategic.status_on(dt.date(2026, 11, 23)) == TaskStatus.AWAITING
    assert by_code("KCN-2.9.03").due == dt.date(2025, 11, 30)
    data_bases = by_code("KCN-2.4.06")
    assert (data_bases.recurrence, data_bases.due) == ("yearly", dt.date(2025, 12, 31))
    assert by_code("KCN-2.4.01").due == dt.date(2025, 12, 31)
    assert by_code("KCN-2.1.c").deadline_text == ""


def test_every_deadline_clause_of_the_seed_is_understood(loaded):
    for task in Task.objects.exclude(deadline_text=""):
        understood = task.due or task.recurrence != "none" or task.condition
        assert understood, task.code


def test_without_reports_the_statuses_follow_the_deadlines_alone(loaded):
    on = dt.date(2026, 11, 23)
    statuses = {t.code: t.status_on(on) for t in Task.objects.all()}
    assert not Task.objects.exclude(completed_on=None).exists()
    assert statuses["KCN-2.2.01"] == TaskStatus.OVERDUE
    assert statuses["KCN-2.1.b"] == TaskStatus.ONGOING
    assert statuses["KCN-2.7.04"] == TaskStatus.OVERDUE
    assert statuses["KCN-2.4.02"] == TaskStatus.AWAITING
    assert statuses["KCN-2.1.c"] == TaskStatus.NO_DEADLINE
    assert statuses["KCN-2.4.06"] == TaskStatus.NOT_YET_DUE  # the 31/12/2026 occurrence


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not checked out here")
def test_every_task_text_and_clause_is_quoted_from_the_seed():
    seed = " ".join(next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8").replace("*", "").split())
    for spec in TASKS:
        assert spec.text in seed, spec.code
        with_clause = {f"{spec.text}, {spec.deadline}", f"{spec.text} {spec.deadline}"}
        assert not spec.deadline or any(quote in seed for quote in with_clause), spec.code
