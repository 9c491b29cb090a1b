"""Aggregation over units and time on the test cast's small world (see the root conftest):
Hải Dương agencies before 01/07/2025, their Hải Phòng successors after."""

from __future__ import annotations

import datetime as dt

import pytest

from dieuhanh.core.periods import Period
from dieuhanh.indicators.aggregation import series, values_at, values_by_unit
from dieuhanh.indicators.models import DataValue
from dieuhanh.indicators.services import data_value_record
from dieuhanh.indicators.tests.factories import indicator, put
from dieuhanh.units.models import Unit, UnitParent, UnitSuccession

BEFORE = dt.date(2025, 6, 30)
AFTER = dt.date(2025, 7, 1)
JUNE = Period.parse("202506")


def value(ind, unit, period: Period | str, on: dt.date):  # type: ignore[no-untyped-def]
    p = Period.parse(period) if isinstance(period, str) else period
    return values_at(indicators=[ind], unit=unit, periods=[p], on=on)[(ind.pk, p.code)]


@pytest.fixture
def u(world):  # type: ignore[no-untyped-def]
    return world.units


def test_a_province_sums_its_agencies_as_of_the_day(u) -> None:  # type: ignore[no-untyped-def]
    ind = indicator("HS")
    put(ind, u["hd_khcn"], "202506", 10)
    put(ind, u["hd_bql"], "202506", 5)
    assert value(ind, u["hd"], JUNE, BEFORE) == 15
    # After the merger the old agencies' June values count under their successors and the city.
    assert value(ind, u["hp"], JUNE, AFTER) == 15
    assert value(ind, u["hp_khcn"], JUNE, AFTER) == 10
    assert value(ind, u["hd_khcn"], JUNE, BEFORE) == 10


def test_a_unit_without_successor_drops_out_after_it_ended(u) -> None:  # type: ignore[no-untyped-def]
    ind = indicator("HS")
    put(ind, u["hd_tc"], "202506", 7)  # Sở Tài chính Hải Dương has no successor in the cast
    assert value(ind, u["hd"], JUNE, BEFORE) == 7
    assert value(ind, u["hp"], JUNE, AFTER) is None


def test_original_values_are_never_rewritten(u) -> None:  # type: ignore[no-untyped-def]
    ind = indicator("HS")
    put(ind, u["hd_khcn"], "202506", 10)
    value(ind, u["hp"], JUNE, AFTER)
    assert list(DataValue.objects.values_list("unit__code", "value")) == [("hd:so-khcn", 10.0)]


def test_a_split_unit_is_apportioned_by_its_recorded_weight(u) -> None:  # type: ignore[no-untyped-def]
    ind = indicator("HS")
    UnitSuccession.objects.create(
        predecessor=u["hd_tc"], successor=u["hp_ubnd"], effective_on=AFTER, weight="0.25", kind="split"
    )
    UnitSuccession.objects.filter(predecessor=u["hd_bql"]).update(weight="1")
    UnitSuccession.objects.create(
        predecessor=u["hd_tc"], successor=u["hp_khcn"], effective_on=AFTER, weight="0.75", kind="split"
    )
    put(ind, u["hd_tc"], "202506", 100)
    assert value(ind, u["hp_ubnd"], JUNE, AFTER) == pytest.approx(25)
    assert value(ind, u["hp_khcn"], JUNE, AFTER) == pytest.approx(75)
    assert value(ind, u["hp"], JUNE, AFTER) == pytest.approx(100)


def test_time_rules_roll_months_into_quarter_half_year_and_year(u) -> None:  # type: ignore[no-untyped-def]
    flows = indicator("HS", time_aggregation="sum")
    stock = indicator("TK", time_aggregation="last")
    rate = indicator("TL", time_aggregation="mean", unit_aggregation="mean")
    for month, v in ((1, 10), (2, 20), (3, 30), (4, 40)):
        for ind in (flows, stock, rate):
            put(ind, u["hd_khcn"], f"2025{month:02d}", v)
    assert value(flows, u["hd"], "2025Q1", BEFORE) == 60
    assert value(stock, u["hd"], "2025Q1", BEFORE) == 30
    assert value(rate, u["hd"], "2025Q1", BEFORE) == 20
    assert value(flows, u["hd"], "2025S1", BEFORE) == 100
    assert value(stock, u["hd"], "2025", BEFORE) == 40
    assert value(flows, u["hd"], "2025Q3", BEFORE) is None


def test_a_yearly_indicator_has_no_monthly_value(u) -> None:  # type: ignore[no-untyped-def]
    ind = indicator("GRDP", periodicity="Y", unit_aggregation="none")
    put(ind, u["hd"], "2024", 8.2)
    assert value(ind, u["hd"], "2024", BEFORE) == 8.2
    assert value(ind, u["hd"], "202412", BEFORE) is None


def test_means_and_weighted_means_over_units(u) -> None:  # type: ignore[no-untyped-def]
    total = indicator("HS")
    mean = indicator("TL", unit_aggregation="mean")
    weighted = indicator("TLW", unit_aggregation="weighted", weight_indicator=total)
    put(total, u["hd_khcn"], "202506", 100)
    put(total, u["hd_bql"], "202506", 300)
    for ind in (mean, weighted):
        put(ind, u["hd_khcn"], "202506", 90)
        put(ind, u["hd_bql"], "202506", 50)
    assert value(mean, u["hd"], JUNE, BEFORE) == pytest.approx(70)
    assert value(weighted, u["hd"], JUNE, BEFORE) == pytest.approx((90 * 100 + 50 * 300) / 400)


