from __future__ import annotations

from decimal import Decimal

from django import template

from dieuhanh.core.text import format_number

register = template.Library()


@register.filter
def so(value: float | int | Decimal | None, decimals: int | None = None) -> str:
    """Vietnamese number: {{ 1234.5|so }} → 1.234,5; {{ x|so:1 }} fixes one decimal."""
    return format_number(value, decimals)


@register.filter
def percent(value: float | Decimal | None, decimals: int = 1) -> str:
    """A share as a Vietnamese percentage: 0.4235 → "42,4 %"."""
    if value is None:
        return "—"
    return f"{format_number(Decimal(str(value)) * 100, decimals)} %"


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key)
