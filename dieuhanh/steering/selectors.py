"""Reads of the programme's standing: every target with its one verdict, and the warnings.

Above indicators and plans: the pages, the dashboard, the synthesis and the API read targets
through `target_standings`, so they all show the same verdict and forecast figures."""

from __future__ import annotations

import datetime as dt

from dieuhanh.accounts import rules
from dieuhanh.accounts.models import User
from dieuhanh.indicators import selectors as indicator_selectors
from dieuhanh.indicators.selectors import WarningItem
from dieuhanh.steering.verdicts import TargetStanding, standings_of_rows


def target_standings(*, user: User, on: dt.date) -> list[TargetStanding]:
    """Every target with its indicator's series, progress, projection and verdict."""
    return standings_of_rows(indicator_selectors.target_rows(user=user, on=on), on=on)


def warning_list(
    *, user: User, on: dt.date, standings: list[TargetStanding] | None = None
) -> list[WarningItem]:
    """Targets whose verdict is at risk or off track, then anomalous indicators. Programme-wide
    roles only. `standings`: the target standings when the caller has them already."""
    rules.require(rules.sees_whole_programme, user)
    standings = standings if standings is not None else target_standings(user=user, on=on)
    items = [
        WarningItem(
            "target", f"{s.target.code}. {s.target.name}", s.verdict.summary, s.indicator, s.target, s.verdict
        )
        for s in standings
        if s.verdict.needs_attention
    ]
    return items + indicator_selectors.anomaly_list(user=user, on=on)