def test_a_not_aggregatable_indicator_is_only_what_the_unit_itself_reported(u) -> None:  # type: ignore[no-untyped-def]
    ind = indicator("GRDP", unit_aggregation="none", periodicity="Y")
    put(ind, u["hd_khcn"], "2024", 99)
    assert value(ind, u["hd"], "2024", BEFORE) is None
    put(ind, u["hd"], "2024", 8.2)
    assert value(ind, u["hd"], "2024", BEFORE) == 8.2
    # Hải Dương's own figure carries over to the city that succeeded it.
    assert value(ind, u["hp"], "2024", AFTER) == 8.2


def test_a_computed_share_is_the_ratio_of_aggregated_inputs(u) -> None:  # type: ignore[no-untyped-def]
    online = indicator("HS_TT")
    total = indicator("HS")
    share = indicator("TL_TT", formula="HS_TT / HS * 100", unit_aggregation="none", unit_of_measure="%")
    put(online, u["hd_khcn"], "202506", 9)
    put(total, u["hd_khcn"], "202506", 10)
    put(online, u["hd_bql"], "202506", 1)
    put(total, u["hd_bql"], "202506", 10)
    assert value(share, u["hd"], JUNE, BEFORE) == pytest.approx(50.0)  # 10/20, not mean(90 %, 10 %)
    assert value(share, u["hd_khcn"], JUNE, BEFORE) == pytest.approx(90.0)
    assert value(share, u["hd"], "2025Q2", BEFORE) == pytest.approx(50.0)


def test_the_rollup_is_refreshed_when_a_value_changes(u, world) -> None:  # type: ignore[no-untyped-def]
    ind = indicator("HS")
    put(ind, u["hd_khcn"], "202506", 10)
    assert value(ind, u["hd"], JUNE, BEFORE) == 10
    data_value_record(
        indicator=ind, unit=u["hd_bql"], period="202506", value=5, source="report", user=world.users["bql"]
    )
    assert value(ind, u["hd"], JUNE, BEFORE) == 15


def test_the_latest_recorded_source_is_the_one_counted(u, world) -> None:  # type: ignore[no-untyped-def]
    ind = indicator("HS")
    admin = world.users["admin"]
    data_value_record(
        indicator=ind, unit=u["hd_khcn"], period="202506", value=10, source="import", user=admin
    )
    data_value_record(
        indicator=ind, unit=u["hd_khcn"], period="202506", value=12, source="report", user=admin
    )
    assert value(ind, u["hd"], JUNE, BEFORE) == 12
    assert DataValue.objects.count() == 2
    first = DataValue.objects.get(source="report")
    revised = data_value_record(
        indicator=ind, unit=u["hd_khcn"], period="202506", value=13, source="report", user=admin
    )
    assert value(ind, u["hd"], JUNE, BEFORE) == 13
    # The revision is a new value that corrects the first, which stays for the record.
    assert revised.corrects == first
    assert revised.recorded_by == admin
    first.refresh_from_db()
    assert (first.value, first.is_current) == (12, False)
    assert DataValue.objects.count() == 3


def test_disaggregated_values_do_not_inflate_the_total(u) -> None:  # type: ignore[no-untyped-def]
    ind = indicator("HS")
    put(ind, u["hd_khcn"], "202506", 10)
    put(ind, u["hd_khcn"], "202506", 4, disaggregation="nu")
    assert value(ind, u["hd"], JUNE, BEFORE) == 10


def test_a_series_and_a_map_come_from_the_same_numbers(u) -> None:  # type: ignore[no-untyped-def]
    ind = indicator("HS")
    for month in range(1, 7):
        put(ind, u["hd_khcn"], f"2025{month:02d}", month)
        put(ind, u["hd_bql"], f"2025{month:02d}", 10 * month)
    rows = series(
        indicator=ind, unit=u["hp"], first=Period.parse("202501"), last=Period.parse("202507"), on=AFTER
    )
    assert [v for _, v in rows] == [11, 22, 33, 44, 55, 66, None]
    by_unit = values_by_unit(
        indicator=ind, units=[u["hp_khcn"], u["hp_bql"], u["hp_ubnd"]], period=JUNE, on=AFTER
    )
    assert by_unit == {u["hp_khcn"].pk: 6, u["hp_bql"].pk: 60, u["hp_ubnd"].pk: None}


def test_a_new_parent_edge_changes_the_answer_for_later_days_only(u) -> None:  # type: ignore[no-untyped-def]
    ind = indicator("HS")
    put(ind, u["commune"], "202508", 3)
    assert value(ind, u["hp"], "202508", dt.date(2025, 8, 31)) == 3
    UnitParent.objects.filter(child=u["commune"]).update(valid_to=dt.date(2025, 8, 31))
    from dieuhanh.indicators.hierarchy import hierarchy_forget

    hierarchy_forget()
    assert value(ind, u["hp"], "202508", dt.date(2025, 9, 1)) is None
    assert value(ind, u["hp"], "202508", dt.date(2025, 8, 31)) == 3
    assert Unit.objects.filter(code="vn2025:w:10507").exists()
