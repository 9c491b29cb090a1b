"""CKAN's action API, read-only, in the shape a CKAN harvester or the `ckanapi` client expects:
{"help": …, "success": true, "result": …}, and {"success": false, "error": {…}} with 404/409.

Clients call actions by GET or by POST with a JSON body (ckanapi posts by default), so POST is
accepted too; nothing is ever written, hence no CSRF token is needed."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from dieuhanh.opendata import catalogue

MAX_ROWS = 1000


def _params(request: HttpRequest) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.GET.items())
    if request.method == "POST" and request.body:
        try:
            body = json.loads(request.body)
        except ValueError:
            body = None
        if isinstance(body, dict):
            params.update(body)
        else:
            params.update(request.POST.items())
    return params


def _ok(request: HttpRequest, action: str, result: object) -> JsonResponse:
    help_url = request.build_absolute_uri(f"/api/3/action/help_show?name={action}")
    return JsonResponse(
        {"help": help_url, "success": True, "result": result}, json_dumps_params={"ensure_ascii": False}
    )


def _error(request: HttpRequest, action: str, status: int, kind: str, message: str) -> JsonResponse:
    help_url = request.build_absolute_uri(f"/api/3/action/help_show?name={action}")
    body = {"help": help_url, "success": False, "error": {"__type": kind, "message": message}}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def package_list(request: HttpRequest) -> HttpResponse:
    return _ok(request, "package_list", catalogue.dataset_names(user=request.user))


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def package_show(request: HttpRequest) -> HttpResponse:
    wanted = str(_params(request).get("id") or "").strip()
    if not wanted:
        return _error(
            request, "package_show", 409, "Validation Error", "Thiếu tham số id (tên hoặc mã bộ dữ liệu)."
        )
    found = catalogue.dataset_get(wanted, user=request.user)
    if found is None:
        return _error(request, "package_show", 404, "Not Found Error", "Không tìm thấy bộ dữ liệu.")
    return _ok(request, "package_show", catalogue.ckan_package(found, request.build_absolute_uri))


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def package_search(request: HttpRequest) -> HttpResponse:
    """Every dataset, paged by `rows` and `start` (the harvester's way of listing); `q` and `fq`
    are accepted and ignored: the catalogue is small and a harvester reads it whole."""
    params = _params(request)
    try:
        rows = min(int(params.get("rows", MAX_ROWS)), MAX_ROWS)
        start = int(params.get("start", 0))
    except (TypeError, ValueError):
        return _error(request, "package_search", 409, "Validation Error", "rows và start phải là số nguyên.")
    if rows < 0 or start < 0:
        return _error(request, "package_search", 409, "Validation Error", "rows và start không được âm.")
    found = catalogue.datasets(user=request.user)
    page = [catalogue.ckan_package(d, request.build_absolute_uri) for d in found[start : start + rows]]
    return _ok(
        request, "package_search", {"count": len(found), "results": page, "sort": "name asc", "facets": {}}
    )


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def status_show(request: HttpRequest) -> HttpResponse:
    return _ok(
        request,
        "status_show",
        {"ckan_version": "2.10.0", "site_title": "dieuhanh: dữ liệu mở", "extensions": []},
    )
