"""Writes of indicator data. Reports, imports and the API all come through here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from dieuhanh.accounts.models import User
from dieuhanh.core.pause import pause_point
from dieuhanh.core.periods import Period, PeriodError, as_period
from dieuhanh.indicators import formula
from dieuhanh.indicators.aggregation import rollup_refresh
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
    at = recorded_at or timezone.now()
    outcome = _apply([item], source=source, user=user, source_ref=source_ref, at=at, keep=True)
    assert outcome.saved is not None
    return outcome.saved[0]


@transaction.atomic
def data_values_apply(
    *, items: Sequence[ValueInput], source: str, user: User | None, source_ref: str = ""
) -> ApplyResult:
    """Record a validated batch all at once (importers validate the whole batch first): a few
    queries per chunk of values, never per value, and the roll-ups refreshed where it touched."""
    outcome = _apply(items, source=source, user=user, source_ref=source_ref, at=timezone.now())
    return ApplyResult(created=outcome.created, updated=outcome.updated)


# Cells looked up and written per round trip (4 parameters each, far below SQLite's 32.766).
CHUNK = 2000
Cell = tuple[int, int, str, str]  # indicator id, unit id, period code, disaggregation


@dataclass
class _Outcome:
    created: int = 0
    updated: int = 0
    saved: list[DataValue] | None = None


def _key(i: ValueInput) -> Cell:
    return (i.indicator.pk, i.unit.pk, i.period.code, i.disaggregation)


def _apply(
    items: Sequence[ValueInput],
    *,
    source: str,
    user: User | None,
    source_ref: str,
    at: dt.datetime,
    keep: bool = False,
) -> _Outcome:
    outcome = _Outcome(saved=[] if keep else None)
    touched: set[tuple[int, str, int]] = set()
    for start in range(0, len(items), CHUNK):
        chunk = items[start : start + CHUNK]
        _apply_chunk(chunk, source=source, user=user, source_ref=source_ref, at=at, outcome=outcome)
        touched.update((i.indicator.pk, i.period.code, i.unit.pk) for i in chunk if not i.disaggregation)
        pause_point("data_import")  # test-only: a crash here has written part of the batch
    # Only totals are aggregated; the roll-up rows of what changed are recomputed in this
    # transaction, so the dashboard never shows a value without its sums.
    rollup_refresh(cells=touched)
    return outcome


def _apply_chunk(
    chunk: Sequence[ValueInput],
    *,
    source: str,
    user: User | None,
    source_ref: str,
    at: dt.datetime,
    outcome: _Outcome,
) -> None:
    """One chunk in five statements at most: read the chunk's cells, stop counting the
    replaced values, count again an unchanged one, insert the new ones (with their history)."""
    rows = _cells(chunk, source)
    to_uncurrent: list[DataValue] = []
    to_current: list[DataValue] = []
    to_create: list[DataValue] = []
    saved: list[DataValue] = []
    for item in chunk:
        found = rows.get(_key(item), [])
        same_source = [v for v in found if v.source == source]
        previous = max(same_source, key=lambda v: (v.recorded_at, v.pk)) if same_source else None
        if previous is None:
            outcome.created += 1
        else:
            outcome.updated += 1
        # The newest source of a cell is the one counted; the others stay for the record.
        to_uncurrent += [v for v in found if v.is_current and v is not previous]
        if previous is not None and (previous.value, previous.comment) == (item.value, item.comment):
            if not previous.is_current:
                previous.is_current = True
                to_current.append(previous)
            saved.append(previous)
            continue
        if previous is not None and previous.is_current:
            to_uncurrent.append(previous)
        value = DataValue(
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
        to_create.append(value)
        saved.append(value)
    _uncurrent(to_uncurrent)
    _set_current(to_current, True)
    if to_create:
        created = bulk_create_with_history(to_create, DataValue)
        by_identity = {id(a): b for a, b in zip(to_create, created, strict=True)}
        saved = [by_identity.get(id(v), v) for v in saved]
    if outcome.saved is not None:
        outcome.saved.extend(saved)


def _cells(chunk: Sequence[ValueInput], source: str) -> dict[Cell, list[DataValue]]:
    """The chunk's cells as recorded: every current value, and every value of `source`."""
    keys = list(dict.fromkeys(_key(i) for i in chunk))
    if not keys:
        return {}
    values = ",".join(["(%s, %s, %s, %s)"] * len(keys))
    # Current values: one probe per cell into the unique index of current values (a VALUES
    # list joined, not `IN`: PostgreSQL then plans a nested loop over that index).
    current = f"""
        SELECT v.* FROM indicators_datavalue v
        JOIN (VALUES {values}) k ON v.indicator_id = k.column1 AND v.unit_id = k.column2
            AND v.period = k.column3 AND v.disaggregation = k.column4
        WHERE v.is_current = %s
    """
    # Earlier values of this source that another source displaced: by (period, indicator),
    # the order of an index, and kept only for the chunk's cells.
    pairs = sorted({(k[2], k[0]) for k in keys})
    pair_marks = ",".join(["(%s, %s)"] * len(pairs))
    displaced = f"""
        SELECT v.* FROM indicators_datavalue v
        JOIN (VALUES {pair_marks}) k ON v.period = k.column1 AND v.indicator_id = k.column2
        WHERE v.is_current = %s AND v.source = %s
    """
    wanted = set(keys)
    out: dict[Cell, list[DataValue]] = {}
    found = [
        *DataValue.objects.raw(current, [*(x for k in keys for x in k), True]),
        *DataValue.objects.raw(displaced, [*(x for p in pairs for x in p), False, source]),
    ]
    for v in found:
        cell = (v.indicator_id, v.unit_id, v.period, v.disaggregation)
        if cell in wanted:
            out.setdefault(cell, []).append(v)
    return out


def _uncurrent(values: list[DataValue]) -> None:
    """Stop counting these values, leaving a history row for each (who, when, from where)."""
    _set_current(values, False)


def _set_current(values: list[DataValue], current: bool) -> None:
    """One UPDATE for all (every row gets the same flag: no per-row CASE as `bulk_update`
    writes), then their history rows in bulk, as `bulk_update_with_history` would."""
    if not values:
        return
    for value in values:
        value.is_current = current
    DataValue.objects.filter(pk__in=[v.pk for v in values]).update(is_current=current)
    history = get_history_manager_for_model(DataValue)
    history.bulk_history_create(values, update=True, batch_size=CHUNK)


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
