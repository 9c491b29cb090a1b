"""Vietnamese text helpers: accent-insensitive matching and number formatting."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

# "1.717.420", "1.234,5": dots group thousands, the comma is the decimal mark.
VI_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
# "87,9", "87.9", "12": one decimal mark, either way.
PLAIN = re.compile(r"^-?\d+([.,]\d+)?$")


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d) so "hai duong" finds "Hải Dương"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").casefold()


def format_number(value: float | int | Decimal | None, decimals: int | None = None) -> str:
    """1234.5 → "1.234,5"; integers keep no decimals unless asked; None → "—"."""
    if value is None:
        return "—"
    number = Decimal(str(value))
    if decimals is None:
        exponent = number.normalize().as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent_of(part: int, whole: int) -> str:
    """3 of 8 → "37,5 %"; "—" of nothing."""
    return "—" if not whole else f"{format_number(round(100 * part / whole, 1), 1)} %"


def parse_vi_number(text: str) -> float | None:
    """A number as people type it in Vietnam ("1.234,5", "87,9", "1234"), or None."""
    text = text.strip().replace(" ", "").replace("\u00a0", "")
    if VI_GROUPED.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if PLAIN.match(text):
        return float(text.replace(",", "."))
    return None


# The unit of a place in a ranking: written before the number ("hạng 13").
RANK = "hạng"
# Units that are no unit: an index such as HDI is a bare number. Written after the figure,
# "0,8 chỉ số" reads as eight tenths of an indicator.
UNITLESS = frozenset({"chỉ số", "index"})


def unit_word(unit_of_measure: str) -> str:
    """The unit as it is written beside a figure: nothing for an index."""
    unit = unit_of_measure.strip()
    return "" if unit.casefold() in UNITLESS else unit


def with_unit(figure: str, unit_of_measure: str) -> str:
    """A figure with its unit as Vietnamese writes it: "26,6 %", "hạng 13", "0,781" (an index)."""
    unit = unit_word(unit_of_measure)
    return f"{RANK} {figure}" if unit == RANK else f"{figure} {unit}".strip()


def change_unit(unit_of_measure: str) -> str:
    """The unit of a difference of two values: percentage points for a percentage ("%" →
    "điểm %", "% GRDP" → "điểm % GRDP": from 24 % to 27 % is 3 điểm %, not 3 %), else the unit."""
    unit = unit_word(unit_of_measure)
    return f"điểm {unit}" if unit.startswith("%") else unit
