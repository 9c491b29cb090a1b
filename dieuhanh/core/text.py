"""Vietnamese text helpers: accent-insensitive matching and number formatting."""

from __future__ import annotations

import unicodedata
from decimal import Decimal


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
