"""ETags on the API's representations: a GET answered 200 carries `ETag` (a digest of the body,
so it changes exactly when what the caller sees changes, whoever the caller is), and a GET whose
`If-None-Match` names it is a 304 without a body: a client polling the register downloads
it again only when it changed. A write answered 200 or 201 with the resource's new representation
(it says so with `Content-Location`) carries that representation's ETag, so the client's next
write can name it in `If-Match` without reading again."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers

from dieuhanh.api.conditional import etag_of

API_PREFIX = "/api/v1/"
READS = ("GET", "HEAD")


class ApiETagMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not request.path.startswith(API_PREFIX)
            or response.status_code not in (200, 201)  # 201: a write's new resource
            or response.streaming
            or (request.method not in READS and not response.has_header("Content-Location"))
        ):
            return response
        etag = etag_of(response.content)
        response["ETag"] = etag
        # The body depends on who asks: a shared cache keys on the caller too.
        patch_vary_headers(response, ("Authorization", "Cookie"))
        if request.method not in READS:
            return response  # the write is done: its If-Match was the service's to check
        return get_conditional_response(request, etag=etag, response=response) or response
