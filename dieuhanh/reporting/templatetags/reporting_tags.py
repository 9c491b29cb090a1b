"""The report form as typed: a field shows what the reporter typed when it could not be saved."""

from __future__ import annotations

from typing import Any

from django import template

from dieuhanh.reporting.models import Report

register = template.Library()


def field_name(*parts: object) -> str:
    """("u", 12, "percent") → "u-12-percent", the form's field name."""
    return "-".join(str(p) for p in parts)


@register.simple_tag
def typed(report: Report, *parts: object, saved: Any = "") -> Any:
    """What the reporter typed in this field if it is kept as typed, else the saved value."""
    raw = (report.typed or {}).get("raw", {})
    name = field_name(*parts)
    return raw.get(name, saved)


@register.simple_tag
def typed_error(report: Report, *parts: object) -> str:
    """The Vietnamese message of a field that could not be saved as typed, or ""."""
    return (report.typed or {}).get("errors", {}).get(field_name(*parts), "")
