"""The loader of real administrative units (package `vietnamadminunits`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from dieuhanh.units.admin_data import units_load_administrative
from dieuhanh.units.models import Unit, UnitParent, UnitSuccession
from dieuhanh.units.structure import unit_children, unit_descendant_ids
from dieuhanh.units.tests.conftest import AFTER_MERGER, BEFORE_MERGER, unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("all_units")]


def test_it_loads_every_province_and_commune_in_force_since_july_2025() -> None:
    new = Unit.objects.filter(code__startswith="vn2025:")
    assert new.filter(kind=Unit.Kind.PROVINCE).count() == 34
    assert new.filter(kind=Unit.Kind.COMMUNE).count() == 3321
    assert set(new.values_list("valid_from", flat=True)) == {AFTER_MERGER}
    assert set(new.values_list("valid_to", flat=True)) == {None}


def test_it_puts_114_communes_under_hai_phong_after_the_merger() -> None:
    communes = unit_children(unit=unit("vn2025:p:31"), on=AFTER_MERGER)
    assert communes.count() == 114
    assert Counter(communes.values_list("subtype", flat=True)) == {"Xã": 67, "Phường": 45, "Đặc khu": 2}


def test_it_keeps_a_commune_s_code_type_position_and_area() -> None:
    commune = unit("vn2025:w:10507")
    assert (commune.name, commune.subtype, commune.admin_code) == ("Phường Thành Đông", "Phường", "10507")
    assert commune.latitude and commune.longitude and commune.area_km2
    assert commune.source.startswith("vietnamadminunits")


def test_it_loads_hai_duong_as_it_was_in_2024() -> None:
    hai_duong = unit("vn2024:p:30")
    below = Unit.objects.filter(id__in=unit_descendant_ids(unit=hai_duong, on=BEFORE_MERGER))
    assert Counter(below.values_list("kind", flat=True)) == {"district": 12, "commune": 207}
    assert (hai_duong.valid_from, hai_duong.valid_to) == (None, BEFORE_MERGER)


def test_nothing_hangs_under_hai_duong_after_the_merger() -> None:
    assert unit_descendant_ids(unit=unit("vn2024:p:30"), on=AFTER_MERGER) == set()


def test_it_changes_nothing_when_run_twice() -> None:
    before = (Unit.objects.count(), UnitParent.objects.count(), UnitSuccession.objects.count())
    result = units_load_administrative()
    assert not result.changed
    assert result.units.unchanged == before[0]
    assert (Unit.objects.count(), UnitParent.objects.count(), UnitSuccession.objects.count()) == before


def test_it_repairs_a_unit_edited_by_hand() -> None:
    Unit.objects.filter(code="vn2025:w:10507").update(name="Sai tên", search_text="sai ten")
    result = units_load_administrative()
    assert result.units.updated == 1
    assert unit("vn2025:w:10507").search_text.startswith("phuong thanh dong")


def test_every_hai_duong_commune_has_a_successor_and_its_shares_sum_to_one() -> None:
    shares = _shares_by_predecessor(code_prefix="vn2024:w:")
    hai_duong = unit_descendant_ids(unit=unit("vn2024:p:30"), on=BEFORE_MERGER)
    communes = Unit.objects.filter(id__in=hai_duong, kind=Unit.Kind.COMMUNE).values_list("code", flat=True)
    assert {code for code in communes if code not in shares} == set()
    assert {code: total for code, total in shares.items() if total != 1} == {}


def test_it_splits_a_divided_commune_by_the_area_of_its_new_communes() -> None:
    # Xã Lê Lợi (Gia Lộc) was divided between Xã Gia Lộc (21,78 km²) and Xã Yết Kiêu (21,53 km²).
    rows = UnitSuccession.objects.filter(predecessor__code="vn2024:w:11041").order_by("-weight")
    assert [(r.successor.name, r.weight, r.kind) for r in rows] == [
        ("Xã Gia Lộc", Decimal("0.502886"), UnitSuccession.Kind.SPLIT),
        ("Xã Yết Kiêu", Decimal("0.497114"), UnitSuccession.Kind.SPLIT),
    ]


def test_old_hai_duong_and_old_hai_phong_go_into_the_new_hai_phong() -> None:
    rows = UnitSuccession.objects.filter(successor__code="vn2025:p:31")
    assert {(r.predecessor.code, r.weight, r.effective_on) for r in rows} == {
        ("vn2024:p:30", Decimal(1), AFTER_MERGER),
        ("vn2024:p:31", Decimal(1), AFTER_MERGER),
    }


def test_every_succession_takes_effect_on_1_july_2025() -> None:
    dates = set(UnitSuccession.objects.values_list("effective_on", flat=True))
    assert dates == {AFTER_MERGER}


def test_districts_get_no_successor_except_an_island_district_without_communes() -> None:
    with_successor = UnitSuccession.objects.filter(predecessor__kind=Unit.Kind.DISTRICT)
    assert [(r.predecessor.name, r.successor.name) for r in with_successor] == [
        ("Huyện Bạch Long Vĩ", "Đặc khu Bạch Long Vĩ")
    ]


def test_the_command_prints_a_vietnamese_summary_with_grouped_numbers() -> None:
    out = _call("load_units", "--no-agencies")
    assert "Đã nạp 34 tỉnh, thành phố và 3.321 xã, phường, đặc khu (từ 01/07/2025)." in out
    assert "2 tỉnh, thành phố; 27 huyện, quận, thị xã, thành phố; 374 xã, phường, thị trấn" in out
    assert "thêm mới 0, cập nhật 0, giữ nguyên 3.758" in out


def _shares_by_predecessor(*, code_prefix: str) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    rows = UnitSuccession.objects.filter(predecessor__code__startswith=code_prefix)
    for code, weight in rows.values_list("predecessor__code", "weight"):
        totals[code] += weight
    return dict(totals)


def _call(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_its_result_reads_as_a_vietnamese_summary_that_merges_with_others() -> None:
    summary = dict(units_load_administrative())
    assert summary["Xã, phường, đặc khu (từ 01/07/2025)"] == 3321
    assert summary["Huyện, quận, thị xã, thành phố (trước 01/07/2025)"] == 27


def test_it_names_an_unknown_province_code_instead_of_loading_half() -> None:
    with pytest.raises(ValueError, match="trước 01/07/2025 với mã: 99"):
        units_load_administrative(legacy_provinces=["30", "99"])
