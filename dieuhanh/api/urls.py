"""The NinjaAPI: session-authenticated, OpenAPI 3.1 at /api/v1/openapi.json, docs at /api/v1/docs."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.security import django_auth

from dieuhanh.api.conditional import declare_conditional_reads
from dieuhanh.api.guards import BearerToken
from dieuhanh.api.plans import router as plans_router
from dieuhanh.api.plans import target_router
from dieuhanh.api.report_writes import FieldsRefused
from dieuhanh.api.schemas import DATETIME_PROBLEM, NO_NUL, NUL_PROBLEM
from dieuhanh.core.append_only import FrozenRecordError


class DieuhanhAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        declare_conditional_reads(schema)
        return schema


api = DieuhanhAPI(
    title="dieuhanh API",
    version="1",
    urls_namespace="api",
    # A machine client's token first; without an Authorization header, the session.
    auth=[BearerToken(), django_auth],
    description='API của hệ thống điều hành KHCN, ĐMST và CĐS. Lỗi trả về dạng {"detail": "…"}.',
)
api.add_router("/", plans_router)
api.add_router("/", "dieuhanh.api.documents.router")
api.add_router("/", "dieuhanh.api.reports.router")
api.add_router("/", "dieuhanh.api.units.router")
api.add_router("/", "dieuhanh.api.indicators.router")
api.add_router("/", "dieuhanh.api.evaluation.router")
api.add_router("/", "dieuhanh.api.evaluation_writes.router")
api.add_router("/", "dieuhanh.api.evaluation_rounds.router")
api.add_router("/", target_router)
api.add_router("/", "dieuhanh.steering.api.router")
api.add_router("/", "dieuhanh.steering.api_meetings.router")
api.add_router("/", "dieuhanh.steering.api_answers.router")


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Không tìm thấy."}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": "Chưa đăng nhập: gửi phiên đăng nhập hoặc tiêu đề Authorization: Bearer <mã truy cập>."},
        status=401,
    )


# django-ninja's own English messages; ours are Vietnamese already.
_NINJA_MESSAGES = {
    "Cannot parse request body": "Nội dung yêu cầu không phải JSON hợp lệ.",
    "CSRF check Failed": "Thiếu hoặc sai mã CSRF: gửi cookie csrftoken và tiêu đề X-CSRFToken cùng giá trị.",
}


@api.exception_handler(FieldsRefused)
def fields_refused(request: HttpRequest, exc: FieldsRefused) -> HttpResponse:
    return api.create_response(request, exc.body(), status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    detail = _NINJA_MESSAGES.get(str(exc), str(exc))
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


# Pydantic's English error types → what a Vietnamese client developer reads.
_PROBLEMS = {
    "missing": "thiếu",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_parsing": "phải là số",
    "float_type": "phải là số",
    "finite_number": "phải là số hữu hạn",
    "string_type": "phải là chuỗi ký tự",
    "string_pattern_mismatch": "không đúng dạng",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_inexact": "phải là ngày dạng YYYY-MM-DD",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "datetime_parsing": DATETIME_PROBLEM,
    "datetime_from_date_parsing": DATETIME_PROBLEM,
    "datetime_type": DATETIME_PROBLEM,
    "datetime_object_invalid": DATETIME_PROBLEM,
    "timezone_aware": DATETIME_PROBLEM,
    "enum": "không thuộc các giá trị cho phép",
    "list_type": "phải là một mảng",
    "dict_type": "phải là một đối tượng",
    "model_attributes_type": "phải là một đối tượng",
    "json_invalid": "không phải JSON hợp lệ",
    # With the declared bound, from pydantic's context.
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "string_too_long": "quá dài (tối đa {max_length} ký tự)",
    "string_too_short": "quá ngắn (ít nhất {min_length} ký tự)",
    "too_long": "quá nhiều phần tử (tối đa {max_length})",
    "extra_forbidden": "không phải trường được nhận",
}
_PLACES = {
    "query": "tham số",
    "path": "đường dẫn",
    "body": "nội dung",
    "cookie": "cookie",
    "header": "tiêu đề",
    "file": "tệp",  # a multipart upload's part
}


def _where(loc: list[str | int]) -> str:
    if not loc:
        return "yêu cầu"
    place = _PLACES.get(str(loc[0]), str(loc[0]))
    rest = ".".join(str(x) for x in loc[1:] if x not in ("payload",))
    return f"{place} “{rest}”" if rest else place


def _own_message(error: dict) -> str:
    """Our validators' messages are Vietnamese already (pydantic prefixes "Value error, ")."""
    message = str(error.get("msg", ""))
    return message.removeprefix("Value error, ") if not message.isascii() else "không hợp lệ"


def _problem(kind: str, error: dict) -> str:
    if kind == "string_pattern_mismatch" and (error.get("ctx") or {}).get("pattern") == NO_NUL:
        return NUL_PROBLEM
    template = _PROBLEMS.get(kind)
    if template is None:
        return _own_message(error) if kind == "value_error" else "không hợp lệ"
    try:
        return template.format(**(error.get("ctx") or {}))
    except KeyError:
        return "không hợp lệ"


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """422 in the declared shape: a Vietnamese sentence plus each field's place and problem."""
    errors: list[dict[str, object]] = []
    messages: list[str] = []
    for error in exc.errors:
        loc = [x if isinstance(x, int) else str(x) for x in error.get("loc", ())]
        kind = str(error.get("type", ""))
        problem = _problem(kind, error)
        expected = (error.get("ctx") or {}).get("expected")
        if expected and error.get("type") == "enum":
            problem += f" ({expected})"
        messages.append(f"{_where(loc)} {problem}")
        errors.append({"loc": loc, "msg": messages[-1]})
    detail = "Yêu cầu không hợp lệ: " + "; ".join(messages[:5]) + "."
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(FrozenRecordError)
def frozen_record(request: HttpRequest, exc: FrozenRecordError) -> HttpResponse:
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=409)


urlpatterns = [path("v1/", api.urls)]
