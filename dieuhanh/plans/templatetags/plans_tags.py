from __future__ import annotations

from decimal import Decimal

from django import template

from dieuhanh.core.text import format_number, unit_word, with_unit
from dieuhanh.plans.deadlines import DeadlineLike
from dieuhanh.plans.deadlines import deadline_label as _deadline_label
from dieuhanh.plans.models import Target
from dieuhanh.plans.status import STATUS_TONE, TaskStatus
from dieuhanh.plans.tally import StatusTally

register = template.Library()


@register.filter
def status_tone(status: TaskStatus) -> str:
    return STATUS_TONE.get(status, "muted")


@register.filter
def deadline_label(task: DeadlineLike) -> str:
    return _deadline_label(task)


COMPARATOR_SIGN = {">=": "≥", ">": ">", "=": "", "<=": "≤", "<": "<"}


@register.filter
def target_goal(target: Target) -> str:
    """ "≥ 12 %", "> 40 %", "0,8", "Nhóm 20 dẫn đầu"."""
    value = format_number(target.value) if target.value is not None else ""
    if target.comparator == Target.Comparator.TOP:
        return f"Nhóm {value} địa phương dẫn đầu"
    sign = COMPARATOR_SIGN.get(target.comparator, "")
    return " ".join(part for part in (sign, value, unit_word(target.unit_of_measure)) if part)


HISTORY_TYPE = {"+": "Tạo mới", "~": "Cập nhật", "-": "Xóa"}


@register.filter
def history_action(history_type: str) -> str:
    return HISTORY_TYPE.get(history_type, history_type)


@register.filter
def get_count(counts: StatusTally, status: TaskStatus) -> int:
    return counts[status]


@register.simple_tag
def overdue_rule() -> str:
    """How every overdue count on the platform is counted (plans.tally.OVERDUE_RULE)."""
    from dieuhanh.plans.tally import OVERDUE_RULE

    return OVERDUE_RULE


@register.simple_tag
def value_with_unit(value: object, unit: str) -> str:
    """A value with its unit as Vietnamese writes it: "22 %" but "hạng 22" (a place, not 22 places)."""
    return with_unit(format_number(value) if isinstance(value, (int, float, Decimal)) else str(value), unit)
