from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dieuhanh.accounts.http import AuthedRequest
from dieuhanh.accounts.permissions import register_reader
from dieuhanh.plans import selectors, tally
from dieuhanh.plans.forms import TaskFilterForm
from dieuhanh.plans.status import TaskStatus


@register_reader
def task_register(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = TaskFilterForm(
        request.GET,
        groups=selectors.task_group_choices(user=user),
        lead_units=selectors.lead_unit_choices(user=user),
    )
    today = timezone.localdate()
    # An invalid filter shows its message and an empty table rather than a misleading full one.
    valid = form.is_valid()
    on = form.as_of(today) if valid else today
    rows = selectors.task_list(user=user, on=on, filters=form.to_filters()) if valid else []
    context = {
        "form": form,
        "rows": rows,
        "on": on,
        "today": today,
        "breakdown": tally.task_status_counts(rows).breakdown(),
        "statuses": TaskStatus,
    }
    template = "plans/_task_table.html" if request.htmx else "plans/task_register.html"
    return render(request, template, context)


@register_reader
def task_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    today = timezone.localdate()
    history = task.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "plans/task_detail.html",
        {
            "task": task,
            "status": task.status_on(today),
            "today": today,
            "history": history,
            "chain": task.document.chain(),
        },
    )


@register_reader
def target_list(request: AuthedRequest) -> HttpResponse:
    targets = selectors.target_list(user=request.user)
    horizons: dict[int, list] = {}
    for target in targets:
        horizons.setdefault(target.horizon_year, []).append(target)
    return render(request, "plans/target_list.html", {"horizons": sorted(horizons.items())})
