from __future__ import annotations

from django import template

from dieuhanh.core import text
from dieuhanh.core.periods import Period, PeriodError
from dieuhanh.core.text import format_number
from dieuhanh.indicators.models import Indicator

register = template.Library()


@register.filter
def ind_value(value: float | None, indicator: Indicator) -> str:
    """A value with the indicator's decimals, Vietnamese style: 1.717.420 or 87,9."""
    if value is None:
        return "—"
    decimals = indicator.decimals if not indicator.is_computed else max(indicator.decimals, 1)
    return format_number(round(value, decimals), decimals)


@register.filter
def signed(value: float | None, indicator: Indicator) -> str:
    """A change with its sign: +1,5 or −0,3; a change that rounds to nothing is 0, not "-0,0"."""
    if value is None:
        return "—"
    text = ind_value(value, indicator)
    if text.lstrip("-").strip("0,.") == "":
        return ind_value(0.0, indicator)
    return ("+" if value > 0 else "") + text


@register.filter
def change_unit(indicator: Indicator) -> str:
    """The unit of a change of the indicator ("điểm %" for a percentage)."""
    return text.change_unit(indicator.unit_of_measure)


@register.filter
def period_label(code: str) -> str:
    """202504 → "Tháng 4/2025"; an unreadable code is shown as it is."""
    try:
        return Period.parse(code).label()
    except PeriodError:
        return code


@register.filter
def pct(value: float | None) -> str:
    """A probability as a whole percentage: 0.741 → "74 %"."""
    if value is None:
        return "—"
    return f"{format_number(round(value * 100))} %"


@register.filter
def report_id(source_ref: str) -> int | None:
    """The report a value came from, when it was recorded by a report ("bao-cao:<id>")."""
    prefix = "bao-cao:"
    if source_ref.startswith(prefix) and source_ref[len(prefix) :].isdigit():
        return int(source_ref[len(prefix) :])
    return None
