"""The report form as typed: a field shows what the reporter typed when it could not be saved."""

from __future__ import annotations

from typing import Any

from django import template

from dieuhanh.indicators.models import DataValue
from dieuhanh.reporting.models import Report, ReportVersion
from dieuhanh.reporting.selectors import sent_versions_of

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


@register.simple_tag(takes_context=True)
def typed_error(context: template.Context, report: Report, *parts: object) -> str:
    """The Vietnamese message of a field: why a refused submission refused it (the page's
    `field_errors`), or why it could not be saved as typed; "" when it is fine."""
    name = field_name(*parts)
    refused = context.get("field_errors") or {}
    return refused.get(name) or (report.typed or {}).get("errors", {}).get(name, "")


@register.simple_tag(takes_context=True)
def with_sent_versions(
    context: template.Context, values: list[DataValue]
) -> list[tuple[DataValue, ReportVersion | None]]:
    """The values of a figure's sources page with the report version each came from."""
    return sent_versions_of(user=context["request"].user, values=values)
