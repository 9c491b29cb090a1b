"""Error answers in Vietnamese: an HTML page for people, `{"detail": "…"}` for the API.

Django calls these for 400, 403, 404 and 500 (config/urls.py) and for a refused CSRF check
(CSRF_FAILURE_VIEW). They never show settings, source, the URL map or an exception's class: the
traceback of a 500 goes to the log (django.request), the visitor gets a reference time to quote.
The 500 page is rendered without the request context, so it works when the database does not.
"""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.template.exceptions import TemplateDoesNotExist
from django.utils import timezone
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger("dieuhanh.errors")

MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    403: "Bạn không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy.",
    413: "Dữ liệu gửi lên quá lớn.",
    500: "Hệ thống gặp lỗi khi xử lý yêu cầu; lỗi đã được ghi lại. Hãy thử lại sau ít phút.",
}
CSRF_MESSAGE = (
    "Phiên làm việc của biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang rồi thực hiện lại thao tác."
)


def found[T](item: T | None, message: str) -> T:
    """What a lookup found, or the 404 whose message says what was not."""
    if item is None:
        raise Http404(message)
    return item


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _json(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})


def _page(request: HttpRequest, template: str, status: int, context: dict[str, object]) -> HttpResponse:
    try:
        body = loader.get_template(template).render(context, request)
    except Exception:  # an error page must never fail in turn: fall back to plain text
        logger.exception("error page %s could not be rendered", template)
        body = f"<!doctype html><meta charset=utf-8><title>Lỗi</title><p>{MESSAGES.get(status, '')}</p>"
    return HttpResponse(body, status=status)


def _message(exception: Exception | None, default: str) -> str:
    """Our own PermissionDenied/Http404 messages are Vietnamese sentences written for the user;
    anything else (Django's internal wording, a resolver's tried patterns) is replaced."""
    text = str(exception.args[0]) if exception is not None and exception.args else ""
    if not text or not isinstance(exception.args[0], str) or text.isascii():  # type: ignore[union-attr]
        return default
    return text


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_json(request):
        return _json(400, MESSAGES[400])
    return _page(request, "400.html", 400, {})


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _message(exception, MESSAGES[403])
    if wants_json(request):
        return _json(403, message)
    return _page(request, "403.html", 403, {"message": message})


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_json(request):
        return _json(404, _message(exception, MESSAGES[404]))
    return _page(request, "404.html", 404, {"request_path": request.path})


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    reference = timezone.localtime().strftime("%d/%m/%Y %H:%M:%S")
    if wants_json(request):
        return JsonResponse(
            {"detail": f"{MESSAGES[500]} (Thời điểm: {reference})"},
            status=500,
            json_dumps_params={"ensure_ascii": False},
        )
    try:
        template = loader.get_template("500.html")
        body = template.render({"reference": reference})  # no request: no context processor, no DB
    except TemplateDoesNotExist:
        body = f"<!doctype html><meta charset=utf-8><p>{MESSAGES[500]}</p>"
    return HttpResponse(body, status=500)


def request_too_large(request: HttpRequest, limit_mb: int) -> HttpResponse:
    message = f"Dữ liệu gửi lên vượt giới hạn {limit_mb} MB; hãy chia nhỏ tệp hoặc nén ảnh rồi gửi lại."
    if wants_json(request):
        return _json(413, message)
    return _page(request, "413.html", 413, {"message": message})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # The reason ("CSRF cookie not set." …) is for the log, not for the user.
    logger.warning("CSRF check failed on %s: %s", request.path, reason)
    if wants_json(request):
        return _json(403, CSRF_MESSAGE)
    return _page(request, "403_csrf.html", 403, {"message": CSRF_MESSAGE})
