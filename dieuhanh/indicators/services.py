"""Writes of indicator data. Reports, imports and the API all come through here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from dieuhanh.accounts.models import User
from dieuhanh.core.pause import pause_point
from dieuhanh.core.periods import Period, PeriodError, as_period
from dieuhanh.indicators import formula
from dieuhanh.indicators.aggregation import rollup_invalidate
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
    values = _apply([item], source=source, user=user, source_ref=source_ref, at=recorded_at or timezone.now())
    return values[0]


@transaction.atomic
def data_values_apply(
    *, items: Sequence[ValueInput], source: str, user: User | None, source_ref: str = ""
) -> ApplyResult:
    """Record a validated batch all at once (importers validate the whole batch first)."""
    keys = {_key(i) for i in items}
    existing = _existing(items, source)
    values = _apply(items, source=source, user=user, source_ref=source_ref, at=timezone.now())
    updated = sum(1 for k in keys if k in existing)
    return ApplyResult(created=len(values) - updated, updated=updated)


def _key(i: ValueInput) -> tuple[int, int, str, str]:
    return (i.indicator.pk, i.unit.pk, i.period.code, i.disaggregation)


def _existing(items: Sequence[ValueInput], source: str) -> set[tuple[int, int, str, str]]:
    rows = DataValue.objects.filter(
        source=source,
        indicator_id__in={i.indicator.pk for i in items},
        unit_id__in={i.unit.pk for i in items},
        period__in={i.period.code for i in items},
    ).values_list("indicator_id", "unit_id", "period", "disaggregation")
    return set(rows)


def _apply(
    items: Iterable[ValueInput], *, source: str, user: User | None, source_ref: str, at: dt.datetime
) -> list[DataValue]:
    saved: list[DataValue] = []
    for item in items:
        cell = DataValue.objects.filter(
            indicator=item.indicator,
            unit=item.unit,
            period=item.period.code,
            disaggregation=item.disaggregation,
        )
        previous = cell.filter(source=source).order_by("-recorded_at", "-id").first()
        # The newest source of a cell is the one counted; the others stay for the record.
        _uncurrent([v for v in cell.filter(is_current=True) if v.pk != getattr(previous, "pk", None)])
        if previous is not None and (previous.value, previous.comment) == (item.value, item.comment):
            if not previous.is_current:
                previous.is_current = True
                previous.save(update_fields=["is_current"])
            saved.append(previous)
            continue
        if previous is not None and previous.is_current:
            _uncurrent([previous])
        saved.append(
            DataValue.objects.create(
                indicator=item.indicator,
                unit=item.unit,
                period=item.period.code,
                disaggregation=item.disaggregation,
                source=source,
                value=item.value,
                comment=item.comment,
                source_ref=source_ref,
                is_current=True,
                recorded_by=user,
                recorded_at=at,
                corrects=previous,
            )
        )
        pause_point("data_import")  # test-only: a crash here has written part of the batch
    rollup_invalidate(indicator_ids={v.indicator_id for v in saved})
    return saved


def _uncurrent(values: list[DataValue]) -> None:
    """Stop counting these values, leaving a history row for each (who, when, from where)."""
    for value in values:
        value.is_current = False
    if values:
        bulk_update_with_history(values, DataValue, ["is_current"])


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
