"""Pages of the indicator register. Views stay thin: selectors read, importers write."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from dieuhanh.accounts.http import AuthedRequest
from dieuhanh.accounts.permissions import programme_admin, register_reader
from dieuhanh.core.errors import found
from dieuhanh.core.import_errors import import_errors_download, import_errors_keep
from dieuhanh.indicators import importers, selectors
from dieuhanh.indicators.charts import detail_chart
from dieuhanh.indicators.forms import ImportForm, as_of
from dieuhanh.indicators.models import Source
from dieuhanh.units.models import Unit
from dieuhanh.units.structure import province_root_on


@register_reader
def indicator_list(request: AuthedRequest) -> HttpResponse:
    form, on = as_of(request)
    rows = selectors.overview(user=request.user, on=on)
    return render(request, "indicators/indicator_list.html", {"form": form, "on": on, "rows": rows})


@register_reader
def indicator_detail(request: AuthedRequest, code: str) -> HttpResponse:
    user = request.user
    indicator = selectors.indicator_get(user=user, code=code)
    form, on = as_of(request)
    province = province_root_on(on=on)
    context: dict[str, object] = {"indicator": indicator, "form": form, "on": on, "province": province}
    if province is not None:
        latest = selectors.aggregation.latest_period(indicator=indicator, on=on)
        context["latest"] = latest
        context["annual"] = selectors.indicator_annual_series(
            user=user, indicator=indicator, unit=province, on=on
        )
        context["chart"] = detail_chart(user=user, indicator=indicator, unit=province, latest=latest, on=on)
        if latest is not None:
            by_unit = selectors.unit_map_values(
                user=user, indicator=indicator, parent=province, period=latest, on=on
            )
            context["by_unit"] = [(unit, v) for unit, v in by_unit if v is not None]
    context["values"] = selectors.data_value_list(user=user, indicator=indicator)
    return render(request, "indicators/indicator_detail.html", context)


@programme_admin
def data_import(request: AuthedRequest) -> HttpResponse:
    report = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        report = _run_import(request, form.cleaned_data["tep"])
        import_errors_keep(request, kind="indicators", errors=report.errors)
    return render(request, "indicators/data_import.html", {"form": form, "report": report})


@programme_admin
def data_import_errors(request: AuthedRequest) -> HttpResponse:
    """The errors of the user's last refused import, as a CSV."""
    return import_errors_download(request, kind="indicators", filename="loi-nhap-so-lieu.csv")


def _run_import(request: AuthedRequest, upload) -> importers.ImportReport:  # type: ignore[no-untyped-def]
    content = upload.read()
    try:
        reader = (
            importers.rows_from_xlsx if upload.name.lower().endswith(".xlsx") else importers.rows_from_csv
        )
        rows, dhis2 = reader(content, upload.name)
    except importers.ImportFileError as exc:
        return importers.ImportReport(errors=[f"Tệp “{upload.name}”: {exc}"])
    return importers.data_values_import(
        rows=rows,
        user=request.user,
        source=Source.IMPORT,
        source_ref=upload.name[:120],
        machine_numbers=dhis2,
    )


@register_reader
def value_sources(request: AuthedRequest, code: str) -> HttpResponse:
    """One figure opened to its sources: ?nam=2025&don_vi=<id> (the province by default)."""
    user = request.user
    indicator = selectors.indicator_get(user=user, code=code)
    form, on = as_of(request)
    unit = _unit_param(request, on)
    year = _year_param(request)
    sources = selectors.value_sources(user=user, indicator=indicator, unit=unit, year=year, on=on)
    return render(request, "indicators/value_sources.html", {"s": sources, "on": on, "form": form})


def _unit_param(request: AuthedRequest, on: dt.date) -> Unit:
    raw = request.GET.get("don_vi", "")
    if raw:
        if not raw.isdigit():
            raise Http404("Không tìm thấy đơn vị.")
        return get_object_or_404(Unit, pk=int(raw))
    return found(province_root_on(on=on), "Chưa có tỉnh.")


def _year_param(request: AuthedRequest) -> int | None:
    raw = request.GET.get("nam", "")
    if raw.isdigit() and 1900 <= int(raw) <= 2100:
        return int(raw)
    return None
