"""The steering loop inside a unit's report: answers to its earlier proposals and the
explanations it is asked for, so the unit sees them where it writes its next report."""

from __future__ import annotations

from typing import Any

from django import template

from dieuhanh.reporting.models import Report
from dieuhanh.steering.lists import answers_for_report
from dieuhanh.steering.models import Explanation

register = template.Library()


@register.inclusion_tag("steering/_report_loop.html")
def report_loop(report: Report) -> dict[str, Any]:
    return {
        "loop_answers": answers_for_report(unit=report.unit, before=report.period.ends_on),
        "loop_explanations": list(
            Explanation.objects.filter(unit=report.unit, answered_at__isnull=True).select_related(
                "task", "target", "period"
            )
        ),
    }
