"""Pages of the programme's standing: the targets with their verdicts, and early warnings."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from dieuhanh.accounts.http import AuthedRequest
from dieuhanh.accounts.permissions import programme_reader, register_reader
from dieuhanh.indicators.forms import as_of
from dieuhanh.steering import selectors


@register_reader
def target_progress(request: AuthedRequest) -> HttpResponse:
    form, on = as_of(request)
    rows = selectors.target_standings(user=request.user, on=on)
    return render(request, "steering/target_progress.html", {"form": form, "on": on, "rows": rows})


@programme_reader
def warning_list(request: AuthedRequest) -> HttpResponse:
    form, on = as_of(request)
    items = selectors.warning_list(user=request.user, on=on)
    return render(request, "steering/warning_list.html", {"form": form, "on": on, "items": items})
