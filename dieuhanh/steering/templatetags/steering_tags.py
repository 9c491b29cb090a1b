"""The steering loop inside a unit's report: answers to its earlier proposals and the
explanations it is asked for, so the unit sees them where it writes its next report."""

from __future__ import annotations

from typing import Any

from django import template

from dieuhanh.core.answers import OPEN_STATES
from dieuhanh.reporting.models import Report
from dieuhanh.steering.lists import answers_for_report
from dieuhanh.steering.models import Explanation

register = template.Library()


@register.inclusion_tag("steering/_report_loop.html")
def report_loop(report: Report) -> dict[str, Any]:
    return {
        "loop_answers": answers_for_report(report=report),
        "loop_explanations": list(
            Explanation.objects.filter(unit=report.unit, state__in=OPEN_STATES).select_related(
                "task", "target", "period"
            )
        ),
    }


@register.inclusion_tag("steering/_chasing_proposals.html", takes_context=True)
def chasing_proposals(context: dict[str, Any]) -> dict[str, Any]:
    """On the chasing page: the proposals still unanswered, per addressee, with the late ones."""
    from django.utils import timezone

    from dieuhanh.steering.lists import proposal_counts, proposal_queryset

    today = timezone.localdate()
    proposals = list(proposal_queryset(user=context["request"].user))
    return {"counts": proposal_counts(proposals, on=today), "today": today}


@register.inclusion_tag("steering/_dashboard_card.html", takes_context=True)
def steering_dashboard_card(context: dict[str, Any]) -> dict[str, Any]:
    """The loop on the dashboard: confidence disagreements, proposals and explanations awaiting
    an answer, and the latest meeting."""
    from django.utils import timezone

    from dieuhanh.steering.lists import confidence_disagreements, explanation_queryset, proposal_queryset
    from dieuhanh.steering.models import Meeting

    user = context["request"].user
    if not user.sees_whole_programme:
        return {"show": False}
    today = timezone.localdate()
    open_proposals = proposal_queryset(user=user).filter(state__in=OPEN_STATES)
    return {
        "show": True,
        "disagreements": confidence_disagreements(user=user),
        "open_proposals": open_proposals.count(),
        "late_proposals": open_proposals.filter(respond_by__lt=today).count(),
        "open_explanations": explanation_queryset(user=user).filter(state__in=OPEN_STATES).count(),
        "meeting": Meeting.objects.order_by("-held_on", "-id").first(),
        # An inclusion tag's context has no context processors' values: pass the one it says.
        "ISSUER_SHORT": context.get("ISSUER_SHORT"),
    }
