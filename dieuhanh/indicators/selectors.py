"""Reads for the indicator pages and the API. Every function takes `user=`.

Indicator values of the province, like the targets, are the programme's public commitments:
whoever may read the register sees them. Values of single units are scoped by
`user_unit_scope` — a reporter sees their own unit and the units it took over.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from dieuhanh.accounts import rules
from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import scoped, user_unit_scope
from dieuhanh.core.errors import found
from dieuhanh.core.memo import TransactionMemo
from dieuhanh.core.periods import MONTHS, Period
from dieuhanh.indicators import aggregation, warnings
from dieuhanh.indicators.figures import (
    SERIES_YEARS,
    TargetRow,
    annual_series,
    data_key,
    native_series,
    target_rows_of,
)
from dieuhanh.indicators.hierarchy import ensure_map, hierarchy_key
from dieuhanh.indicators.models import DataValue, HierarchyMap, Indicator
from dieuhanh.plans.models import Target
from dieuhanh.units.models import Unit
from dieuhanh.units.structure import province_root_on, unit_children


@dataclass(frozen=True)
class OverviewRow:
    indicator: Indicator
    period: Period | None
    value: float | None
    previous: float | None
    year_ago: float | None

    @property
    def change(self) -> float | None:
        return None if self.value is None or self.previous is None else self.value - self.previous


@dataclass(frozen=True)
class WarningItem:
    kind: str  # "target" or "anomaly"
    title: str
    reason: str
    indicator: Indicator | None
    target: Target | None = None
    verdict: object | None = None  # the target's steering.verdicts.Verdict


def _readable(user: User) -> None:
    rules.require(rules.can_read_register, user)


def indicator_readable(*, user: User) -> None:
    """404 unless `user` may read the register (for readers built on the unscoped ones below)."""
    _readable(user)


def indicator_list(*, user: User) -> QuerySet[Indicator]:
    _readable(user)
    return Indicator.objects.select_related("whole").prefetch_related("targets").order_by("order", "code")


def indicator_get(*, user: User, code: str) -> Indicator:
    _readable(user)
    return found(
        Indicator.objects.filter(code=code).prefetch_related("targets").first(), "Không tìm thấy chỉ số."
    )


def dashboard_values(
    *, user: User, indicators: Sequence[Indicator], unit: Unit, period: Period, on: dt.date
) -> dict[tuple[int, str], float | None]:
    """Query (a) of the dashboard: each indicator at `unit` for `period`, the period before
    and the same period a year earlier, in one pass."""
    _readable(user)
    periods = [period, period.shift(-1), period.shift(-(12 // MONTHS[period.kind]))]
    return aggregation.values_at(indicators=indicators, unit=unit, periods=periods, on=on)


def unit_map_values(
    *, user: User, indicator: Indicator, parent: Unit, period: Period, on: dt.date
) -> list[tuple[Unit, float | None]]:
    """Query (b): the indicator in each unit under `parent` (the communes, for the map)."""
    _readable(user)
    units = list(unit_children(unit=parent, on=on).order_by("kind", "name"))
    scope = user_unit_scope(user=user)
    if scope is not None:
        units = [u for u in units if u.pk in scope]
    values = aggregation.values_by_unit(indicator=indicator, units=units, period=period, on=on)
    return [(u, values[u.pk]) for u in units]


def indicator_monthly_series(
    *, user: User, indicator: Indicator, unit: Unit, last: Period, on: dt.date, years: int = SERIES_YEARS
) -> list[tuple[Period, float | None]]:
    """Query (c): the indicator's native-period series at `unit`, `years` years up to `last`."""
    _readable(user)
    return native_series(indicator=indicator, unit=unit, last=last, on=on, years=years)


def indicator_annual_series(
    *, user: User, indicator: Indicator, unit: Unit, on: dt.date
) -> list[tuple[int, float | None]]:
    """Yearly values of the indicator at `unit` (the province, or a unit in the user's scope)."""
    _readable(user)
    scope = user_unit_scope(user=user)
    if scope is not None and unit != province_root_on(on=on) and unit.pk not in scope:
        raise Http404("Không tìm thấy đơn vị.")
    return annual_series(indicator=indicator, unit=unit, on=on)


def overview(*, user: User, on: dt.date) -> list[OverviewRow]:
    """Every indicator at the province: latest native period, the one before, a year before.
    Indicators sharing a latest period are read together (query (a) of the dashboard)."""
    province = province_root_on(on=on)
    indicators = list(indicator_list(user=user))
    if province is None:
        return [OverviewRow(i, None, None, None, None) for i in indicators]
    latest = aggregation.latest_periods(indicators=indicators, on=on)
    groups: dict[Period, list[Indicator]] = {}
    for ind in indicators:
        if latest[ind.pk] is not None:
            groups.setdefault(latest[ind.pk], []).append(ind)  # type: ignore[arg-type]
    values: dict[tuple[int, str], float | None] = {}
    for period, members in groups.items():
        values.update(dashboard_values(user=user, indicators=members, unit=province, period=period, on=on))
    return [_overview_row(ind, latest[ind.pk], values) for ind in indicators]


