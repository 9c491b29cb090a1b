"""The Board's pages: zone overview with charts, a zone, an enterprise (drill-down), the
chasing page of the quarterly report, DX results, and inviting an enterprise account."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dieuhanh.accounts.http import AuthedRequest
from dieuhanh.accounts.rules import is_board_staff, is_enterprise_user
from dieuhanh.reporting.rules import may_review
from dieuhanh.reporting.selectors import chasing_periods
from dieuhanh.zones import analytics, selectors
from dieuhanh.zones.forms import InviteForm
from dieuhanh.zones.permissions import board_reader, board_staff, zones_user
from dieuhanh.zones.portal import invitation_create
from dieuhanh.zones.services import quarterly_regime


@zones_user
def overview(request: AuthedRequest) -> HttpResponse:
    """The Board's overview; an enterprise account lands on its own portal instead."""
    if is_enterprise_user(request.user) and not is_board_staff(request.user):
        return redirect("zones:portal")
    rows = analytics.zone_rows(user=request.user)
    today = timezone.localdate()
    activity = analytics.activity(user=request.user, on=today)
    dx = analytics.dx_results(user=request.user)
    totals = analytics.zone_totals(rows)
    context = {
        "rows": rows,
        "totals": totals,
        "activity": activity,
        "chart": analytics.overview_chart(rows, dx.level_counts),
        "today": today,
    }
    return render(request, "zones/overview.html", context)


@board_reader
def zone_detail(request: AuthedRequest, code: str) -> HttpResponse:
    zone = selectors.zone_get(user=request.user, code=code)
    enterprises = list(selectors.enterprise_queryset(user=request.user).filter(zone=zone))
    latest = analytics.latest_assessments(enterprises)
    rows = [(e, latest.get(e.pk)) for e in enterprises]
    return render(request, "zones/zone.html", {"zone": zone, "rows": rows})


@board_reader
def enterprise_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    context = {
        "enterprise": enterprise,
        "projects": enterprise.projects.all(),
        "contacts": enterprise.contacts.all(),
        "reports": selectors.enterprise_reports(user=request.user, enterprise=enterprise),
        "requests": selectors.request_queryset(user=request.user).filter(enterprise=enterprise),
        "assessment": selectors.latest_assessment(user=request.user, enterprise=enterprise),
        "history": enterprise.history.select_related("history_user").order_by("-history_date")[:20],
        "invitations": enterprise.invitations.all()[:10],
        "invite_form": InviteForm(),
        "can_edit": is_board_staff(request.user),
    }
    return render(request, "zones/enterprise.html", context)


@board_staff
@require_POST
def enterprise_invite(request: AuthedRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(str(e) for e in error))
        return redirect("zones:enterprise", pk=enterprise.pk)
    base = request.build_absolute_uri(reverse("zones:invitation", args=["x"])).removesuffix("x/")
    try:
        invitation, token = invitation_create(
            user=request.user,
            enterprise=enterprise,
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            link_base=base,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("zones:enterprise", pk=enterprise.pk)
    messages.success(
        request,
        f"Đã gửi lời mời tới {invitation.email}. Liên kết (dùng một lần, chỉ hiện lần này): {base}{token}/",
    )
    return redirect("zones:enterprise", pk=enterprise.pk)


@board_reader
def report_chasing(request: AuthedRequest) -> HttpResponse:
    """Which enterprises have not sent their quarterly report, with the engine's own board."""
    today = timezone.localdate()
    regime = quarterly_regime()
    periods, board = (
        chasing_periods(user=request.user, regime=regime, on=today, chosen=request.GET.get("ky"))
        if regime
        else ([], None)
    )
    context: dict[str, object] = {"board": board, "periods": periods, "regime": regime, "today": today}
    context["may_remind"] = bool(regime and may_review(user=request.user, regime=regime))
    return render(request, "zones/chasing.html", context)


@board_reader
def dx_results(request: AuthedRequest) -> HttpResponse:
    results = analytics.dx_results(user=request.user)
    activity = analytics.activity(user=request.user, on=timezone.localdate())
    return render(
        request,
        "zones/dx_results.html",
        {
            "results": results,
            "activity": activity,
            "innovative_level": analytics.INNOVATIVE_LEVEL,
            "support_level": analytics.SUPPORT_LEVEL,
        },
    )
