"""Reads of the programme's standing: every target with its one verdict, and the warnings.

Above indicators and plans: the pages, the dashboard, the synthesis and the API read targets
through `target_standings`, so they all show the same verdict and forecast figures."""

from __future__ import annotations

import datetime as dt

from django.http import Http404

from dieuhanh.accounts import rules
from dieuhanh.accounts.models import User
from dieuhanh.indicators import selectors as indicator_selectors
from dieuhanh.indicators.selectors import WarningItem
from dieuhanh.plans import selectors as plan_selectors
from dieuhanh.reporting.models import Frequency, Period
from dieuhanh.steering.verdicts import TargetStanding, standings_of, standings_of_rows


def target_standings(*, user: User, on: dt.date) -> list[TargetStanding]:
    """Every target with its indicator's series, progress, projection and verdict."""
    return standings_of_rows(indicator_selectors.target_rows(user=user, on=on), on=on)


def target_standing_get(*, user: User, target_id: int, on: dt.date) -> TargetStanding:
    """One target of the register with its verdict; out of the caller's scope reads exactly like a
    target that does not exist (404)."""
    standings = standings_of(targets=plan_selectors.target_list(user=user).filter(pk=target_id), on=on)
    if not standings:
        raise Http404("Không tìm thấy chỉ tiêu.")
    return standings[0]


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


def current_period(*, user: User, on: dt.date) -> Period | None:
    """The monthly period a judgement or a request made on `on` belongs to: the latest one of an
    active monthly regime that has begun (the pages and the API record under the same one). The
    reporting calendar is no unit's secret, but only accounts with a role read it."""
    rules.require(rules.has_role, user)
    return (
        Period.objects.filter(regime__frequency=Frequency.MONTHLY, regime__active=True, starts_on__lte=on)
        .order_by("-ends_on")
        .first()
    )
