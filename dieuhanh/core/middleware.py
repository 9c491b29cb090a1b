"""Turns a refused edit or deletion of an append-only record into a page (or an htmx
fragment) that says what and why, with status 409."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dieuhanh.core.append_only import FrozenRecordError


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
