"""The NinjaAPI: session-authenticated, OpenAPI 3.1 at /api/v1/openapi.json, docs at /api/v1/docs."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import django_auth

from dieuhanh.api.plans import router as plans_router
from dieuhanh.core.append_only import FrozenRecordError

api = NinjaAPI(
    title="dieuhanh API",
    version="1",
    urls_namespace="api",
    auth=django_auth,
    description='API của hệ thống điều hành KHCN, ĐMST và CĐS. Lỗi trả về dạng {"detail": "…"}.',
)
api.add_router("/", plans_router)
api.add_router("/", "dieuhanh.api.indicators.router")


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Không tìm thấy."}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "Chưa đăng nhập."}, status=401)


@api.exception_handler(FrozenRecordError)
def frozen_record(request: HttpRequest, exc: FrozenRecordError) -> HttpResponse:
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=409)


urlpatterns = [path("v1/", api.urls)]
