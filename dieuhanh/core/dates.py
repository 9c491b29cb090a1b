"""Dates as people type them: 30/06/2025 (ISO 2025-06-30 too, for links built by code).
Forms, Excel cells, imports and commands all read dates here, with one message."""

from __future__ import annotations

import datetime as dt

DATE_HINT = "dd/mm/yyyy"
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
HOW = "hãy nhập theo dạng dd/mm/yyyy (ví dụ 30/06/2025)"


class DateError(ValueError):
    """A date that cannot be read; `str()` is the Vietnamese message, to follow "where:"."""

    def sentence(self) -> str:
        """The message on its own, as a sentence."""
        text = str(self)
        return text[:1].upper() + text[1:]


def date_error(raw: object) -> DateError:
    return DateError(f"ngày “{str(raw).strip()}” không hợp lệ, {HOW}.")


def parse_date(raw: str) -> dt.date | None:
    """A typed date, or None for a blank; anything else raises `DateError`."""
    text = raw.strip()
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise date_error(text)
