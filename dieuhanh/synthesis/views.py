"""The synthesis page and its two downloads. Views stay thin: the selector reads, the
writers lay out."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dieuhanh.accounts.http import AuthedRequest
from dieuhanh.accounts.permissions import programme_reader
from dieuhanh.core.downloads import attachment
from dieuhanh.reporting.models import Frequency, Period
from dieuhanh.synthesis.excel import synthesis_xlsx
from dieuhanh.synthesis.forms import IssueDateForm
from dieuhanh.synthesis.selectors import Synthesis, closed_period_get, closed_periods, synthesis_build
from dieuhanh.synthesis.word import synthesis_docx

FILE_STEM: dict[str, str] = {
    Frequency.MONTHLY: "thang",
    Frequency.QUARTERLY: "quy",
    Frequency.HALF_YEARLY: "6-thang",
    Frequency.YEARLY: "nam",
}


def _issued_on(request: AuthedRequest) -> tuple[IssueDateForm, dt.date]:
    form = IssueDateForm(request.GET)
    chosen = form.cleaned_data.get("ngay") if form.is_valid() else None
    return form, chosen or timezone.localdate()


@programme_reader
def synthesis_index(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    form, issued_on = _issued_on(request)
    periods = closed_periods(user=request.user, today=today)
    flat = [p for ps in periods.values() for p in ps]
    chosen = next((p for p in flat if str(p.pk) == request.GET.get("ky")), None)
    monthly = next((ps for r, ps in periods.items() if r.frequency == Frequency.MONTHLY and ps), [])
    period = chosen or (monthly[0] if monthly else (flat[0] if flat else None))
    synthesis = synthesis_build(user=request.user, period=period, issued_on=issued_on) if period else None
    context = {"form": form, "periods": periods, "period": period, "s": synthesis, "issued_on": issued_on}
    return render(request, "synthesis/index.html", context)


def _filename(period: Period, ext: str) -> str:
    return f"tong-hop-{FILE_STEM.get(period.regime.frequency, 'ky')}-{period.year}-{period.number:02d}.{ext}"


def _synthesis_of(request: AuthedRequest, period_id: int) -> tuple[Synthesis, Period]:
    period = closed_period_get(user=request.user, pk=period_id, today=timezone.localdate())
    _, issued_on = _issued_on(request)
    return synthesis_build(user=request.user, period=period, issued_on=issued_on), period


@programme_reader
def synthesis_docx_download(request: AuthedRequest, period_id: int) -> HttpResponse:
    synthesis, period = _synthesis_of(request, period_id)
    # The targets at risk link to their sources on this platform (the reader's access applies).
    link_base = request.build_absolute_uri("/").rstrip("/")
    return attachment(synthesis_docx(synthesis, link_base=link_base), _filename(period, "docx"))


@programme_reader
def synthesis_xlsx_download(request: AuthedRequest, period_id: int) -> HttpResponse:
    synthesis, period = _synthesis_of(request, period_id)
    return attachment(synthesis_xlsx(synthesis), _filename(period, "xlsx").replace("tong-hop", "phu-luc"))
