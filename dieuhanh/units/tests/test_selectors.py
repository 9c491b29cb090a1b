"""Reads of the hierarchy as of a date, of lineage, and the picker search."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dieuhanh.units.models import Unit
from dieuhanh.units.selectors import _unit_search as unit_search
from dieuhanh.units.selectors import _unit_tree_as_of as unit_tree_as_of
from dieuhanh.units.structure import unit_descendant_ids, unit_lineage_ids, unit_successors
from dieuhanh.units.tests.conftest import AFTER_MERGER, BEFORE_MERGER, unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hai_phong_units")]

# Xã Lê Lợi, huyện Gia Lộc: divided on 01/07/2025 between Xã Gia Lộc and Xã Yết Kiêu.
LE_LOI = "vn2024:w:11041"
GIA_LOC_DISTRICT = "vn2024:d:297"


def test_a_hai_duong_commune_sits_under_its_district_under_hai_duong_before_the_merger() -> None:
    tree = unit_tree_as_of(root=unit("vn2024:p:30"), on=BEFORE_MERGER)
    gia_loc = next(node for node in tree.children if node.unit.code == GIA_LOC_DISTRICT)
    assert LE_LOI in {node.unit.code for node in gia_loc.children}


def test_a_hai_duong_commune_is_under_hai_phong_after_the_merger_through_its_successors() -> None:
    successors = unit_successors(unit=unit(LE_LOI), on=AFTER_MERGER)
    hai_phong = unit_descendant_ids(unit=unit("vn2025:p:31"), on=AFTER_MERGER)
    assert {u.name for u, _ in successors} == {"Xã Gia Lộc", "Xã Yết Kiêu"}
    assert {u.pk for u, _ in successors} <= hai_phong
    assert unit(LE_LOI).pk not in hai_phong


def test_it_counts_hai_duong_commune_work_under_its_hai_phong_successor() -> None:
    shares = unit_successors(unit=unit(LE_LOI), on=AFTER_MERGER)
    assert sum(share for _, share in shares) == 1
    gia_loc = next(u for u, _ in shares if u.name == "Xã Gia Lộc")
    assert unit(LE_LOI).pk in unit_lineage_ids(unit=gia_loc)


def test_a_unit_in_force_carries_its_own_work() -> None:
    assert unit_successors(unit=unit(LE_LOI), on=BEFORE_MERGER) == [(unit(LE_LOI), Decimal(1))]


def test_an_abolished_district_carries_nothing_after_the_merger() -> None:
    assert unit_successors(unit=unit(GIA_LOC_DISTRICT), on=AFTER_MERGER) == []


def test_the_tree_is_read_with_one_query_per_level() -> None:
    with CaptureQueriesContext(connection) as queries:
        unit_tree_as_of(root=unit("vn2024:p:30"), on=BEFORE_MERGER)
    # the root, then province → districts/agencies → communes → (none below)
    assert len(queries) == 4


def test_descendants_are_read_with_one_query_per_level() -> None:
    root = unit("vn2024:p:30")
    with CaptureQueriesContext(connection) as queries:
        found = unit_descendant_ids(unit=root, on=BEFORE_MERGER)
    assert len(queries) == 3
    assert (
        len(found) == 12 + 207 + Unit.objects.filter(code__startswith="hd:", valid_to=BEFORE_MERGER).count()
    )


def test_search_ignores_case_and_diacritics() -> None:
    assert "vn2024:p:30" in _codes(unit_search(query="hai duong"))
    assert {"hd:so-khcn", "hp:so-khcn"} <= _codes(unit_search(query="SO KHOA HOC"))
    assert "vn2025:w:11948" in _codes(unit_search(query="Dac khu BACH LONG VI"))
    assert "hd:ubnd" in _codes(unit_search(query="ủy ban HẢI DƯƠNG"))


def test_search_matches_every_word_in_any_order() -> None:
    assert _codes(unit_search(query="kinh te hai phong")) == {"hp:bql-kkt"}


def test_search_on_a_date_finds_only_the_units_in_force_that_day() -> None:
    assert "hd:so-khcn" not in _codes(unit_search(query="khoa hoc", on=AFTER_MERGER))
    assert "hp:so-khcn" in _codes(unit_search(query="khoa hoc", on=AFTER_MERGER))


def test_search_finds_a_unit_created_by_hand() -> None:
    Unit.objects.create(code="dn:abc", kind=Unit.Kind.ENTERPRISE, name="Công ty Điện tử Đông Á")
    assert _codes(unit_search(query="dien tu dong a")) == {"dn:abc"}


def _codes(units: object) -> set[str]:
    return {u.code for u in units}  # type: ignore[attr-defined]
