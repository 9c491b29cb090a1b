"""Reads of the public face: only what the administrator published, to anyone, signed in or not.

Scoping here is publication, not a unit: an indicator or target without a `Publication` row
does not exist publicly (404). The readers below never touch who recorded a value, evidence
or drafts — only the register's definitions and the province's aggregated figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from dieuhanh.core.errors import found
from dieuhanh.core.periods import Period
from dieuhanh.indicators import aggregation, figures
from dieuhanh.indicators.charts import series_chart
from dieuhanh.indicators.models import Indicator
from dieuhanh.plans.models import Target
from dieuhanh.steering.verdicts import TargetStanding, standings_of
from dieuhanh.units.models import Unit
from dieuhanh.units.structure import province_root_on

# Every reader — anonymous, a reporter, the administrator — gets the same answer: the published
# items only. The public pages and files are cacheable by anyone (`Cache-Control: public`), so
# nothing on them may depend on who asked; the administrator previews in the register instead.
# The selectors still take `user=` like every other, so a scoped read cannot slip in unnoticed.


def public_indicators(*, user: object) -> QuerySet[Indicator]:
    published_targets = Target.objects.filter(publication__isnull=False).order_by("horizon_year", "order")
    return (
        Indicator.objects.filter(publication__isnull=False)
        .select_related("publication")
        .prefetch_related(Prefetch("targets", queryset=published_targets, to_attr="public_targets"))
        .order_by("order", "code")
    )


def public_targets(*, user: object) -> QuerySet[Target]:
    return Target.objects.filter(publication__isnull=False)


def public_indicator_get(*, user: object, code: str) -> Indicator:
    return found(public_indicators(user=user).filter(code=code).first(), "Không tìm thấy chỉ số công khai.")


def public_standings(
    *, user: object, on: dt.date, target_ids: list[int] | None = None
) -> list[TargetStanding]:
    """The published targets (those of `target_ids`) with the one verdict (steering)."""
    targets = public_targets(user=user)
    if target_ids is not None:
        targets = targets.filter(pk__in=target_ids)
    return standings_of(targets=targets, on=on)


def public_standing_get(*, user: object, target_id: int, on: dt.date) -> TargetStanding:
    found = public_standings(user=user, on=on, target_ids=[target_id])
    if not found:
        raise Http404("Không tìm thấy chỉ tiêu công khai.")
    return found[0]


def public_indicator_of(*, user: object, standing: TargetStanding) -> Indicator | None:
    """The target's indicator, when it is published too (a target may be public alone)."""
    if standing.indicator is None:
        return None
    return public_indicators(user=user).filter(pk=standing.indicator.pk).first()


@dataclass(frozen=True)
class PublicIndicator:
    """One published indicator at the province as of a day: what its page and its files show."""

    indicator: Indicator
    province: Unit | None
    latest: Period | None
    series: list[tuple[Period, float | None]]
    annual: list[tuple[int, float | None]]
    chart: dict[str, Any] | None


def public_indicator(
    *, user: object, indicator: Indicator, on: dt.date, chart: bool = True, target: Target | None = None
) -> PublicIndicator:
    """The province's native-period series (ten years), yearly values and, for the page, the
    chart with `target`'s line and projection (by default the first published target's)."""
    province = province_root_on(on=on)
    if province is None:
        return PublicIndicator(indicator, None, None, [], [], None)
    latest = aggregation.latest_period(indicator=indicator, on=on)
    series: list[tuple[Period, float | None]] = []
    if latest is not None:
        series = figures.native_series(indicator=indicator, unit=province, last=latest, on=on)
        first = next((i for i, (_, v) in enumerate(series) if v is not None), len(series))
        series = series[first:]
    annual = figures.annual_series(indicator=indicator, unit=province, on=on)
    drawn = None
    if chart:
        if target is None:
            targets = getattr(indicator, "public_targets", [])
            target = targets[0] if targets else None
        drawn = series_chart(indicator=indicator, unit=province, latest=latest, target=target, on=on)
    return PublicIndicator(indicator, province, latest, series, annual, drawn)
