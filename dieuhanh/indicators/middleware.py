"""A page that only reads reads the indicator definitions once, however many figures it shows."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from dieuhanh.indicators.aggregation import registry_pinned

READING = frozenset({"GET", "HEAD", "OPTIONS"})


class IndicatorRegistryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # GET never changes state (the house rule), so the definitions cannot change under it.
        if request.method not in READING:
            return self.get_response(request)
        with registry_pinned():
            return self.get_response(request)
