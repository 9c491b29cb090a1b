"""Writes of indicator data. Reports, imports and the API all come through here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dieuhanh.accounts.models import User
from dieuhanh.core.pause import pause_point
from dieuhanh.core.periods import Period, PeriodError, as_period
from dieuhanh.indicators import formula
from dieuhanh.indicators.aggregation import rollup_refresh
from dieuhanh.indicators.batch import values_write
from dieuhanh.indicators.models import DataValue, Indicator, Periodicity, Source
from dieuhanh.indicators.validation import value_problems as value_rule_problems
from dieuhanh.units.models import Unit


@dataclass(frozen=True)
class ValueInput:
    """One value to record; importers build these, then apply a whole batch at once."""

    indicator: Indicator
    unit: Unit
    period: Period
    value: float
    disaggregation: str = ""
    comment: str = ""


@dataclass(frozen=True)
class ApplyResult:
    created: int
    updated: int


def value_problem(*, indicator: Indicator, period: Period, on: dt.date | None = None) -> str | None:
    """Why this value may not be recorded, in Vietnamese, or None."""
    if indicator.is_computed:
        return f"Chỉ số {indicator.code} được tính theo công thức, không nhập trực tiếp."
    if period.kind != indicator.periodicity:
        expected = Periodicity(indicator.periodicity).label.lower()
        return f"Chỉ số {indicator.code} có kỳ số liệu {expected}, kỳ {period.code} không phù hợp."
    if on is not None and period.start > on:
        return f"Kỳ {period.label()} chưa bắt đầu."
    return None


@transaction.atomic
def data_value_record(
    *,
    indicator: Indicator,
    unit: Unit,
    period: Period | str,
    value: float,
    source: str,
    user: User | None,
    disaggregation: str = "",
    comment: str = "",
    source_ref: str = "",
    recorded_at: dt.datetime | None = None,
    today: dt.date | None = None,
) -> DataValue:
    """Record one value (a report, a form, an import row). Re-recording the same indicator,
    unit, period, disaggregation and source with another figure adds a correction (a new row
    that `corrects` the old one, which stays); the latest recorded source is the one
    aggregation reads."""
    try:
        period_obj = as_period(period)
    except PeriodError as exc:
        raise ValidationError(str(exc)) from exc
    problem = value_problem(indicator=indicator, period=period_obj, on=today or timezone.localdate())
    if problem:
        raise ValidationError(problem)
    problems = value_rule_problems(indicator, value)
    if problems:
        raise ValidationError(f"Chỉ số {indicator.code}: " + "; ".join(problems) + ".")
    if source not in Source.values:
        raise ValidationError(f"Nguồn số liệu không hợp lệ: {source}.")
    item = ValueInput(indicator, unit, period_obj, float(value), disaggregation, comment)
    _apply([item], source=source, user=user, source_ref=source_ref, at=recorded_at or timezone.now())
    return DataValue.objects.get(
        indicator=indicator,
        unit=unit,
        period=period_obj.code,
        disaggregation=disaggregation,
        source=source,
        is_current=True,
    )


@transaction.atomic
def data_values_apply(
    *, items: Sequence[ValueInput], source: str, user: User | None, source_ref: str = ""
) -> ApplyResult:
    """Record a validated batch all at once (importers validate the whole batch first): a few
    set-based statements for the whole batch, never one per value (batch.py), and the
    roll-ups refreshed where it touched."""
    return _apply(items, source=source, user=user, source_ref=source_ref, at=timezone.now())


def _apply(
    items: Sequence[ValueInput], *, source: str, user: User | None, source_ref: str, at: dt.datetime
) -> ApplyResult:
    written = values_write(
        items, source=source, user_id=user.pk if user else None, source_ref=source_ref, at=at
    )
    pause_point("data_import")  # test-only: a crash here has written the batch, not its roll-ups
    # Only totals are aggregated; the roll-up rows of what changed are recomputed in this
    # transaction, so the dashboard never shows a value without its sums.
    rollup_refresh(cells={(i.indicator.pk, i.period.code, i.unit.pk) for i in items if not i.disaggregation})
    return ApplyResult(created=written.created, updated=written.updated)


def indicator_formula_check(*, indicator: Indicator, text: str) -> set[str]:
    """Validate a formula for `indicator`: known codes only, no cycle. Returns the codes read."""
    known = set(Indicator.objects.values_list("code", flat=True))
    depends = {
        code: formula.references(formula.parse(text_))
        for code, text_ in Indicator.objects.exclude(formula="")
        .exclude(pk=indicator.pk)
        .values_list("code", "formula")
    }
    return formula.formula_check(text, known=known, own_code=indicator.code, depends=depends)
