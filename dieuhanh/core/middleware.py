"""Request guards that every view relies on: a bounded body, a session that expires when idle,
and a refused edit of an append-only record answered as a page (409) that says what and why."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dieuhanh.core.append_only import FrozenRecordError
from dieuhanh.core.errors import request_too_large
from dieuhanh.core.memo import request_reads

SESSION_SEEN_KEY = "_dieuhanh_seen"


class RequestSizeLimitMiddleware:
    """Refuse a body above MAX_REQUEST_BYTES from its Content-Length, before anything reads it.

    Django's own DATA_UPLOAD_MAX_MEMORY_SIZE leaves file uploads out; this bounds them all. Each
    upload form still has its own, smaller cap with a message naming the file.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(settings.MAX_REQUEST_BYTES)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django treats a malformed length as no body
        if length > limit:
            return request_too_large(request, limit // (1024 * 1024))
        return self.get_response(request)


class SessionActivityMiddleware:
    """Keep a working user's session alive, so SESSION_COOKIE_AGE measures inactivity.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) would add a write to each
    autosave; touching it once every SESSION_REFRESH_SECONDS is enough for an idle timeout
    measured in minutes.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest, *, now: float | None = None) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.session_key and SESSION_KEY in session:
            slot = int((time.time() if now is None else now) // int(settings.SESSION_REFRESH_SECONDS))
            if session.get(SESSION_SEEN_KEY) != slot:
                session[SESSION_SEEN_KEY] = slot
        return self.get_response(request)


class FrozenRecordMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, FrozenRecordError):
            return None
        message = " ".join(exception.messages)
        if request.headers.get("HX-Request"):
            return HttpResponse(message, status=409, content_type="text/plain; charset=utf-8")
        return render(request, "409.html", {"message": message}, status=409)


class RequestReadsMiddleware:
    """Reading requests (GET, HEAD, OPTIONS change nothing: the house rule) share one memo of
    the small records every selector asks for (core.memo.read_once_per_request)."""

    READING = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in self.READING:
            return self.get_response(request)
        with request_reads():
            return self.get_response(request)
