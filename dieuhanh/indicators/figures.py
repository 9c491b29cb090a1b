"""An indicator's figures at one unit — series, yearly values, the target's row with progress
and projection — computed from the accepted values. Not scoped: the register's selectors
(`indicators.selectors`, `user=`) and the public face (published indicators and targets only,
`opendata.selectors`) decide who may see them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from dieuhanh.core.memo import TransactionMemo
from dieuhanh.core.periods import MONTHS, Period
from dieuhanh.indicators import aggregation, forecast
from dieuhanh.indicators.hierarchy import hierarchy_key
from dieuhanh.indicators.models import DataValue, Indicator
from dieuhanh.indicators.progress import Progress, assess_progress
from dieuhanh.plans.models import Target
from dieuhanh.units.models import Unit
from dieuhanh.units.structure import province_root_on

SERIES_YEARS = 10


@dataclass(frozen=True)
class TargetRow:
    target: Target
    indicator: Indicator | None
    annual: list[tuple[int, float | None]]
    progress: Progress | None
    projection: forecast.Projection | None


def native_series(
    *, indicator: Indicator, unit: Unit, last: Period, on: dt.date, years: int = SERIES_YEARS
) -> list[tuple[Period, float | None]]:
    """The series of query (c): `years` years of native periods up to `last`."""
    steps = years * 12 // MONTHS[last.kind]
    return aggregation.series(
        indicator=indicator, unit=unit, first=last.shift(-(steps - 1)), last=last, on=on
    )


def annual_series(*, indicator: Indicator, unit: Unit, on: dt.date) -> list[tuple[int, float | None]]:
    """Yearly values from the first year with data to `on`'s year. A year still in progress
    counts only for indicators whose yearly value is a last value or a mean; a partial sum
    would read as a fall."""
    latest = aggregation.latest_period(indicator=indicator, on=on)
    first = _first_year(indicator)
    if latest is None or first is None:
        return []
    last_year = latest.year
    if indicator.time_aggregation == "sum" and latest.shift(1).year == latest.year:
        last_year -= 1
    years = [Period("Y", y, 1) for y in range(first, last_year + 1)]
    values = aggregation.values_at(indicators=[indicator], unit=unit, periods=years, on=on)
    return [(p.year, values[(indicator.pk, p.code)]) for p in years]


def _first_year(indicator: Indicator) -> int | None:
    return aggregation.read_once(("first_year", indicator.pk), lambda: _first_year_read(indicator))


def _first_year_read(indicator: Indicator) -> int | None:
    ids = aggregation.entered_ids(indicator=indicator)
    qs = DataValue.objects.filter(indicator_id__in=ids, is_current=True, disaggregation="")
    first = qs.order_by("period").values_list("period", flat=True).first()
    return Period.parse(first).year if first else None


def target_rows_of(*, targets: QuerySet[Target], on: dt.date) -> list[TargetRow]:
    """The rows of `targets`: each with its first indicator's annual series, progress and projection."""
    province = province_root_on(on=on)
    targets = targets.select_related("document").prefetch_related("indicators")
    return [_target_row(t, province, on) for t in targets.order_by("horizon_year", "order", "id")]


# What a target's row is computed from, and the row's figures, remembered across requests:
# the key holds the values' fingerprint, the hierarchy's key, the indicators as aggregation
# reads them and every field of the target and indicator that the row reads, so a change to
# any of them is a new key (nothing to forget but memory), and a memo never outlives a rollback.
_Figures = tuple[tuple[tuple[int, float | None], ...], Progress | None, forecast.Projection | None]
_target_figures: TransactionMemo[_Figures] = TransactionMemo(limit=512)


def data_key(province: Unit, on: dt.date) -> tuple[object, ...]:
    """What every figure read on `on` rests on: the values, the hierarchy, the indicators."""
    return (aggregation.values_version(), hierarchy_key(on), aggregation.registry().rows, on, province.pk)


def _target_key(target: Target, indicator: Indicator, province: Unit, on: dt.date) -> tuple[object, ...]:
    return (
        *data_key(province, on),
        (target.pk, target.value, target.baseline_year, target.horizon_year),
        (indicator.pk, indicator.baseline_year, indicator.direction, indicator.unit_of_measure)
        + (indicator.periodicity, indicator.time_aggregation),
    )


def _target_row(target: Target, province: Unit | None, on: dt.date) -> TargetRow:
    indicator = next(iter(target.indicators.all()), None)
    if indicator is None or province is None:
        return TargetRow(target, indicator, [], None, None)
    key = _target_key(target, indicator, province, on)
    figures = _target_figures.get(key)
    if figures is None:
        annual, progress, projection = _target_figures_compute(target, indicator, province, on)
        figures = (tuple(annual), progress, projection)
        _target_figures.put(key, figures)
    annual_kept, progress, projection = figures
    return TargetRow(target, indicator, list(annual_kept), progress, projection)


def _target_figures_compute(
    target: Target, indicator: Indicator, province: Unit, on: dt.date
) -> tuple[list[tuple[int, float | None]], Progress | None, forecast.Projection | None]:
    annual = annual_series(indicator=indicator, unit=province, on=on)
    goal = float(target.value) if target.value is not None else None
    base_year = target.baseline_year or indicator.baseline_year or (annual[0][0] if annual else on.year)
    progress = assess_progress(
        annual,
        base_year=base_year,
        target_year=target.horizon_year,
        target=goal,
        direction=indicator.direction,
    )
    projection = target_projection(indicator=indicator, unit=province, target=target, on=on)
    return annual, progress, projection


def target_projection(
    *, indicator: Indicator, unit: Unit, target: Target, on: dt.date
) -> forecast.Projection | None:
    points = projection_points(indicator=indicator, unit=unit, on=on)
    at = target.horizon_year + (11.5 / 12 if indicator.time_aggregation == "last" else 0.5)
    goal = float(target.value) if target.value is not None else None
    return forecast.project(
        points, at=at, target=goal, direction=indicator.direction, bounds=_bounds(indicator)
    )


def projection_points(*, indicator: Indicator, unit: Unit, on: dt.date) -> list[tuple[float, float]]:
    """Monthly points for levels and rates (last value, mean); yearly totals for flows."""
    latest = aggregation.latest_period(indicator=indicator, on=on)
    if latest is None:
        return []
    if indicator.periodicity == "Y" or indicator.time_aggregation == "sum":
        return [
            (y + 0.5, v) for y, v in annual_series(indicator=indicator, unit=unit, on=on) if v is not None
        ]
    steps = SERIES_YEARS * 12 // MONTHS[latest.kind]
    rows = aggregation.series(
        indicator=indicator, unit=unit, first=latest.shift(-(steps - 1)), last=latest, on=on
    )
    return [(_mid(p), v) for p, v in rows if v is not None]


def _mid(p: Period) -> float:
    return p.year + (p.first_month - 1 + MONTHS[p.kind] / 2) / 12


def _bounds(indicator: Indicator) -> tuple[float | None, float | None]:
    if indicator.unit_of_measure.strip().startswith("%"):
        return (0.0, 100.0)
    if indicator.unit_of_measure.strip() == "hạng":
        return (1.0, None)  # a rank cannot pass first place
    return (0.0, None) if indicator.direction == "positive" else (None, None)
