"""Reading Vietnamese deadline clauses ("hoàn thành trong tháng 6/2025", "thực hiện thường
xuyên", "trước tháng 10 hằng năm", "theo hướng dẫn của Trung ương"…) into a `Deadline`.

Pure Python on purpose: the plan extractor reuses it outside a request, and tests need no DB.
The parser never raises; text it cannot read gives a Deadline with no date and the text kept.

Decisions (see the tests for each phrase):
- "trong tháng M/YYYY", "M/YYYY" → last day of the month; "năm YYYY" → 31/12; "Quý II/YYYY" →
  last day of the quarter; "2025-2026" → 31/12 of the last year.
- "trước <month/quarter/year>" means before it starts: "trước 12/2025" → 30/11/2025; but
  "trước ngày 15/3/2025" → 15/03/2025 (agencies count the named day in), which also lets
  the label "Trước 30/09 hằng năm" read back as 30/09.
- Yearly clauses without a year ("trước tháng 10 hằng năm") have `due=None`: the clause alone
  names no first year. The yearly day (30/09) is in `yearly_due_month/day`; status is judged on
  each year's occurrence. "… 12/2025 và các năm tiếp theo" has due 31/12/2025 and yearly 31/12.
- Relative clauses ("20 ngày sau khi Tỉnh ủy ban hành") are external too: they wait on
  another body's act, whose date is recorded later as `condition_met_on`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

# The values of plans.models.Recurrence, repeated here so this module needs no Django setup
# (a test checks they stay equal).
NONE = "none"
CONTINUOUS = "continuous"
YEARLY = "yearly"

_FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class Deadline:
    text: str
    due: dt.date | None = None
    recurrence: str = NONE
    yearly_due_month: int | None = None
    yearly_due_day: int | None = None
    external: bool = False
    # What the task waits for, as written: "theo hướng dẫn của Trung ương", "Tỉnh ủy ban hành".
    condition: str = ""
    relative_days: int | None = None
    relative_after: str = ""

    @property
    def recurring(self) -> bool:
        return self.recurrence != NONE

    def to_contract(self) -> dict[str, Any]:
        """The `deadline` object of contracts/plan-extract.schema.json."""
        relative = None
        if self.relative_days is not None:
            relative = {"days": self.relative_days, "after": self.relative_after}
        return {
            "text": self.text or None,
            "due": self.due.isoformat() if self.due else None,
            "recurring": self.recurring,
            "external": self.external,
            "relative": relative,
        }

    def task_fields(self) -> dict[str, Any]:
        """The values of the Task deadline fields (plans.models.Task)."""
        return {
            "deadline_text": self.text,
            "due": self.due,
            "recurrence": self.recurrence,
            "yearly_due_month": self.yearly_due_month,
            "yearly_due_day": self.yearly_due_day,
            "condition": self.condition,
            "relative_days": self.relative_days,
        }


# --- cleaning ---------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """NFC, no Markdown emphasis, whitespace collapsed, no trailing punctuation."""
    text = unicodedata.normalize("NFC", text or "").replace("*", "")
    text = " ".join(text.split())
    return text.strip(" .;,:").strip()


# --- dates ------------------------------------------------------------------------------


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


Period = tuple[dt.date, dt.date]  # first and last day


def _month_period(year: int, month: int) -> Period | None:
    if not 1 <= month <= 12:
        return None
    return dt.date(year, month, 1), month_end(year, month)


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def _quarter_period(m: re.Match[str]) -> Period | None:
    raw = m["q"].upper()
    quarter = _ROMAN.get(raw) or int(raw)
    start = _month_period(int(m["y"]), quarter * 3 - 2)
    end = _month_period(int(m["y"]), quarter * 3)
    return (start[0], end[1]) if start and end else None


def _half_period(m: re.Match[str]) -> Period | None:
    year = int(m["y"])
    if m["half"].lower() == "đầu":
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    return dt.date(year, 7, 1), dt.date(year, 12, 31)


def _day_period(m: re.Match[str]) -> Period | None:
    day = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return (day, day) if day else None


def _years_period(m: re.Match[str]) -> Period | None:
    first, last = int(m["y1"]), int(m["y2"])
    return (dt.date(first, 1, 1), dt.date(last, 12, 31)) if first <= last else None


def _year_period(m: re.Match[str]) -> Period | None:
    year = int(m["y"])
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


_BEFORE = r"(?P<before>trước\s+)?"
_YEAR = r"(?P<y>(?:19|20|21)\d\d)"
_DAY = r"(?:ngày\s+)?(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})/" + _YEAR + r"(?!\d)"
_QUARTER = r"quý\s+(?P<q>IV|I{1,3}|[1-4])(?![IV\d])\s*(?:/|-|năm)?\s*" + _YEAR
_HALF = r"6\s+tháng\s+(?P<half>đầu|cuối)\s+năm\s+" + _YEAR
_YEARS = r"(?:giai\s+đoạn\s+)?(?<!\d)(?P<y1>(?:19|20|21)\d\d)\s*[-–—]\s*(?P<y2>(?:19|20|21)\d\d)(?!\d)"
_MONTH = r"(?:tháng\s+)?(?<![\d/])(?P<m>\d{1,2})\s*(?:[/.-]|\s+năm\s+)\s*" + _YEAR + r"(?!\d)"
_ONE_YEAR = r"(?:năm\s+)?(?<![\d/.-])" + _YEAR + r"(?![\d/])"


def _month_match_period(m: re.Match[str]) -> Period | None:
    return _month_period(int(m["y"]), int(m["m"]))


# Most specific first: "15/3/2025" must not be read as "3/2025", nor "2025-2026" as "2026".
_PERIODS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], Period | None]]] = [
    (re.compile(_BEFORE + pattern, _FLAGS), to_period)
    for pattern, to_period in (
        (_DAY, _day_period),
        (_QUARTER, _quarter_period),
        (_HALF, _half_period),
        (_YEARS, _years_period),
        (_MONTH, _month_match_period),
        (_ONE_YEAR, _year_period),
    )
]


def _parse_due(text: str) -> dt.date | None:
    """The first date the clause names: the end of its period, or the day before it starts
    when the period follows "trước"."""
    for pattern, to_period in _PERIODS:
        match = pattern.search(text)
        if match and (period := to_period(match)):
            return _before(period) if match["before"] else period[1]
    return None


def _before(period: Period) -> dt.date:
    # "trước ngày 15/3" is read as "by 15/3", as agencies count it; longer periods end the day
    # before they start.
    first, last = period
    return last if first == last else first - dt.timedelta(days=1)


# --- recurrence -------------------------------------------------------------------------

_YEARLY_WORDS = re.compile(r"h[ằà]ng\s+năm|(?:các|những)\s+năm\s+tiếp\s+theo", _FLAGS)
_CONTINUOUS_WORDS = re.compile(r"thường\s+xuyên|liên\s+tục|h[ằà]ng\s+(?:tháng|quý)", _FLAGS)
# "trước tháng 10 hằng năm", "trong tháng 3 hằng năm", "trước ngày 15/3 hằng năm".
_YEARLY_MONTH = re.compile(r"(?P<before>trước\s+)?tháng\s+(?P<m>\d{1,2})(?![\d/])\s+h[ằà]ng\s+năm", _FLAGS)
_YEARLY_DAY = re.compile(
    r"(?:trước\s+)?(?:ngày\s+)?(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![\d/])\s+h[ằà]ng\s+năm", _FLAGS
)
# Any non-leap year: a yearly day in February stays 28/02.
_REFERENCE_YEAR = 2001


def _yearly_day(text: str) -> tuple[int, int] | None:
    """(month, day) named by the clause itself, or None."""
    if match := _YEARLY_DAY.search(text):
        day = _safe_date(_REFERENCE_YEAR, int(match["m"]), int(match["d"]))
    elif (match := _YEARLY_MONTH.search(text)) and (
        period := _month_period(_REFERENCE_YEAR, int(match["m"]))
    ):
        day = _before(period) if match["before"] else period[1]
    else:
        return None
    return (day.month, day.day) if day else None


# --- conditions -------------------------------------------------------------------------

_RELATIVE = re.compile(
    r"(?P<n>\d{1,4})\s+ngày\s+(?:làm\s+việc\s+)?(?:sau\s+khi|kể\s+từ\s+(?:ngày|khi))\s+(?P<after>.+)$", _FLAGS
)
_CONDITION = re.compile(
    r"(?:theo\s+(?:hướng\s+dẫn|chỉ\s+đạo|yêu\s+cầu|lộ\s+trình)\s|sau\s+khi\s|khi\s+có\s).+$", _FLAGS
)


def _relative(text: str) -> Deadline | None:
    match = _RELATIVE.search(text)
    if not match:
        return None
    after = match["after"].strip()
    days = int(match["n"])
    return Deadline(text=text, external=True, condition=after, relative_days=days, relative_after=after)


def _condition(text: str) -> str:
    match = _CONDITION.search(text)
    return match.group(0).strip() if match else ""


# --- the parser -------------------------------------------------------------------------


def parse_deadline(text: str) -> Deadline:
    """Read a deadline clause as written; never raises."""
    clean = clean_text(text)
    if relative := _relative(clean):
        return relative
    condition = _condition(clean)
    # A year inside the condition ("sau khi Đề án năm 2026 được ban hành") is not a due date.
    due = _parse_due(clean[: len(clean) - len(condition)] if condition else clean)
    recurrence, yearly = _recurrence(clean, due)
    return Deadline(
        text=clean,
        due=due,
        recurrence=recurrence,
        yearly_due_month=yearly[0] if yearly else None,
        yearly_due_day=yearly[1] if yearly else None,
        external=bool(condition),
        condition=condition,
    )


def _recurrence(text: str, due: dt.date | None) -> tuple[str, tuple[int, int] | None]:
    if _YEARLY_WORDS.search(text):
        yearly = _yearly_day(text) or ((due.month, due.day) if due else (12, 31))
        return YEARLY, yearly
    if _CONTINUOUS_WORDS.search(text):
        return CONTINUOUS, None
    return NONE, None


# --- labels -----------------------------------------------------------------------------


class DeadlineLike(Protocol):
    due: dt.date | None
    recurrence: str
    yearly_due_month: int | None
    yearly_due_day: int | None
    condition: str
    relative_days: int | None


def deadline_label(deadline: DeadlineLike) -> str:
    """A short Vietnamese label for a Deadline or a Task: "Trong tháng 06/2025", "Thường xuyên",
    "Trước 30/09 hằng năm", "Theo hướng dẫn của Trung ương", "20 ngày sau khi Tỉnh ủy ban hành"."""
    if deadline.relative_days is not None:
        return f"{deadline.relative_days} ngày sau khi {deadline.condition}".strip()
    if deadline.recurrence == YEARLY:
        return _yearly_label(deadline)
    if deadline.due is None:
        return _undated_label(deadline)
    label = _due_label(deadline.due)
    return f"{label}, sau đó thường xuyên" if deadline.recurrence == CONTINUOUS else label


def _due_label(due: dt.date) -> str:
    if due == month_end(due.year, due.month):
        return f"Trong tháng {due:%m/%Y}"
    return f"Chậm nhất ngày {due:%d/%m/%Y}"


def _yearly_label(deadline: DeadlineLike) -> str:
    month, day = deadline.yearly_due_month or 12, deadline.yearly_due_day or 31
    label = f"Trước {day:02d}/{month:02d} hằng năm"
    return f"{label}, từ năm {deadline.due.year}" if deadline.due else label


def _undated_label(deadline: DeadlineLike) -> str:
    if deadline.recurrence == CONTINUOUS:
        return "Thường xuyên"
    if deadline.condition:
        return deadline.condition[0].upper() + deadline.condition[1:]
    return "Chưa xác định thời hạn"
