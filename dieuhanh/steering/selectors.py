"""Reads of the programme's standing: every target with its one verdict, and the warnings.

Above indicators and plans: the pages, the dashboard, the synthesis and the API read targets
through `target_standings`, so they all show the same verdict and forecast figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from dieuhanh.accounts import rules
from dieuhanh.accounts.models import User
from dieuhanh.indicators import selectors as indicator_selectors
from dieuhanh.indicators.selectors import TargetRow, WarningItem
from dieuhanh.plans.models import Target
from dieuhanh.steering.lists import latest_target_levels
from dieuhanh.steering.verdicts import Verdict, target_verdict


@dataclass(frozen=True)
class TargetStanding(TargetRow):
    verdict: Verdict


def target_standings(*, user: User, on: dt.date) -> list[TargetStanding]:
    """Every target with its indicator's series, progress, projection and verdict."""
    return _standings(indicator_selectors.target_rows(user=user, on=on), on=on)


def standings_of(*, targets: QuerySet[Target], on: dt.date) -> list[TargetStanding]:
    """Unscoped: the standings of `targets` with the same verdict; the caller has decided that
    they may be shown (opendata: the targets the administrator published)."""
    return _standings(indicator_selectors.target_rows_of(targets=targets, on=on), on=on)


def _standings(rows: list[TargetRow], *, on: dt.date) -> list[TargetStanding]:
    """The one verdict of each row, with the delivery confidence last judged for its target."""
    judged = latest_target_levels(on=on)
    return [
        TargetStanding(**vars(row), verdict=target_verdict(row, on=on, confidence=judged.get(row.target.pk)))
        for row in rows
    ]


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
