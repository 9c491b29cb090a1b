"""ETags on the API's reads: a GET answered 200 carries `ETag` (a digest of the body, so it
changes exactly when what the caller sees changes, whoever the caller is), and a GET whose
`If-None-Match` names it is a 304 without a body: a client polling the register downloads
it again only when it changed."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers

API_PREFIX = "/api/v1/"


class ApiETagMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method not in ("GET", "HEAD")
            or not request.path.startswith(API_PREFIX)
            or response.status_code != 200
            or response.streaming
        ):
            return response
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        response["ETag"] = etag
        # The body depends on who asks: a shared cache keys on the caller too.
        patch_vary_headers(response, ("Authorization", "Cookie"))
        return get_conditional_response(request, etag=etag, response=response) or response
