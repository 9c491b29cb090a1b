"""The one Period type: a calendar month, quarter, half-year or year, written as DHIS2 period
codes so imports and exports need no translation — 202504 (month), 2025Q2 (quarter), 2025S1
(half-year), 2025 (year) — and labelled one way on every page and document: "Tháng 6/2025",
"Quý II/2025", "6 tháng đầu năm 2025", "Năm 2025". Indicator data and reporting periods
(reporting.periods adds the regime's cut-off and due date) both use it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {"M": 1, "Q": 3, "S": 6, "Y": 12}
_PATTERNS = (
    (re.compile(r"^(\d{4})(\d{2})$"), "M"),
    (re.compile(r"^(\d{4})Q([1-4])$"), "Q"),
    (re.compile(r"^(\d{4})S([12])$"), "S"),
    (re.compile(r"^(\d{4})$"), "Y"),
)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    kind: str  # M, Q, S, Y
    year: int
    number: int  # month 1-12, quarter 1-4, half 1-2, 1 for a year

    @classmethod
    def parse(cls, code: str) -> Period:
        text = str(code).strip()
        for pattern, kind in _PATTERNS:
            match = pattern.match(text)
            if match:
                year = int(match.group(1))
                number = int(match.group(2)) if kind != "Y" else 1
                if kind == "M" and not 1 <= number <= 12:
                    break
                return cls(kind, year, number)
        raise PeriodError(
            f"Kỳ “{text}” không hợp lệ: dùng mã kỳ DHIS2 như 202504 (tháng), 2025Q2 (quý), "
            "2025S1 (6 tháng) hoặc 2025 (năm)."
        )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls("M", year, month)

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> Period:
        span = MONTHS[kind]
        return cls(kind, day.year, (day.month - 1) // span + 1)

    @property
    def code(self) -> str:
        if self.kind == "M":
            return f"{self.year}{self.number:02d}"
        if self.kind == "Y":
            return str(self.year)
        return f"{self.year}{self.kind}{self.number}"

    @property
    def first_month(self) -> int:
        return (self.number - 1) * MONTHS[self.kind] + 1

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @property
    def end(self) -> dt.date:
        nxt = self.shift(1).start
        return nxt - dt.timedelta(days=1)

    def shift(self, n: int) -> Period:
        """The period `n` steps later (earlier when negative), of the same kind."""
        per_year = 12 // MONTHS[self.kind]
        index = self.year * per_year + self.number - 1 + n
        return Period(self.kind, index // per_year, index % per_year + 1)

    def parts(self, kind: str) -> list[Period]:
        """The periods of `kind` that make up this one (finer or equal kinds only)."""
        if MONTHS[kind] > MONTHS[self.kind] or MONTHS[self.kind] % MONTHS[kind]:
            return []
        first = Period.containing(kind, self.start)
        return [first.shift(i) for i in range(MONTHS[self.kind] // MONTHS[kind])]

    def label(self) -> str:
        if self.kind == "M":
            return f"Tháng {self.number}/{self.year}"
        if self.kind == "Q":
            return f"Quý {ROMAN[self.number]}/{self.year}"
        if self.kind == "S":
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        return f"Năm {self.year}"

    def __str__(self) -> str:
        return self.code


def period_range(first: Period, last: Period) -> list[Period]:
    """Every period of `first`'s kind from `first` to `last`, inclusive."""
    out = []
    current = first
    while current <= last:
        out.append(current)
        current = current.shift(1)
    return out


def as_period(value: Period | str) -> Period:
    return value if isinstance(value, Period) else Period.parse(value)
