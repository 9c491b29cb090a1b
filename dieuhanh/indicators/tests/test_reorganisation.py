"""The real reorganisation of 01/07/2025: Hải Dương's and Hải Phòng's 2024 communes (from
vietnamadminunits' official mapping) into the communes of the new Hải Phòng."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db.models import Count
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from dieuhanh.core.periods import Period
from dieuhanh.indicators.aggregation import values_at, values_by_unit
from dieuhanh.indicators.models import DataValue, Indicator
from dieuhanh.units.admin_data import units_load_administrative
from dieuhanh.units.models import Unit, UnitParent, UnitSuccession
from dieuhanh.units.structure import unit_children

BEFORE = dt.date(2025, 6, 30)
AFTER = dt.date(2025, 7, 1)
JUNE = Period.parse("202506")


@pytest.fixture(scope="module")
def real_units(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    with django_db_blocker.unblock():
        units_load_administrative(provinces=["31"])
    yield
    with django_db_blocker.unblock():
        UnitSuccession.objects.all().delete()
        UnitParent.objects.all().delete()
        Unit.objects.all().delete()


@pytest.fixture
def communes(real_units: None, db: None) -> list[Unit]:
    """Every 2024 commune of both provinces, each with a value for June 2025."""
    return list(Unit.objects.filter(code__startswith="vn2024:w:").order_by("id"))


def _fill(ind: Indicator, units: list[Unit], period: str = "202506") -> float:
    now = timezone.now()
    rows = [
        DataValue(
            indicator=ind, unit=u, period=period, value=(u.pk % 97) + 0.25, source="demo", recorded_at=now
        )
        for u in units
    ]
    DataValue.objects.bulk_create(rows)
    return sum(r.value for r in rows)


def _at(ind: Indicator, code: str, on: dt.date) -> float | None:
    unit = Unit.objects.get(code=code)
    return values_at(indicators=[ind], unit=unit, periods=[JUNE], on=on)[(ind.pk, JUNE.code)]


def test_the_province_total_is_the_same_under_both_hierarchies(communes: list[Unit]) -> None:
    ind = Indicator.objects.create(code="HS", name="Hồ sơ")
    total = _fill(ind, communes)
    old = (_at(ind, "vn2024:p:30", BEFORE) or 0) + (_at(ind, "vn2024:p:31", BEFORE) or 0)
    new = _at(ind, "vn2025:p:31", AFTER)
    assert old == pytest.approx(total, rel=1e-12)
    assert new == pytest.approx(total, rel=1e-12)


def test_hai_duong_alone_is_counted_in_full_inside_hai_phong(communes: list[Unit]) -> None:
    ind = Indicator.objects.create(code="HS", name="Hồ sơ")
    hai_duong = [u for u in communes if _province_of(u) == "vn2024:p:30"]
    total = _fill(ind, hai_duong)
    assert len(hai_duong) > 200
    assert _at(ind, "vn2024:p:30", BEFORE) == pytest.approx(total, rel=1e-12)
    assert _at(ind, "vn2024:p:31", BEFORE) is None
    assert _at(ind, "vn2025:p:31", AFTER) == pytest.approx(total, rel=1e-12)
    # The sum over the city's communes of 01/07/2025 is that same total.
    city = Unit.objects.get(code="vn2025:p:31")
    new_communes = list(unit_children(unit=city, on=AFTER))
    by_commune = values_by_unit(indicator=ind, units=new_communes, period=JUNE, on=AFTER)
    assert sum(v for v in by_commune.values() if v) == pytest.approx(total, rel=1e-12)


def test_a_legacy_commune_counts_toward_the_commune_that_succeeded_it(communes: list[Unit]) -> None:
    ind = Indicator.objects.create(code="HS", name="Hồ sơ")
    merged = (
        UnitSuccession.objects.filter(predecessor__code__startswith="vn2024:w:", weight=1)
        .select_related("predecessor", "successor")
        .first()
    )
    assert merged is not None
    DataValue.objects.create(
        indicator=ind,
        unit=merged.predecessor,
        period="202506",
        value=42,
        source="demo",
        recorded_at=timezone.now(),
    )
    got = values_by_unit(indicator=ind, units=[merged.successor], period=JUNE, on=AFTER)
    assert got[merged.successor.pk] == pytest.approx(42)
    assert DataValue.objects.get().unit == merged.predecessor  # never rewritten


def test_a_divided_commune_is_apportioned_by_its_area_shares(communes: list[Unit]) -> None:
    ind = Indicator.objects.create(code="HS", name="Hồ sơ")
    divided = (
        UnitSuccession.objects.filter(predecessor__code__startswith="vn2024:w:")
        .values("predecessor")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("predecessor")
        .first()
    )
    assert divided is not None, "the official mapping divides some communes of Hải Dương / Hải Phòng"
    old = Unit.objects.get(pk=divided["predecessor"])
    parts = list(UnitSuccession.objects.filter(predecessor=old).select_related("successor"))
    DataValue.objects.create(
        indicator=ind, unit=old, period="202506", value=1000, source="demo", recorded_at=timezone.now()
    )
    got = values_by_unit(indicator=ind, units=[p.successor for p in parts], period=JUNE, on=AFTER)
    for part in parts:
        assert got[part.successor.pk] == pytest.approx(1000 * float(part.weight))
    assert sum(got.values()) == pytest.approx(1000)  # type: ignore[arg-type]
    assert _at(ind, "vn2025:p:31", AFTER) == pytest.approx(1000)


def test_every_legacy_commune_has_a_successor(communes: list[Unit]) -> None:
    with_successor = set(
        UnitSuccession.objects.filter(predecessor__in=communes).values_list("predecessor_id", flat=True)
    )
    assert {u.pk for u in communes} == with_successor


def _province_of(commune: Unit) -> str:
    district = UnitParent.objects.get(child=commune).parent
    return UnitParent.objects.get(child=district).parent.code


def test_the_demo_carries_the_seed_figures_and_the_same_total_under_both_hierarchies(
    real_units: None, db: None
) -> None:
    from dieuhanh.indicators.demo import indicators_load_demo

    indicators_load_demo(until=Period.parse("202610"))
    city_before = Unit.objects.get(code="vn2024:p:30")
    city_after = Unit.objects.get(code="vn2025:p:31")
    april = Period.parse("202504")
    codes = ["DDDT_HS", "DDDT_TK", "DDDT_HS_THANG", "DDDT_TK_THANG", "CC_HS_THANG", "DVC_TL_TT", "DVC_HS"]
    ind = {c: Indicator.objects.get(code=c) for c in codes}
    today = dt.date(2026, 11, 23)
    now = values_at(indicators=ind.values(), unit=city_after, periods=[april, JUNE], on=today)
    assert now[(ind["DDDT_HS"].pk, "202504")] == 1_717_420
    assert now[(ind["DDDT_TK"].pk, "202504")] == 1_295_020
    assert now[(ind["DDDT_HS_THANG"].pk, "202504")] == 8_389
    assert now[(ind["DDDT_TK_THANG"].pk, "202504")] == 5_365
    assert now[(ind["CC_HS_THANG"].pk, "202504")] == 13_091
    assert now[(ind["DVC_TL_TT"].pk, "202504")] == pytest.approx(88, abs=0.6)  # "gần 88%"
    then = values_at(indicators=[ind["DVC_HS"]], unit=city_before, periods=[JUNE], on=BEFORE)
    assert then[(ind["DVC_HS"].pk, "202506")] == pytest.approx(now[(ind["DVC_HS"].pk, "202506")])
