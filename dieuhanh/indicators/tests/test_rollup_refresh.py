"""Roll-ups kept up to date in place: a recorded value recomputes only its indicator × period ×
the nodes it counts toward, in the writing transaction, and the result is what a full rebuild
gives. Values worked out by hand on the test cast (Hải Dương agencies until 30/06/2025, their
Hải Phòng successors after; Sở Tài chính has no successor)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dieuhanh.core.periods import Period
from dieuhanh.indicators.aggregation import rollup_build, rollup_invalidate, values_at, values_by_unit
from dieuhanh.indicators.models import Indicator, Rollup, RollupState
from dieuhanh.indicators.services import ValueInput, data_value_record, data_values_apply
from dieuhanh.indicators.tests.factories import indicator, put
from dieuhanh.reporting import services as reporting_services
from dieuhanh.reporting.models import RegimeIndicator

BEFORE = dt.date(2025, 6, 30)
AFTER = dt.date(2025, 7, 1)
JUNE = Period.parse("202506")
MAY = Period.parse("202505")


def rollup_rows() -> dict[tuple[str, str, str, str], tuple[float, float, int]]:
    """(epoch, node code, indicator code, period) → (total, weight_sum, count)."""
    rows = Rollup.objects.values_list(
        "epoch", "node__code", "indicator__code", "period", "total", "weight_sum", "count"
    )
    return {(str(e), n, i, p): (round(t, 9), round(w, 9), c) for e, n, i, p, t, w, c in rows}


def build_both_epochs() -> None:
    rollup_build(on=BEFORE)
    rollup_build(on=AFTER)


def at(ind: Indicator, unit, period: Period, on: dt.date) -> float | None:  # type: ignore[no-untyped-def]
    return values_at(indicators=[ind], unit=unit, periods=[period], on=on)[(ind.pk, period.code)]


def test_an_accepted_report_changes_only_its_indicators_rollup_rows_and_shows_at_once(world, reporting):
    u = world.units
    dossiers = indicator("DVC_HS")
    share = indicator("TL_TT", value_kind="percent", unit_aggregation="mean")
    other = indicator("KHAC")
    for order, ind in enumerate((dossiers, share)):
        RegimeIndicator.objects.create(
            regime=reporting.regime, indicator=ind, unit_kind="commune", order=order
        )
    put(dossiers, u["hd_khcn"], "202506", 100)
    put(other, u["hd_khcn"], "202506", 7)
    build_both_epochs()
    before = rollup_rows()
    assert before[(str(AFTER), "vn2025:p:31", "DVC_HS", "202506")] == (100, 1, 1)

    report = reporting_services.report_open(
        user=world.users["commune"], period=reporting.june, unit=reporting.old_commune
    )
    fields = {f"iv-{v.pk}-value": "" for v in report.indicator_values.all()}
    for v in report.indicator_values.select_related("indicator"):
        fields[f"iv-{v.pk}-value"] = "1.234" if v.indicator.code == "DVC_HS" else "87,5"
    client = Client()
    client.force_login(world.users["commune"])
    report.refresh_from_db()
    response = client.post(
        reverse("reporting:save", args=[report.pk]), {"version": report.version, "gui": "1", **fields}
    )
    assert response.status_code == 302
    reporting_services.report_accept(report_id=report.pk, user=world.users["admin"])

    after = rollup_rows()
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    # Phường Bình Hàn counts under Hải Dương until 30/06, under Hải Phòng (its successor's) after.
    assert changed == {
        (str(epoch), node, code, "202506")
        for epoch, node in (("1900-01-01", "vn2024:p:30"), (str(AFTER), "vn2025:p:31"))
        for code in ("DVC_HS", "TL_TT")
    }
    assert after[("1900-01-01", "vn2024:p:30", "DVC_HS", "202506")] == (1334, 2, 2)
    assert after[(str(AFTER), "vn2025:p:31", "TL_TT", "202506")] == (87.5, 1, 1)
    # Nothing was dropped to be rebuilt on the next read: every roll-up stays built.
    assert RollupState.objects.filter(indicator=other).count() == 2
    assert RollupState.objects.filter(indicator=dossiers).count() == 2
    assert at(dossiers, u["hp"], JUNE, AFTER) == 1334
    assert at(share, u["hd"], JUNE, BEFORE) == 87.5


def test_incremental_refreshes_end_where_a_full_rebuild_does(world) -> None:  # type: ignore[no-untyped-def]
    u, admin = world.units, world.users["admin"]
    flows = indicator("HS")
    mean = indicator("TB", unit_aggregation="mean")
    weight = indicator("MS")
    weighted = indicator("GQ", unit_aggregation="weighted", weight_indicator=weight)
    put(flows, u["hd_khcn"], "202505", 10)
    put(flows, u["hd_khcn"], "202506", 20)
    put(flows, u["hd_bql"], "202506", 5)
    put(mean, u["hd_khcn"], "202506", 4)
    put(mean, u["hd_bql"], "202506", 6)
    put(weight, u["hd_khcn"], "202506", 10)
    put(weight, u["hd_bql"], "202506", 30)
    put(weighted, u["hd_khcn"], "202506", 50)
    put(weighted, u["hd_bql"], "202506", 10)
    build_both_epochs()
    assert at(weighted, u["hd"], JUNE, BEFORE) == pytest.approx(20)  # (10·50 + 30·10) / 40

    # A report from another source replaces the demo value of its cell.
    data_value_record(
        indicator=flows, unit=u["hd_bql"], period="202506", value=8, source="report", user=admin
    )
    data_value_record(
        indicator=mean, unit=u["hd_bql"], period="202506", value=10, source="report", user=admin
    )
    # The denominator changes: the weighted indicator's rows follow.
    data_value_record(
        indicator=weight, unit=u["hd_bql"], period="202506", value=10, source="report", user=admin
    )
    data_values_apply(
        items=[
            ValueInput(flows, u["hd_tc"], JUNE, 3),
            ValueInput(flows, u["hd_khcn"], MAY, 11),
        ],
        source="import",
        user=admin,
    )
    incremental = rollup_rows()
    assert at(flows, u["hd"], JUNE, BEFORE) == 31  # 20 + 8 + 3
    assert at(flows, u["hd"], MAY, BEFORE) == 11
    assert at(flows, u["hp"], JUNE, AFTER) == 28  # Sở Tài chính has no successor
    assert at(mean, u["hd"], JUNE, BEFORE) == 7  # (4 + 10) / 2
    assert at(weighted, u["hd"], JUNE, BEFORE) == pytest.approx(30)  # (10·50 + 10·10) / 20

    rollup_invalidate(indicator_ids=[i.pk for i in (flows, mean, weight, weighted)])
    build_both_epochs()
    assert rollup_rows() == incremental


def test_a_batch_costs_the_same_queries_whatever_its_size(world) -> None:  # type: ignore[no-untyped-def]
    u, admin = world.units, world.users["admin"]
    indicators = [indicator(f"HS{i:02d}") for i in range(20)]
    put(indicators[0], u["hd_khcn"], "202501", 1)
    build_both_epochs()
    units = [u["hd_khcn"], u["hd_bql"], u["hd_tc"]]
    months = [Period.parse(f"2025{m:02d}") for m in range(1, 7)]

    def batch(inds: list[Indicator], value: float) -> int:
        items = [ValueInput(i, unit, p, value) for i in inds for unit in units for p in months]
        with CaptureQueriesContext(connection) as queries:
            data_values_apply(items=items, source="import", user=admin)
        return len(queries)

    small = batch(indicators[:1], 1)  # 18 values
    large = batch(indicators, 2)  # 360 values, 1 of them already there
    assert large == small
    assert at(indicators[5], u["hd"], JUNE, BEFORE) == 6  # three agencies × 2


def test_the_map_of_many_units_gives_each_rule_its_value(world) -> None:  # type: ignore[no-untyped-def]
    u = world.units
    mean = indicator("TB", unit_aggregation="mean")
    kept = indicator("KG", unit_aggregation="none")
    put(mean, u["hd_khcn"], "202506", 4)
    put(mean, u["hd_bql"], "202506", 6)
    put(kept, u["hd_khcn"], "202506", 3)
    units = [u["hp"], u["hp_khcn"], u["hp_bql"], u["hp_ubnd"]]
    assert values_by_unit(indicator=mean, units=units, period=JUNE, on=AFTER) == {
        u["hp"].pk: 5,  # (4 + 6) / 2
        u["hp_khcn"].pk: 4,
        u["hp_bql"].pk: 6,
        u["hp_ubnd"].pk: None,
    }
    # Not aggregatable: the successor carries it, the city does not add it up.
    assert values_by_unit(indicator=kept, units=units, period=JUNE, on=AFTER) == {
        u["hp"].pk: None,
        u["hp_khcn"].pk: 3,
        u["hp_bql"].pk: None,
        u["hp_ubnd"].pk: None,
    }
