"""Reporting periods as Nghị định 09/2019/NĐ-CP (Article 12) defines their data cut-off:
from day 15 of the month before the period to day 14 of its last month. The due date is
the regime's own (the 15th for the provincial monthly report)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dieuhanh.core.periods import MONTHS, Period
from dieuhanh.reporting.models import Frequency

# A regime's frequency is a kind of the one Period type.
KIND = {Frequency.MONTHLY: "M", Frequency.QUARTERLY: "Q", Frequency.HALF_YEARLY: "S", Frequency.YEARLY: "Y"}
MONTHS_PER_PERIOD = {frequency: MONTHS[kind] for frequency, kind in KIND.items()}


@dataclass(frozen=True)
class PeriodBounds:
    year: int
    number: int
    label: str
    starts_on: dt.date
    ends_on: dt.date
    due_on: dt.date


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _day(year: int, month: int, day: int) -> dt.date:
    """`day` of the month, clamped to its last day (a regime may say 31)."""
    next_year, next_month = _shift_month(year, month, 1)
    last = (dt.date(next_year, next_month, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day, last))


def calendar_period(frequency: str, year: int, number: int) -> Period:
    """Period `number` of `year` of a regime of `frequency`, as the one Period type."""
    return Period(KIND[Frequency(frequency)], year, number)


def period_label(frequency: str, year: int, number: int) -> str:
    return calendar_period(frequency, year, number).label()


def period_bounds(
    *, frequency: str, year: int, number: int, cutoff_day: int = 15, due_day: int = 15
) -> PeriodBounds:
    """The cut-off window and due date of period `number` of `year`."""
    span = MONTHS_PER_PERIOD[Frequency(frequency)]
    if not 1 <= number <= 12 // span:
        raise ValueError(f"Kỳ số {number} không hợp lệ cho tần suất {Frequency(frequency).label.lower()}.")
    # A yearly report's window is the whole year to 14/12, like the second half-year's.
    last_month = 12 if frequency == Frequency.YEARLY else number * span
    first_month = last_month - span + 1
    start_year, start_month = _shift_month(year, first_month, -1)
    return PeriodBounds(
        year=year,
        number=number,
        label=period_label(frequency, year, number),
        starts_on=_day(start_year, start_month, cutoff_day),
        ends_on=_day(year, last_month, cutoff_day) - dt.timedelta(days=1),
        due_on=_day(year, last_month, due_day),
    )


def period_numbers_between(*, frequency: str, first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    """(year, number) of every period whose due month lies between `first` and `last`."""
    span = MONTHS_PER_PERIOD[Frequency(frequency)]
    out: list[tuple[int, int]] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        if month % span == 0:
            out.append((year, month // span))
        year, month = _shift_month(year, month, 1)
    return out


def period_code(period: object) -> str:
    """The DHIS2-style code of a reporting period's data: 202506, 2025Q2, 2025S1, 2025."""
    frequency = period.regime.frequency  # type: ignore[attr-defined]
    return calendar_period(frequency, period.year, period.number).code  # type: ignore[attr-defined]
