"""DHIS2 period identifiers → our one Period type, and back.

DHIS2 writes periods as codes (201201, 2012Q1, 2012S1, 2012 — ours too) in dataValueSets, and
ADX writes them as ISO 8601 intervals (2015-01-01/P1M). The platform's periods are months,
quarters, half-years and years; every other DHIS2 period type (days, weeks, two-month
periods, financial years, six-months starting in April or November) is named in the message
so the sender knows why it is refused, not just that it is."""

from __future__ import annotations

import datetime as dt
import re

from dieuhanh.core.periods import MONTHS, Period, PeriodError

_UNSUPPORTED = (
    (re.compile(r"^\d{8}$"), "kỳ theo ngày (YYYYMMDD)"),
    (re.compile(r"^\d{4}(Wed|Thu|Sat|Sun)?W\d{1,2}$"), "kỳ theo tuần (YYYYWn)"),
    (re.compile(r"^\d{4}BiW\d{1,2}$"), "kỳ hai tuần (YYYYBiWn)"),
    (re.compile(r"^\d{6}B$"), "kỳ hai tháng (YYYYMMB)"),
    (re.compile(r"^\d{4}(April|Nov)S[12]$"), "kỳ 6 tháng lệch năm (YYYYAprilSn, YYYYNovSn)"),
    (re.compile(r"^\d{4}(April|July|Oct|Nov)$"), "năm tài chính (YYYYApril, YYYYJuly, YYYYOct, YYYYNov)"),
)
SUPPORTED = "202504 (tháng), 2025Q2 (quý), 2025S1 (6 tháng), 2025 (năm)"
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})/P(\d+)([MY])$")
_DURATION = {"M": 1, "Q": 3, "S": 6, "Y": 12}


def dhis2_period(code: str) -> Period:
    """A DHIS2 period code as our Period; PeriodError in Vietnamese otherwise."""
    text = str(code).strip()
    for pattern, what in _UNSUPPORTED:
        if pattern.match(text):
            raise PeriodError(f"Kỳ “{text}” là {what} của DHIS2, nền tảng chưa hỗ trợ; chỉ nhận {SUPPORTED}.")
    return Period.parse(text)


def adx_period(text: str) -> Period:
    """An ADX period (start/duration, e.g. 2015-01-01/P1M) as our Period."""
    raw = str(text).strip()
    match = _ISO.match(raw)
    if not match:
        raise PeriodError(
            f"Kỳ ADX “{raw}” không đọc được: cần dạng ngày-bắt-đầu/thời-lượng như 2025-04-01/P1M (tháng), "
            "2025-04-01/P3M (quý), 2025-01-01/P6M (6 tháng), 2025-01-01/P1Y (năm)."
        )
    year, month, day, count, unit = match.groups()
    months = int(count) * (12 if unit == "Y" else 1)
    kind = next((k for k, m in _DURATION.items() if m == months), None)
    if kind is None:
        raise PeriodError(f"Kỳ ADX “{raw}” dài {months} tháng: nền tảng chỉ nhận kỳ 1, 3, 6 hoặc 12 tháng.")
    try:
        start = dt.date(int(year), int(month), int(day))
    except ValueError:
        raise PeriodError(f"Kỳ ADX “{raw}” có ngày bắt đầu không hợp lệ.") from None
    period = Period.containing(kind, start)
    if period.start != start:
        raise PeriodError(
            f"Kỳ ADX “{raw}” không bắt đầu từ đầu tháng, quý, nửa năm hoặc năm dương lịch (ví dụ "
            f"{period.start:%Y-%m-%d}/P{MONTHS[kind] if kind != 'Y' else 1}{'Y' if kind == 'Y' else 'M'}); "
            "nền tảng chưa hỗ trợ kỳ lệch."
        )
    return period


def adx_period_text(period: Period) -> str:
    """Our Period as ADX writes it."""
    duration = "P1Y" if period.kind == "Y" else f"P{MONTHS[period.kind]}M"
    return f"{period.start:%Y-%m-%d}/{duration}"
