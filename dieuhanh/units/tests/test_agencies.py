"""The demo agencies and their reorganisations of 01/03/2025 and 01/07/2025."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dieuhanh.units.agencies import ProvincesNotLoaded, units_load_agencies
from dieuhanh.units.models import Province, Unit, UnitSuccession
from dieuhanh.units.structure import unit_children, unit_lineage_ids, unit_successors
from dieuhanh.units.tests.conftest import AFTER_MERGER, BEFORE_MERGER, unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hai_phong_units")]

BEFORE_DEPARTMENT_MERGE = dt.date(2025, 2, 28)
AFTER_DEPARTMENT_MERGE = dt.date(2025, 3, 1)


def codes(ids: set[int]) -> set[str]:
    return set(Unit.objects.filter(id__in=ids).values_list("code", flat=True))


def successor_codes(code: str, on: dt.date) -> list[tuple[str, Decimal]]:
    return [(u.code, share) for u, share in unit_successors(unit=unit(code), on=on)]


def test_lineage_of_the_hai_phong_economic_zone_board_includes_the_hai_duong_industrial_zones_board() -> None:
    assert codes(unit_lineage_ids(unit=unit("hp:bql-kkt"))) == {"hp:bql-kkt", "hd:bql-kcn"}


def test_lineage_of_hai_phong_agriculture_and_environment_reaches_both_departments_merged_in_march() -> None:
    assert codes(unit_lineage_ids(unit=unit("hp:so-nnmt"))) == {
        "hp:so-nnmt", "hd:so-nnmt", "hd:so-tnmt", "hd:so-nnptnt",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hd:so-tttt", "hd:so-khcn"),
        ("hd:so-khdt", "hd:so-tc"),
        ("hd:so-gtvt", "hd:so-xd"),
        ("hd:so-tnmt", "hd:so-nnmt"),
        ("hd:so-nnptnt", "hd:so-nnmt"),
        ("hd:so-ldtbxh", "hd:so-noivu"),
    ],
)
def test_it_records_the_department_merges_of_1_march_2025(old: str, new: str) -> None:
    row = UnitSuccession.objects.get(predecessor__code=old)
    assert (row.successor.code, row.effective_on, row.weight) == (new, AFTER_DEPARTMENT_MERGE, 1)
    assert unit(old).valid_to == BEFORE_DEPARTMENT_MERGE


def test_a_merged_department_carries_its_own_work_until_it_ends() -> None:
    assert successor_codes("hd:so-tttt", BEFORE_DEPARTMENT_MERGE) == [("hd:so-tttt", Decimal(1))]


def test_a_merged_department_s_work_follows_it_through_both_reorganisations() -> None:
    assert successor_codes("hd:so-tttt", AFTER_DEPARTMENT_MERGE) == [("hd:so-khcn", Decimal(1))]
    assert successor_codes("hd:so-tttt", AFTER_MERGER) == [("hp:so-khcn", Decimal(1))]


def test_the_department_created_in_march_did_not_exist_before() -> None:
    assert unit("hd:so-nnmt").valid_from == AFTER_DEPARTMENT_MERGE
    assert successor_codes("hd:so-nnmt", BEFORE_DEPARTMENT_MERGE) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hd:ubnd", "hp:ubnd"),
        ("hd:tinh-uy", "hp:thanh-uy"),
        ("hd:bql-kcn", "hp:bql-kkt"),
        ("hd:vnpt", "hp:vnpt"),
    ],
)
def test_each_hai_duong_body_goes_into_its_hai_phong_counterpart_on_1_july_2025(old: str, new: str) -> None:
    assert successor_codes(old, AFTER_MERGER) == [(new, Decimal(1))]


def test_the_press_and_the_state_bank_branch_are_left_without_successor() -> None:
    for code in ("hd:bao", "hd:dai-ptth", "hd:nhnn"):
        assert successor_codes(code, AFTER_MERGER) == []


def test_hai_duong_agencies_hang_under_the_old_province_until_the_merger() -> None:
    agencies = unit_children(unit=unit("vn2024:p:30"), on=BEFORE_MERGER).filter(kind=Unit.Kind.AGENCY)
    assert agencies.filter(code="hd:so-khcn").exists()
    assert not agencies.filter(code="hd:so-tttt").exists()


def test_hai_phong_agencies_move_from_the_old_city_to_the_new_one() -> None:
    before = unit_children(unit=unit("vn2024:p:31"), on=BEFORE_MERGER)
    after = unit_children(unit=unit("vn2025:p:31"), on=AFTER_MERGER)
    assert before.filter(code="hp:so-khcn").exists() and after.filter(code="hp:so-khcn").exists()
    assert not unit_children(unit=unit("vn2024:p:31"), on=AFTER_MERGER).filter(code="hp:so-khcn").exists()


def test_agency_names_use_the_seed_documents_spelling() -> None:
    assert unit("hd:bql-kcn").name == "Ban Quản lý các khu công nghiệp tỉnh Hải Dương"
    assert unit("hd:tinh-uy").name == "Tỉnh ủy Hải Dương"


def test_loading_the_agencies_twice_changes_nothing() -> None:
    assert not units_load_agencies().changed


def test_it_refuses_to_load_agencies_before_the_provinces() -> None:
    Province.objects.all().delete()  # it holds the province unit
    Unit.objects.filter(code="vn2025:p:31").delete()
    with pytest.raises(ProvincesNotLoaded, match="vn2025:p:31"):
        units_load_agencies()
