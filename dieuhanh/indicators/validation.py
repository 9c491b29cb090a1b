"""The value rules of indicators, one place for every way a figure enters: the report form,
the report's Excel upload, the CSV/Excel data import and the API.

- a figure is a finite number within a sane range (|x| ≤ 10^15, far above any real figure
  yet exact as a float);
- a percentage (`ValueKind.PERCENT`) lies within 0–100, a count is a non-negative integer,
  unless the indicator sets its own `min_value`/`max_value`;
- a part never exceeds its whole (`Indicator.whole`) for the same unit, period and
  disaggregation — the whole is looked for in the same batch first, then among the
  recorded current values.

Problems are Vietnamese phrases without the place; callers put their own place in front
("Dòng 3", "Chỉ số DVC_HS (…)")."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from dieuhanh.core.text import format_number
from dieuhanh.indicators.models import DataValue, Indicator, ValueKind

SANE_LIMIT = 1e15
KIND_BOUNDS: dict[str, tuple[float, float]] = {
    ValueKind.NUMBER: (-SANE_LIMIT, SANE_LIMIT),
    ValueKind.PERCENT: (0.0, 100.0),
    ValueKind.COUNT: (0.0, SANE_LIMIT),
}


@dataclass(frozen=True)
class Candidate:
    """One figure about to be recorded; unit and period place it for the part/whole rule."""

    indicator: Indicator
    value: float | None
    unit_id: int | None = None
    period: str = ""  # DHIS2 code: 202506, 2025Q2, 2025S1, 2025
    disaggregation: str = ""


def value_bounds(indicator: Indicator) -> tuple[float, float]:
    """(lowest, highest) allowed: the indicator's own bounds, else its kind's, never beyond sane."""
    low, high = KIND_BOUNDS.get(indicator.value_kind, KIND_BOUNDS[ValueKind.NUMBER])
    if indicator.min_value is not None:
        low = indicator.min_value
    if indicator.max_value is not None:
        high = indicator.max_value
    return max(low, -SANE_LIMIT), min(high, SANE_LIMIT)


def _show(value: float) -> str:
    return format_number(round(value, 6)) if abs(value) < SANE_LIMIT else f"{value:.3g}"


def value_problems(indicator: Indicator, value: float | None) -> list[str]:
    """What is wrong with `value` for `indicator` alone (an empty value is not judged here)."""
    if value is None:
        return []
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ["giá trị phải là số"]
    if not math.isfinite(value):
        return ["giá trị phải là số hữu hạn"]
    problems: list[str] = []
    kind = indicator.value_kind
    if kind == ValueKind.COUNT and not float(value).is_integer():
        problems.append(f"số đếm phải là số nguyên, không phải {_show(value)}")
    low, high = value_bounds(indicator)
    if low <= value <= high:
        return problems
    if abs(value) > SANE_LIMIT:
        what = "tỷ lệ" if kind == ValueKind.PERCENT else "giá trị"
        problems.append(f"{what} {_show(value)} vượt quá mức hợp lý (tối đa {_show(high)})")
    elif kind == ValueKind.COUNT and value < 0 and indicator.min_value is None:
        problems.append(f"số đếm không được âm, không phải {_show(value)}")
    elif kind == ValueKind.PERCENT:
        problems.append(f"tỷ lệ phải từ {_show(low)} đến {_show(high)} %, không phải {_show(value)}")
    elif value > high:
        problems.append(f"giá trị không được lớn hơn {_show(high)}, không phải {_show(value)}")
    else:
        problems.append(f"giá trị không được nhỏ hơn {_show(low)}, không phải {_show(value)}")
    return problems


Key = tuple[int, int | None, str, str]


def _key(indicator_id: int, c: Candidate) -> Key:
    return (indicator_id, c.unit_id, c.period, c.disaggregation)


def _stored(keys: set[Key]) -> dict[Key, float]:
    """The recorded current values for these (indicator, unit, period, disaggregation)."""
    keys = {k for k in keys if k[1] is not None and k[2]}
    if not keys:
        return {}
    rows = DataValue.objects.filter(
        is_current=True,
        indicator_id__in={k[0] for k in keys},
        unit_id__in={k[1] for k in keys},
        period__in={k[2] for k in keys},
    ).values_list("indicator_id", "unit_id", "period", "disaggregation", "value")
    return {(i, u, p, d): v for i, u, p, d, v in rows if (i, u, p, d) in keys}


def values_check(candidates: Sequence[Candidate], *, stored: bool = True) -> list[list[str]]:
    """The problems of each candidate, in order: its own value, then part ≤ whole within the
    batch (and against recorded values when `stored`). One function for every entry point."""
    problems = [value_problems(c.indicator, c.value) for c in candidates]
    batch: dict[Key, float] = {
        _key(c.indicator.pk, c): float(c.value)
        for c, p in zip(candidates, problems, strict=True)
        if c.value is not None and not p
    }
    wanted = {_key(c.indicator.whole_id, c) for c in candidates if c.indicator.whole_id is not None}
    parts_of = _parts_of({c.indicator.pk for c in candidates})
    wholes = Indicator.objects.in_bulk({c.indicator.whole_id for c in candidates if c.indicator.whole_id})
    for c in candidates:
        wanted |= {_key(part.pk, c) for part in parts_of.get(c.indicator.pk, [])}
    in_batch = set(batch)  # once: a set per candidate made a file of n rows cost n² steps
    known = {**_stored(wanted - in_batch), **batch} if stored else batch
    for c, p in zip(candidates, problems, strict=True):
        if c.value is not None and not p:
            p += _pair_problems(c, wholes.get(c.indicator.whole_id or 0), known, in_batch, parts_of)
    return problems


def _parts_of(ids: set[int]) -> dict[int, list[Indicator]]:
    out: dict[int, list[Indicator]] = {}
    for part in Indicator.objects.filter(whole_id__in=ids):
        out.setdefault(part.whole_id or 0, []).append(part)
    return out


def _pair_problems(
    c: Candidate,
    whole: Indicator | None,
    known: dict[Key, float],
    batch: set[Key],
    parts_of: dict[int, list[Indicator]],
) -> list[str]:
    assert c.value is not None
    out: list[str] = []
    if whole is not None:
        total = known.get(_key(whole.pk, c))
        if total is not None and c.value > total:
            out.append(
                f"{c.indicator.code} ({_show(c.value)}) không được lớn hơn {whole.code} "
                f"“{whole.name}” ({_show(total)}) của cùng đơn vị, cùng kỳ"
            )
    for part in parts_of.get(c.indicator.pk, []):
        key = _key(part.pk, c)
        share = known.get(key)
        # Said once: on the part when both are in the batch, here when only the whole is new.
        if share is not None and share > c.value and key not in batch:
            out.append(
                f"{c.indicator.code} ({_show(c.value)}) không được nhỏ hơn {part.code} "
                f"“{part.name}” ({_show(share)}) đã ghi nhận cho cùng đơn vị, cùng kỳ"
            )
    return out
