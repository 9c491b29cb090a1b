"""The public face (no sign-in) and the open-data files. Views stay thin: selectors read."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.views.decorators.http import require_safe

from dieuhanh.indicators.forms import as_of
from dieuhanh.opendata import catalogue, data, selectors


@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    form, on = as_of(request)
    standings = selectors.public_standings(user=request.user, on=on)
    indicators = list(selectors.public_indicators(user=request.user))
    context = {"form": form, "on": on, "standings": standings, "indicators": indicators}
    return render(request, "opendata/overview.html", context)


@require_safe
def target(request: HttpRequest, target_id: int) -> HttpResponse:
    form, on = as_of(request)
    standing = selectors.public_standing_get(user=request.user, target_id=target_id, on=on)
    indicator = selectors.public_indicator_of(user=request.user, standing=standing)
    public = None
    if indicator is not None:
        public = selectors.public_indicator(
            user=request.user, indicator=indicator, on=on, target=standing.target
        )
    context = {"form": form, "on": on, "row": standing, "public": public}
    return render(request, "opendata/target.html", context)


@require_safe
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    form, on = as_of(request)
    found = selectors.public_indicator_get(user=request.user, code=code)
    public = selectors.public_indicator(user=request.user, indicator=found, on=on)
    ids = [t.pk for t in found.public_targets]  # type: ignore[attr-defined]
    standings = selectors.public_standings(user=request.user, on=on, target_ids=ids) if ids else []
    context = {"form": form, "on": on, "indicator": found, "public": public, "standings": standings}
    return render(request, "opendata/indicator.html", context)


@require_safe
def data_index(request: HttpRequest) -> HttpResponse:
    context = {
        "datasets": catalogue.datasets(user=request.user),
        "series_columns": data.SERIES_COLUMNS,
        "target_columns": data.TARGET_COLUMNS,
        "licence": data.LICENCE,
    }
    return render(request, "opendata/data_index.html", context)


@require_safe
def series_csv(request: HttpRequest, code: str) -> HttpResponse:
    rows = _series(request, code)
    return _file(request, data.to_csv(data.SERIES_COLUMNS, rows), "text/csv", f"{code}.csv")


@require_safe
def series_json(request: HttpRequest, code: str) -> HttpResponse:
    _, on = as_of(request)
    found = selectors.public_indicator_get(user=request.user, code=code)
    public = selectors.public_indicator(user=request.user, indicator=found, on=on, chart=False)
    body = {
        "indicator": {
            "code": found.code,
            "name": found.name,
            "description": found.description,
            "unit_of_measure": found.unit_of_measure,
            "periodicity": found.periodicity,
            "direction": found.direction,
            "source": found.source_note,
        },
        "as_of": on.isoformat(),
        "license": data.licence_json(),
        "schema": data.table_schema(data.SERIES_COLUMNS),
        "data": data.series_rows(public),
    }
    return _file(request, _json(body), "application/json", f"{code}.json")


@require_safe
def targets_csv(request: HttpRequest) -> HttpResponse:
    _, on = as_of(request)
    rows = data.target_rows(selectors.public_standings(user=request.user, on=on), on=on)
    return _file(request, data.to_csv(data.TARGET_COLUMNS, rows), "text/csv", "chi-tieu.csv")


@require_safe
def targets_json(request: HttpRequest) -> HttpResponse:
    _, on = as_of(request)
    rows = data.target_rows(selectors.public_standings(user=request.user, on=on), on=on)
    body = {
        "as_of": on.isoformat(),
        "license": data.licence_json(),
        "schema": data.table_schema(data.TARGET_COLUMNS),
        "data": rows,
    }
    return _file(request, _json(body), "application/json", "chi-tieu.json")


@require_safe
def catalogue_jsonld(request: HttpRequest) -> HttpResponse:
    body = _json(catalogue.dcat_catalogue(request.build_absolute_uri, user=request.user))
    return _file(request, body, "application/ld+json", None)


def _series(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    _, on = as_of(request)
    found = selectors.public_indicator_get(user=request.user, code=code)
    return data.series_rows(
        selectors.public_indicator(user=request.user, indicator=found, on=on, chart=False)
    )


def _json(body: object) -> str:
    return json.dumps(body, ensure_ascii=False, indent=1)


def _file(request: HttpRequest, text: str, media_type: str, filename: str | None) -> HttpResponse:
    """A file with an ETag from its content: a harvester that has it already gets 304."""
    content = text.encode("utf-8")
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(content, content_type=f"{media_type}; charset=utf-8")
        if filename:
            response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    response["Access-Control-Allow-Origin"] = "*"  # public data, readable from any portal
    response["Cache-Control"] = "public, max-age=300"
    return response
