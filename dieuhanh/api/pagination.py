"""Pages of a list endpoint, without changing its shape: the body stays the JSON array existing
clients read; `limit`/`offset` pick the slice, and the headers say how many there are in all
(`X-Total-Count`) and where the next page is (`Link: <…>; rel="next"`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Schema
from pydantic import Field

MAX_LIMIT = 500


class PageIn(Schema):
    limit: Annotated[
        int | None,
        Field(
            ge=1, le=MAX_LIMIT, description=f"Số phần tử tối đa của trang (1–{MAX_LIMIT}); bỏ trống: tất cả."
        ),
    ] = None
    offset: Annotated[int, Field(ge=0, le=1_000_000, description="Bỏ qua bao nhiêu phần tử đầu.")] = 0


PAGE_DESCRIPTION = (
    "Phân trang: `limit`, `offset`; tiêu đề `X-Total-Count` cho tổng số phần tử và "
    '`Link: <…>; rel="next"` cho trang sau (khi còn).'
)
PAGE_HEADERS = {
    "X-Total-Count": {"description": "Tổng số phần tử, mọi trang.", "schema": {"type": "integer"}},
    "Link": {"description": 'Trang sau: `<url>; rel="next"` (khi còn).', "schema": {"type": "string"}},
}


def page_doc(description: str = "", links: dict[str, Any] | None = None) -> dict[str, Any]:
    """What a list operation declares: the paging sentence after its own, both headers, and
    the OpenAPI links from a listed item to its own operations, if any."""
    ok: dict[str, Any] = {"headers": PAGE_HEADERS} | ({"links": links} if links else {})
    return {
        "description": f"{description} {PAGE_DESCRIPTION}".strip(),
        "openapi_extra": {"responses": {200: ok}},
    }


def page_of[T](request: HttpRequest, response: HttpResponse, rows: Sequence[T], page: PageIn) -> list[T]:
    total = len(rows)
    response["X-Total-Count"] = str(total)
    if page.limit is None:
        return list(rows[page.offset :])
    end = page.offset + page.limit
    if end < total:
        query = request.GET.copy()
        query["offset"] = str(end)
        query["limit"] = str(page.limit)
        response["Link"] = f'<{request.build_absolute_uri(request.path)}?{query.urlencode()}>; rel="next"'
    return list(rows[page.offset : end])
