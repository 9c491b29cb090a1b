"""The inspector's page: the audit log filtered by unit and period, downloadable as CSV/XLSX."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone

from dieuhanh.accounts.http import AuthedRequest
from dieuhanh.accounts.permissions import programme_admin
from dieuhanh.audit.export import audit_csv, audit_xlsx
from dieuhanh.audit.forms import AuditFilterForm
from dieuhanh.audit.selectors import MAX_ROWS, audit_log
from dieuhanh.core.downloads import attachment
from dieuhanh.units.models import Unit

SHOWN = 200


@programme_admin
def audit_log_page(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    # Without a filter: the last thirty days (the whole log can hold millions of rows).
    query = request.GET or QueryDict(f"tu_ngay={today - dt.timedelta(days=29):%d/%m/%Y}")
    form = AuditFilterForm(query, user=request.user)
    if not form.is_valid():
        return render(request, "audit/log.html", {"form": form, "entries": [], "total": 0, "query": ""})
    data = form.cleaned_data
    unit_id = data.get("don_vi")
    unit = Unit.objects.filter(pk=int(unit_id)).first() if unit_id else None
    start, end = data.get("tu_ngay"), data.get("den_ngay")
    title = _title(unit, start, end)
    fmt = request.GET.get("dinh_dang")
    if fmt in ("csv", "xlsx"):
        entries = audit_log(user=request.user, unit=unit, start=start, end=end).entries
        if fmt == "csv":
            return attachment(audit_csv(entries), "nhat-ky-thay-doi.csv")
        return attachment(audit_xlsx(entries, title=title), "nhat-ky-thay-doi.xlsx")
    log = audit_log(user=request.user, unit=unit, start=start, end=end, limit=SHOWN)
    context = {
        "form": form,
        "entries": log.entries,
        "total": log.total,
        "shown": SHOWN,
        "capped": log.total > MAX_ROWS,
        "max_rows": MAX_ROWS,
        "title": title,
        "query": query.urlencode(),
    }
    return render(request, "audit/log.html", context)


def _title(unit: Unit | None, start: object, end: object) -> str:
    parts = ["Nhật ký thay đổi", unit.name if unit else "tất cả đơn vị"]
    if start or end:
        fmt = "%d/%m/%Y"
        parts.append(
            f"từ {start.strftime(fmt) if start else '…'} đến {end.strftime(fmt) if end else '…'}"  # type: ignore[attr-defined]
        )
    return " — ".join(parts)