def _overview_row(
    ind: Indicator, period: Period | None, values: dict[tuple[int, str], float | None]
) -> OverviewRow:
    if period is None:
        return OverviewRow(ind, None, None, None, None)
    year_ago = period.shift(-(12 // MONTHS[period.kind]))
    get = values.get
    return OverviewRow(
        ind,
        period,
        get((ind.pk, period.code)),
        get((ind.pk, period.shift(-1).code)),
        get((ind.pk, year_ago.code)),
    )


def target_rows(*, user: User, on: dt.date) -> list[TargetRow]:
    """Every target with its first indicator's annual series, progress and projection."""
    _readable(user)
    return target_rows_of(targets=Target.objects.all(), on=on)


def anomaly_list(*, user: User, on: dt.date) -> list[WarningItem]:
    """Indicators whose latest change is anomalous. Programme-wide roles only. (Targets at risk
    come from their verdict: steering.selectors.warning_list.)"""
    rules.require(rules.sees_whole_programme, user)
    province = province_root_on(on=on)
    if province is None:
        return []
    items = (_anomaly_item(ind, province, on) for ind in indicator_list(user=user))
    return [item for item in items if item is not None]


# An indicator's anomaly text, remembered like the targets' figures (same kind of key).
_anomaly_reasons: TransactionMemo[tuple[str | None]] = TransactionMemo(limit=512)


def _anomaly_item(indicator: Indicator, province: Unit, on: dt.date) -> WarningItem | None:
    key = (*data_key(province, on), (indicator.pk, indicator.unit_of_measure))
    held = _anomaly_reasons.get(key)
    if held is None:
        held = (_anomaly_reason(indicator, province, on),)
        _anomaly_reasons.put(key, held)
    reason = held[0]
    if reason is None:
        return None
    return WarningItem("anomaly", f"{indicator.code}. {indicator.name}", reason, indicator)


def _anomaly_reason(indicator: Indicator, province: Unit, on: dt.date) -> str | None:
    latest = aggregation.latest_period(indicator=indicator, on=on)
    if latest is None:
        return None
    steps = min(36, SERIES_YEARS * 12 // MONTHS[latest.kind])
    rows = aggregation.series(
        indicator=indicator, unit=province, first=latest.shift(-(steps - 1)), last=latest, on=on
    )
    if rows[-1][1] is None:
        return None
    found = warnings.latest_anomaly([v for _, v in rows])
    if found is None:
        return None
    return warnings.anomaly_reason(
        found, unit_of_measure=indicator.unit_of_measure, period_label=latest.label()
    )


def data_value_list(*, user: User, indicator: Indicator, limit: int = 20) -> QuerySet[DataValue]:
    """The latest recorded values of an indicator, scoped to the units the user may see."""
    _readable(user)
    qs = (
        DataValue.objects.filter(indicator=indicator)
        .select_related("unit", "recorded_by", "corrects")
        .prefetch_related("corrections")
    )
    return scoped(qs, user=user).order_by("-recorded_at", "-id")[:limit]


def data_value_query(
    *,
    user: User,
    indicator: Indicator,
    unit: Unit | None = None,
    period: str | None = None,
    current_only: bool = True,
) -> QuerySet[DataValue]:
    """An indicator's recorded values in the user's unit scope, by period then unit: only the
    current one of each cell unless asked (the corrected ones stay, for the audit)."""
    _readable(user)
    asked = {"unit": unit, "period": period, "is_current": True if current_only else None}
    qs = DataValue.objects.filter(
        indicator=indicator, **{name: value for name, value in asked.items() if value is not None}
    ).select_related("unit", "indicator")
    return scoped(qs, user=user).order_by(
        "period", "unit__code", "disaggregation", "source", "-recorded_at", "id"
    )


@dataclass(frozen=True)
class ValueSources:
    """What one figure (an indicator's value for a unit and a year) is made of: every value
    recorded for it — current or corrected — with who, when, from which report or file."""

    indicator: Indicator
    unit: Unit
    year: int
    indicators: list[Indicator]  # the entered indicators behind it (several for a formula)
    values: list[DataValue]


def value_sources(
    *, user: User, indicator: Indicator, unit: Unit, year: int | None, on: dt.date
) -> ValueSources:
    """The recorded values behind `indicator` for `unit` in `year`, as the aggregation reads
    them: the unit's own and those of every unit whose share counts toward it on `on`. Without a
    year, the year of the latest value by `on` — the one the figure linking here shows."""
    _readable(user)
    if year is None:
        latest = aggregation.latest_period(indicator=indicator, on=on)
        year = latest.year if latest else on.year
    ids = aggregation.entered_ids(indicator=indicator)
    units = {unit.pk} | _contributing_units(unit=unit, on=on)
    qs = (
        DataValue.objects.filter(indicator_id__in=ids, unit_id__in=units, period__startswith=str(year))
        .select_related("indicator", "unit", "recorded_by", "corrects")
        .order_by("indicator__order", "period", "unit__name", "-recorded_at", "-id")
    )
    entered = list(Indicator.objects.filter(pk__in=ids).order_by("order", "code"))
    return ValueSources(indicator, unit, year, entered, list(scoped(qs, user=user)[:2000]))


def _contributing_units(*, unit: Unit, on: dt.date) -> set[int]:
    key = hierarchy_key(on)
    ensure_map(key)
    rows = HierarchyMap.objects.filter(version=key.version, epoch=key.epoch, node=unit, weight__gt=0)
    return set(rows.values_list("source_id", flat=True))
