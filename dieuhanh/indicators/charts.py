"""The data behind the indicator chart, as plain JSON for static/js/indicators.js."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from dieuhanh.accounts.models import User
from dieuhanh.core.periods import Period
from dieuhanh.indicators import figures, selectors
from dieuhanh.indicators.models import Indicator
from dieuhanh.plans.models import Target
from dieuhanh.units.models import Unit


def detail_chart(
    *, user: User, indicator: Indicator, unit: Unit, latest: Period | None, on: dt.date
) -> dict[str, Any]:
    """Series (10 years of native periods), the first target's line and the projection band."""
    selectors.indicator_readable(user=user)
    target = indicator.targets.order_by("horizon_year").first()
    return series_chart(indicator=indicator, unit=unit, latest=latest, target=target, on=on)


def series_chart(
    *, indicator: Indicator, unit: Unit, latest: Period | None, target: Target | None, on: dt.date
) -> dict[str, Any]:
    """The chart of `indicator` at `unit` with `target`'s line and projection. Unscoped: the
    caller decides who may see it (the register's readers, or the public for a published one)."""
    chart: dict[str, Any] = {
        "name": indicator.name,
        "unit": indicator.unit_of_measure,
        "decimals": max(indicator.decimals, 1 if indicator.is_computed else 0),
        "series": [],
        "target": None,
        "band": [],
    }
    if latest is None:
        return chart
    rows = figures.native_series(indicator=indicator, unit=unit, last=latest, on=on)
    first = next((i for i, (_, v) in enumerate(rows) if v is not None), len(rows))
    chart["series"] = [[_day(p), v] for p, v in rows[first:]]  # gaps stay as null
    if target is not None and target.value is not None:
        chart["target"] = {
            "value": float(target.value),
            "year": target.horizon_year,
            "label": f"{target.code}",
        }
        projection = figures.target_projection(indicator=indicator, unit=unit, target=target, on=on)
        if projection is not None:
            chart["band"] = [[_from_year(x), trend, low, high] for x, trend, low, high in projection.band]
            chart["probability"] = projection.probability
    chart["axis"] = value_axis(chart)
    return chart


def value_axis(chart: dict[str, Any]) -> dict[str, float] | None:  # min, max, interval
    """The value axis's range: the series, the band and the target line, with a margin, so the
    target line is always drawn even when the data never comes near it."""
    values = [v for _, v in chart["series"] if v is not None]
    values += [b for _, _, low, high in chart["band"] for b in (low, high)]
    if chart["target"] is not None:
        values.append(chart["target"]["value"])
    if not values:
        return None
    low, high = min(values), max(values)
    margin = (high - low) * 0.08 or abs(high) * 0.08 or 1.0
    bottom = low - margin
    if low >= 0 > bottom:
        bottom = 0.0  # no negative axis for counts and rates
    return nice_range(bottom, high + margin)


def nice_range(low: float, high: float) -> dict[str, float]:
    """[low, high] widened to whole steps of 1, 2 or 5 × 10ⁿ, so the axis ends on round
    figures (5–35, not 8,9–31,6) and every label, the first and last included, is one step
    from the next (`interval`, what the chart draws its ticks by)."""
    span = high - low
    if span <= 0:
        return {"min": low, "max": high}
    step = 10 ** math.floor(math.log10(span))
    for divisor in (1, 2, 5):
        if span / (step / divisor) >= 3:
            step /= divisor
            break
    else:
        step /= 5
    return {
        "min": round(math.floor(round(low / step, 9)) * step, 10),
        "max": round(math.ceil(round(high / step, 9)) * step, 10),
        "interval": round(step, 10),
    }


def _day(p: Period) -> str:
    """The middle of the period, so months and years sit where they belong on a time axis."""
    middle = p.start + (p.end - p.start) / 2
    return middle.isoformat()


def _from_year(x: float) -> str:
    year = int(x)
    return (dt.date(year, 1, 1) + dt.timedelta(days=round((x - year) * 365.25))).isoformat()
