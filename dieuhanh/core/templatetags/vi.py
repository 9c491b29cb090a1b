from __future__ import annotations

from decimal import Decimal

from django import template

from dieuhanh.core.text import format_number

register = template.Library()


@register.filter
def so(value: float | int | Decimal | None, decimals: int | None = None) -> str:
    """Vietnamese number: {{ 1234.5|so }} → 1.234,5; {{ x|so:1 }} fixes one decimal."""
    return format_number(value, decimals)
