"""The IOC pages: the dashboard (desktop and phone), the wall screen, one unit's drill-down,
and the map's JSON. Views stay thin: selectors read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from dieuhanh.accounts.http import AuthedRequest
from dieuhanh.accounts.permissions import programme_reader
from dieuhanh.dashboard import selectors
from dieuhanh.dashboard.forms import DashboardForm
from dieuhanh.dashboard.geo import REPORTING, map_layer
from dieuhanh.evaluation.selectors import published_ranking
from dieuhanh.indicators.models import Indicator
from dieuhanh.plans.tally import status_label
from dieuhanh.reporting.models import Period
from dieuhanh.units.structure import province_monthly_regime

# Wall screens reload themselves this often (a <meta refresh>, no script needed).
WALL_REFRESH_SECONDS = 300
MAP_INDICATORS = ("DVC_TL_TT", "DVC_HS_TT", "DVC_HS")


def _filters(request: AuthedRequest) -> tuple[DashboardForm, dt.date, Period | None, str]:
    form = DashboardForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    on = data.get("ngay") or timezone.localdate()
    period = selectors.dashboard_period(user=request.user, period_id=data.get("ky"), on=on)
    return form, on, period, data.get("to_mau") or REPORTING


def _context(request: AuthedRequest) -> dict[str, Any]:
    form, on, period, colour_by = _filters(request)
    board = selectors.dashboard_build(user=request.user, on=on, period=period)
    regime = province_monthly_regime()
    periods = list(regime.periods.filter(due_on__lt=on).order_by("-due_on")[:24]) if regime else []
    query = {"ngay": on.strftime("%d/%m/%Y"), "ky": period.pk if period else "", "to_mau": colour_by}
    return {
        "form": form,
        "d": board,
        "s": selectors.summary_of(user=request.user, d=board),
        "periods": periods,
        "colour_by": colour_by,
        "map_choices": [(REPORTING, "Tình trạng báo cáo")]
        + [(i.code, i.name) for i in Indicator.objects.filter(code__in=MAP_INDICATORS).order_by("order")],
        "query": query,
        "charts": _charts(board),
        # The published evaluation replaces the 50/50 ranking once there is one.
        "evaluation_ranking": published_ranking(user=request.user, on=on),
    }


def _charts(board: selectors.Dashboard) -> dict[str, Any]:
    def series(lines: list[selectors.CompletionLine]) -> dict[str, Any]:
        return {
            "labels": [line.label for line in lines],
            "keys": [line.key for line in lines],
            "on_time": [line.counts.on_time for line in lines],
            "late": [line.counts.late for line in lines],
            "overdue": [line.counts.overdue for line in lines],
            "other": [line.counts.other for line in lines],
        }

    return {"groups": series(board.groups), "leads": series(board.leads[:12])}


@programme_reader
def dashboard_index(request: AuthedRequest) -> HttpResponse:
    return render(request, "dashboard/index.html", _context(request))


@programme_reader
def dashboard_wall(request: AuthedRequest) -> HttpResponse:
    context = _context(request) | {"refresh": WALL_REFRESH_SECONDS}
    return render(request, "dashboard/wall.html", context)


@programme_reader
def dashboard_map(request: AuthedRequest) -> JsonResponse:
    _, on, period, colour_by = _filters(request)
    layer = map_layer(user=request.user, on=on, period=period, colour_by=colour_by)
    return JsonResponse(layer)


@programme_reader
def dashboard_unit(request: AuthedRequest, unit_id: int) -> HttpResponse:
    form, on, _, _ = _filters(request)
    wanted = form.cleaned_data.get("trang_thai", "") if form.is_valid() else ""
    unit, rows, reports = selectors.unit_drill(user=request.user, unit_id=unit_id, on=on, status=wanted)
    context = {
        "form": form,
        "on": on,
        "unit": unit,
        "rows": rows,
        "reports": reports,
        "status_label": status_label(wanted),
    }
    return render(request, "dashboard/unit.html", context)


@programme_reader
def dashboard_leader(request: AuthedRequest) -> HttpResponse:
    """The leader's app: one screen on the phone, installable, readable offline."""
    _, on, period, _ = _filters(request)
    summary = selectors.leader_summary(user=request.user, on=on, period=period)
    return render(request, "dashboard/leader.html", {"s": summary, "synced_at": timezone.localtime()})


def dashboard_leader_worker(request: AuthedRequest) -> FileResponse:
    """The leader app's service worker, served from the app's own path so that its scope covers
    the app (a worker under /static/ could only control /static/)."""
    path = finders.find("leader/sw.js") or str(settings.STATIC_ROOT / "leader" / "sw.js")
    response = FileResponse(open(path, "rb"), content_type="text/javascript")  # noqa: SIM115
    response["Cache-Control"] = "no-cache"
    return response
