"""A full rebuild on PostgreSQL sums each reporter class first (reporters counting toward the
same nodes with the same shares), then spreads those sums to the nodes. Its cells must be the
one-step statement's, and the figures the ones worked out by hand, on both databases.

The cast: a province P with communes A and B, and a legacy commune L (valid until
30/06/2025) divided 0,6 to A and 0,4 to B; an agency S under P; a province Q with commune C.
After 01/07/2025 A, B and S count toward P with share 1, and L too (0,6 through A plus 0,4
through B: one map row of share 1); C counts toward Q. Three reporter classes: {P}, {Q}, and
P's own values (P itself)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from dieuhanh.core.periods import Period
from dieuhanh.indicators import aggregation
from dieuhanh.indicators.aggregation import rollup_build, rollup_invalidate, values_at
from dieuhanh.indicators.models import Indicator, Rollup
from dieuhanh.indicators.tests.factories import indicator, put
from dieuhanh.units.models import Unit, UnitParent, UnitSuccession

REORG = dt.date(2025, 7, 1)
AFTER = dt.date(2025, 7, 2)
JUNE = Period.parse("202506")


@pytest.fixture
def cast(db):  # type: ignore[no-untyped-def]
    p = Unit.objects.create(code="t:p", kind=Unit.Kind.PROVINCE, name="Tỉnh P")
    a = Unit.objects.create(code="t:a", kind=Unit.Kind.COMMUNE, name="Xã A", valid_from=REORG)
    b = Unit.objects.create(code="t:b", kind=Unit.Kind.COMMUNE, name="Xã B", valid_from=REORG)
    legacy = Unit.objects.create(
        code="t:l", kind=Unit.Kind.COMMUNE, name="Xã L", valid_to=REORG - dt.timedelta(days=1)
    )
    s = Unit.objects.create(code="t:s", kind=Unit.Kind.AGENCY, name="Sở S")
    for child in (a, b):
        UnitParent.objects.create(child=child, parent=p, valid_from=REORG)
    UnitParent.objects.create(child=legacy, parent=p, valid_to=REORG - dt.timedelta(days=1))
    UnitParent.objects.create(child=s, parent=p)
    for successor, weight in ((a, "0.6"), (b, "0.4")):
        UnitSuccession.objects.create(
            predecessor=legacy, successor=successor, effective_on=REORG, weight=weight, kind="split"
        )
    q = Unit.objects.create(code="t:q", kind=Unit.Kind.PROVINCE, name="Tỉnh Q")
    c = Unit.objects.create(code="t:c", kind=Unit.Kind.COMMUNE, name="Xã C")
    UnitParent.objects.create(child=c, parent=q)
    return {"p": p, "a": a, "b": b, "l": legacy, "s": s, "q": q, "c": c}


def _rows() -> dict[tuple[str, str, str], tuple[float, float, int]]:
    rows = Rollup.objects.filter(epoch=REORG).values_list(
        "node__code", "indicator__code", "period", "total", "weight_sum", "count"
    )
    return {(n, i, p): (round(t, 9), round(w, 9), c) for n, i, p, t, w, c in rows}


def _fill(cast) -> list[Indicator]:  # type: ignore[no-untyped-def]
    flows = indicator("R_HS")
    mean = indicator("R_TB", unit_aggregation="mean")
    weight = indicator("R_MS")
    weighted = indicator("R_GQ", unit_aggregation="weighted", weight_indicator=weight)
    own = indicator("R_RIENG", unit_aggregation="none")
    for code, value in (("a", 10), ("b", 20), ("l", 100), ("s", 5), ("c", 1000)):
        put(flows, cast[code], "202506", value)
        put(mean, cast[code], "202506", value)
    for code, w, v in (("a", 1, 50), ("b", 3, 10), ("l", 2, 20)):
        put(weight, cast[code], "202506", w)
        put(weighted, cast[code], "202506", v)
    put(own, cast["p"], "202506", 7)
    put(own, cast["a"], "202506", 99)
    return [flows, mean, weight, weighted, own]


def _at(ind: Indicator, unit: Unit) -> float | None:
    return values_at(indicators=[ind], unit=unit, periods=[JUNE], on=AFTER)[(ind.pk, JUNE.code)]


def test_a_full_rebuild_gives_the_figures_worked_out_by_hand(cast) -> None:  # type: ignore[no-untyped-def]
    flows, mean, weight, weighted, own = _fill(cast)
    rollup_build(on=AFTER)
    p = cast["p"]
    assert _at(flows, p) == pytest.approx(135)  # 10 + 20 + 0,6·100 + 0,4·100 + 5
    # Shares 1 (A), 1 (B), 0,6 + 0,4 (L), 1 (S): (10 + 20 + 100 + 5) / 4
    assert _at(mean, p) == pytest.approx(33.75)
    # (1·50 + 3·10 + 1·2·20) / (1 + 3 + 1·2) = 120 / 6
    assert _at(weighted, p) == pytest.approx(20)
    assert _at(own, p) == 7  # not aggregatable: only what P reported itself
    assert _at(flows, cast["q"]) == 1000
    rows = _rows()
    assert rows[("t:p", "R_HS", "202506")] == (135, 4, 4)
    assert rows[("t:p", "R_TB", "202506")] == (135, 4, 4)
    assert rows[("t:p", "R_GQ", "202506")] == (120, 6, 3)
    assert rows[("t:q", "R_TB", "202506")] == (1000, 1, 1)


def test_the_rebuild_by_reporter_class_writes_the_cells_of_the_one_step_statement(  # type: ignore[no-untyped-def]
    cast, monkeypatch
) -> None:
    ids = [i.pk for i in _fill(cast)]
    rollup_build(on=AFTER)
    by_class = _rows()
    rollup_invalidate(indicator_ids=ids)
    monkeypatch.setattr(aggregation, "REBUILD_BY_REPORTER_CLASS", False)
    rollup_build(on=AFTER)
    assert _rows() == by_class
    # Every indicator's cell at P, the two of C's at Q; on SQLite both runs are one-step.
    assert len(by_class) == 7
    assert connection.vendor in ("postgresql", "sqlite")


@pytest.mark.django_db(transaction=True)
def test_two_builders_of_one_epoch_take_turns_and_the_second_writes_nothing(cast) -> None:  # type: ignore[no-untyped-def]
    # PostgreSQL inserts a rebuild's rows without ON CONFLICT, under a lock per epoch: a second
    # builder waits for the first to commit, then finds its roll-ups built (no duplicate key).
    import threading

    from django.db import connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer: builders take turns by themselves")
    _fill(cast)
    # The epoch's map is committed first: a second builder would otherwise wait on the
    # first's uncommitted map rows, not on the roll-ups.
    from dieuhanh.indicators.hierarchy import ensure_map, hierarchy_key

    ensure_map(hierarchy_key(AFTER))
    second: dict[str, object] = {}
    started = threading.Event()

    def build_beside() -> None:
        try:
            started.set()
            second["built"] = rollup_build(on=AFTER)
        except Exception as exc:  # reported to the test below
            second["error"] = exc
        finally:
            connections.close_all()

    with transaction.atomic():
        rollup_build(on=AFTER)
        beside = threading.Thread(target=build_beside)
        beside.start()
        started.wait(5)
        beside.join(1)
        assert beside.is_alive(), "the second builder must wait for the first to commit"
    beside.join(30)
    assert "error" not in second, second.get("error")
    assert second["built"] == 5
    assert len(_rows()) == 7
    assert _rows()[("t:p", "R_HS", "202506")] == (135, 4, 4)
