"""The home page: what each role needs first."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dieuhanh.accounts import rules
from dieuhanh.accounts.http import AuthedRequest
from dieuhanh.accounts.models import Role, User
from dieuhanh.plans import selectors as plan_selectors
from dieuhanh.plans import tally
from dieuhanh.plans.status import TaskStatus
from dieuhanh.units.structure import unit_lineage_ids

ATTENTION = (TaskStatus.OVERDUE, TaskStatus.DUE_SOON)


def _attention_rows(rows: list[plan_selectors.TaskRow]) -> list[plan_selectors.TaskRow]:
    """Overdue first (oldest due first), then due soon (nearest first)."""
    picked = [r for r in rows if r.status in ATTENTION]
    return sorted(picked, key=lambda r: (r.status != TaskStatus.OVERDUE, r.due or dt.date.max))


def _programme_context(user: User, today: dt.date) -> dict[str, object]:
    rows = plan_selectors.task_list(user=user, on=today)
    return {
        "rows": rows,
        "counts": tally.task_status_counts(rows),
        "groups": tally.task_group_summaries(rows),
        "attention": _attention_rows(rows),
        "targets": plan_selectors.target_list(user=user)[:8],
    }


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    context: dict[str, object] = {
        "today": today,
        "statuses": TaskStatus,
        "due_soon_days": settings.DUE_SOON_DAYS,
    }
    if rules.sees_whole_programme(user):
        context.update(_programme_context(user, today))
        return render(request, "site/home_programme.html", context)
    if rules.is_reporter(user):
        context.update(_programme_context(user, today))
        lineage = unit_lineage_ids(unit=user.unit) if user.unit else set()
        context["overdue"] = tally.overdue_of_rows(context["rows"], lineage)  # type: ignore[arg-type]
        return render(request, "site/home_reporter.html", context)
    if user.role == Role.ENTERPRISE:
        return render(request, "site/home_enterprise.html", context)
    return render(request, "site/home_no_access.html", context, status=403)
