"""The inspector's page: the audit log filtered by unit and period, downloadable as CSV/XLSX."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from dieuhanh.accounts.permissions import programme_admin
from dieuhanh.audit.export import audit_csv, audit_xlsx
from dieuhanh.audit.forms import AuditFilterForm
from dieuhanh.audit.selectors import MAX_ROWS, audit_log
from dieuhanh.core.http import AuthedRequest
from dieuhanh.units.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN = 200


@programme_admin
def audit_log_page(request: AuthedRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    entries, unit, title = [], None, "Nhật ký thay đổi"
    if not request.GET or form.is_valid():
        data = form.cleaned_data if request.GET else {}
        unit_id = data.get("don_vi")
        unit = Unit.objects.filter(pk=int(unit_id)).first() if unit_id else None
        start, end = data.get("tu_ngay"), data.get("den_ngay")
        entries = audit_log(user=request.user, unit=unit, start=start, end=end)
        title = _title(unit, start, end)
        fmt = request.GET.get("dinh_dang")
        if fmt == "csv":
            return _download(audit_csv(entries), "text/csv; charset=utf-8", "nhat-ky-thay-doi.csv")
        if fmt == "xlsx":
            return _download(audit_xlsx(entries, title=title), XLSX, "nhat-ky-thay-doi.xlsx")
    context = {
        "form": form,
        "entries": entries[:SHOWN],
        "total": len(entries),
        "shown": SHOWN,
        "capped": len(entries) >= MAX_ROWS,
        "title": title,
        "query": request.GET.urlencode() if request.GET else "",
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


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
