"""The demo's targets that were green and "at risk" on one screen now have one verdict."""

from __future__ import annotations

import datetime as dt

import pytest

from dieuhanh.accounts.models import Role, User
from dieuhanh.core.periods import Period
from dieuhanh.indicators.demo import indicators_load_demo
from dieuhanh.plans.demo import programme_load_demo
from dieuhanh.steering.selectors import target_standings, warning_list
from dieuhanh.units.admin_data import units_load_administrative
from dieuhanh.units.agencies import units_load_agencies
from dieuhanh.units.demo import province_load_demo

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 11, 23)


@pytest.fixture
def standings():  # type: ignore[no-untyped-def]
    units_load_administrative(provinces=["31"])
    units_load_agencies()
    province_load_demo()
    programme_load_demo()
    indicators_load_demo(until=Period.parse("202610"))
    leader = User.objects.create_user(username="leo", role=Role.LEADER)
    rows = target_standings(user=leader, on=ON)
    return leader, {row.target.code: row for row in rows}


def test_the_three_targets_on_track_by_growth_but_hopeless_by_forecast_are_at_risk_everywhere(
    standings,
) -> None:  # type: ignore[no-untyped-def]
    leader, rows = standings
    # Reported by a leader: Open SDG said "on track" while the early warning, on the forecast, said
    # "at risk" (a probability under 50 %) — on one screen (issue #15).
    for code in ("CT-2030-04", "CT-2030-06", "CT-2030-07"):
        row = rows[code]
        assert row.progress is not None and row.progress.status == "on_track"
        assert row.verdict.probability is not None and row.verdict.probability < 0.5
        assert row.verdict.code == "at_risk"
    warned = {w.target.code for w in warning_list(user=leader, on=ON) if w.target is not None}
    assert {"CT-2030-04", "CT-2030-06", "CT-2030-07"} <= warned
    assert warned == {code for code, row in rows.items() if row.verdict.needs_attention}


def test_no_demo_target_is_green_with_less_than_an_even_chance(standings) -> None:  # type: ignore[no-untyped-def]
    _, rows = standings
    for row in rows.values():
        if row.verdict.code == "on_track":
            assert row.verdict.probability is None or row.verdict.probability >= 0.5, row.target.code
