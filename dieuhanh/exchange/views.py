"""The exchange's endpoints and page. Thin: selectors read, services write.

API (`/api/dhis2/…`, session-authenticated like /api/v1/, CSRF token on POST): GET exports,
POST imports, in DHIS2's shapes. A role the rules refuse gets 403; a unit outside the
caller's scope 404; anonymous 401."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from dieuhanh.accounts import rules
from dieuhanh.accounts.http import AuthedRequest
from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import programme_reader, register_reader
from dieuhanh.core.downloads import attachment
from dieuhanh.core.periods import PeriodError
from dieuhanh.exchange import formats, selectors, services, upstream, upstream_files
from dieuhanh.exchange.periods import dhis2_period
from dieuhanh.indicators.importers import ImportFileError, ImportReport
from dieuhanh.indicators.models import Source
from dieuhanh.reporting.selectors import report_get, report_queryset
from dieuhanh.synthesis.selectors import closed_period_get, closed_periods, synthesis_build

READ_REFUSED = "Tài khoản của bạn không có quyền xuất số liệu chỉ số."
WRITE_REFUSED = "Tài khoản của bạn không có quyền gửi số liệu chỉ số."


def _detail(status: int, message: str) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})


def _query(request: HttpRequest) -> selectors.ExportFilter:
    periods = tuple(dhis2_period(p) for p in request.GET.getlist("period") if p.strip())
    return selectors.ExportFilter(
        data_elements=tuple(d for d in request.GET.getlist("dataElement") if d.strip()),
        org_unit=request.GET.get("orgUnit", "").strip(),
        periods=periods,
        children=request.GET.get("children", "").strip().lower() == "true",
    )


def export_response(*, user: User, request: HttpRequest, fmt: str) -> HttpResponse:
    values = selectors.dhis2_values(user=user, query=_query(request))
    body = formats.write(values, fmt, data_set=request.GET.get("dataSet", ""), exported=timezone.now())
    name = "adx.xml" if fmt == "adx" else f"dataValueSets.{fmt}"
    return attachment(body, name, formats.CONTENT_TYPES[fmt])


def summary(report: ImportReport) -> JsonResponse:
    """DHIS2's import summary, as /api/v1/dataValueSets answers it."""
    if report.ok:
        count = {"imported": report.created, "updated": report.updated, "ignored": 0, "deleted": 0}
        text = f"Đã nhập {report.created} giá trị mới, cập nhật {report.updated} giá trị."
        body: dict[str, object] = {
            "status": "SUCCESS",
            "description": text,
            "importCount": count,
            "conflicts": [],
        }
        return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    conflicts = [{"object": e.split(":", 1)[0], "value": e} for e in report.errors]
    count = {"imported": 0, "updated": 0, "ignored": report.total, "deleted": 0}
    text = "Không ghi giá trị nào: " + (report.errors[0] if report.errors else "")
    body = {"status": "ERROR", "description": text, "importCount": count, "conflicts": conflicts}
    return JsonResponse(body, status=409, json_dumps_params={"ensure_ascii": False})


@require_http_methods(["GET", "POST"])
def dhis2_endpoint(request: HttpRequest, fmt: str) -> HttpResponse:
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        return _detail(401, "Chưa đăng nhập.")
    if request.method == "GET":
        if not rules.can_read_register(user):
            return _detail(403, READ_REFUSED)
        try:
            return export_response(user=user, request=request, fmt=fmt)
        except PeriodError as exc:
            return _detail(422, str(exc))
        except Http404 as exc:
            return _detail(404, str(exc))
    if not rules.can_send_indicator_values(user):
        return _detail(403, WRITE_REFUSED)
    try:
        report = services.dhis2_import(content=request.body, fmt=fmt, user=user, source=Source.API)
    except ImportFileError as exc:
        return _detail(422, str(exc))
    return summary(report)


@register_reader
def exchange_page(request: AuthedRequest) -> HttpResponse:
    """Export links for every format, and an upload for those who may send figures."""
    user = request.user
    context: dict[str, object] = {
        "formats": formats.FORMATS,
        "can_send": rules.can_send_indicator_values(user),
    }
    if request.method == "POST":
        if not context["can_send"]:
            return HttpResponse(WRITE_REFUSED, status=403)
        upload = request.FILES.get("tep")
        if upload is None:
            context["file_error"] = "Chưa chọn tệp DHIS2 (JSON, CSV, XML hoặc ADX)."
        else:
            content = upload.read(formats.MAX_BYTES + 1)
            fmt = request.POST.get("dinh_dang") or formats.guess_format(upload.name or "", content)
            try:
                context["report"] = services.dhis2_import(
                    content=content, fmt=fmt, user=user, source=Source.IMPORT, name=upload.name or "tệp"
                )
            except ImportFileError as exc:
                context["file_error"] = f"Tệp “{upload.name}”: {exc}"
    context["mapping"] = selectors.dhis2_mapping_export(user=user)
    # Each upstream under its template's name, not its folder's code.
    context["upstreams"] = [
        (n, upstream.upstream_get(n).template.get("name") or n) for n in upstream.upstream_names()
    ]
    periods = closed_periods(user=user, today=timezone.localdate(), per_regime=6)
    context["periods"] = {regime: ps for regime, ps in periods.items() if ps}
    context["reports"] = list(report_queryset(user=user).order_by("-period__due_on", "unit__name")[:12])
    return render(request, "exchange/index.html", context)


# ---- one entry, every upstream ----------------------------------------------------------------


def _upstream_file(upstream_name: str, filled: upstream.Filled, ext: str, stem: str) -> HttpResponse:
    if ext not in ("docx", "xlsx"):
        raise Http404("Chỉ có tệp .docx hoặc .xlsx.")
    try:
        up = upstream.upstream_get(upstream_name)
    except upstream.UpstreamError as exc:
        raise Http404(str(exc)) from None
    laid = upstream.lay_out(up, filled)
    write = upstream_files.upstream_docx if ext == "docx" else upstream_files.upstream_xlsx
    return attachment(write(up, filled, laid), f"{upstream_name}-{stem}.{ext}")


@programme_reader
def upstream_synthesis(request: AuthedRequest, upstream_name: str, period_id: int, ext: str) -> HttpResponse:
    """The synthesis of a period whose reports are due, in the upstream's templates."""
    today = timezone.localdate()
    period = closed_period_get(user=request.user, pk=period_id, today=today)
    synthesis = synthesis_build(user=request.user, period=period, issued_on=today)
    filled = upstream.filled_from_synthesis(synthesis, period)
    return _upstream_file(upstream_name, filled, ext, f"tong-hop-{period.year}-{period.number:02d}")


@register_reader
def upstream_report(request: AuthedRequest, upstream_name: str, report_id: int, ext: str) -> HttpResponse:
    """A unit's report in the upstream's templates; another unit's report is 404."""
    report = report_get(user=request.user, pk=report_id)
    sent = timezone.localdate(report.submitted_at) if report.submitted_at else timezone.localdate()
    filled = upstream.filled_from_report(report, issued_on=sent)
    return _upstream_file(upstream_name, filled, ext, f"bao-cao-{report.pk}")
