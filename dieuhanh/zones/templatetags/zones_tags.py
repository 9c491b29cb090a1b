from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def million(value: Decimal | int | None) -> Decimal | None:
    """Đồng or USD → millions, for "triệu USD"."""
    return None if value is None else Decimal(value) / Decimal(10**6)


@register.filter
def billion(value: Decimal | int | None) -> Decimal | None:
    """Đồng → "tỷ đồng"."""
    return None if value is None else Decimal(value) / Decimal(10**9)


@register.filter
def hours(delta: object) -> float | None:
    seconds = getattr(delta, "total_seconds", None)
    return round(seconds() / 3600, 1) if seconds else None
