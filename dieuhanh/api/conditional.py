"""Conditional requests of the API: every representation's `ETag` is a digest of its body (the
same bytes a GET returns), and every write names the one it was based on in `If-Match`.

A write without `If-Match` is a 428 and one naming a representation that is no longer current
a 412, both in Vietnamese: a client that read a draft, and a reporter who saved it on the page
since, can never silently overwrite each other. The digest check here is the early answer; the
service's version check under the row lock (`reporting.services.check_report_fresh`) is what
closes the window between the two."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.http import HttpRequest
from django.utils.http import parse_etags
from ninja import Schema
from ninja.errors import HttpError
from ninja.renderers import JSONRenderer

_RENDERER = JSONRenderer()
# Entity tags only (RFC 9110 §8.8.3), one or more: the declared pattern and the check are one.
ETAG_LIST = r'^(W/)?"[!#-~]*"(, ?(W/)?"[!#-~]*")*$'
_ETAG_LIST = re.compile(ETAG_LIST)

PRECONDITION_REQUIRED = (
    "Thiếu tiêu đề If-Match: gửi ETag nhận được khi đọc {what} (GET), "
    "để không ghi đè thay đổi của người khác."
)
PRECONDITION_MALFORMED = (
    'Tiêu đề If-Match không phải ETag (dạng "…", có thể nhiều, cách nhau bằng dấu phẩy): gửi ETag '
    "nhận được khi đọc {what} (GET)."
)
PRECONDITION_FAILED = (
    "{What} đã thay đổi sau khi bạn đọc (ETag trong If-Match không còn đúng): không ghi gì. "
    "Hãy đọc lại (GET), xem lại rồi gửi lại với ETag mới."
)


def etag_of(content: bytes) -> str:
    """A strong validator of a body: it changes exactly when the bytes change."""
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def representation_etag(request: HttpRequest, out: Schema) -> str:
    """The ETag a GET answering `out` carries (rendered as django-ninja renders a response)."""
    content = _RENDERER.render(request, out.model_dump(), response_status=200)
    return etag_of(content.encode() if isinstance(content, str) else content)


def require_if_match(request: HttpRequest, current: str, what: str) -> None:
    """428 without `If-Match` (or with `*`, which names no representation, or anything that is
    not a list of entity tags); 412 unless it names `current`. Weak validators (`W/"…"`) never
    match: a write needs the exact bytes it read."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        raise HttpError(428, PRECONDITION_REQUIRED.format(what=what))
    if not _ETAG_LIST.match(header):
        raise HttpError(428, PRECONDITION_MALFORMED.format(what=what))
    if current not in parse_etags(header):
        raise HttpError(412, PRECONDITION_FAILED.format(What=what[:1].upper() + what[1:]))


# Every write declares the header (its 412 and 428 are `schemas.WRITE_ERRORS`).
IF_MATCH_PARAMETER = {
    "name": "If-Match",
    "in": "header",
    "required": True,
    "description": "ETag của bản đã đọc (GET), một hoặc nhiều, cách nhau bằng dấu phẩy; "
    "thiếu hoặc `*`: 428, không còn đúng: 412.",
    # `*` names no representation, so it is not a valid value here.
    "schema": {"type": "string", "pattern": ETAG_LIST},
}
ETAG_HEADER = {
    "ETag": {
        "description": "Bản này của tài nguyên: gửi lại trong `If-Match` khi ghi, `If-None-Match` khi đọc.",
        "schema": {"type": "string"},
    }
}


# Every GET honours If-None-Match (`api.middleware.ApiETagMiddleware`): its answer may be a 304.
IF_NONE_MATCH_PARAMETER = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "ETag của lần đọc trước (một hoặc nhiều, hoặc `*`): nếu vẫn đúng, câu trả lời là 304 "
    "không có nội dung; giá trị khác (kể cả không phải ETag) không khớp: câu trả lời đầy đủ.",
    # No pattern: a value that names no current tag (even a malformed one) is answered in full,
    # as HTTP says, not refused.
    "schema": {"type": "string"},
}
NOT_MODIFIED = {
    "description": "Không thay đổi từ lần đọc có ETag trong If-None-Match: không có nội dung.",
    "headers": ETAG_HEADER,
}


def declare_conditional_reads(schema: dict[str, Any]) -> dict[str, Any]:
    """Every GET of the document: the `If-None-Match` it honours, its 304, and the `ETag` of its
    200, declared once here rather than on each operation (a new GET cannot forget them)."""
    for operations in schema.get("paths", {}).values():
        read = operations.get("get")
        if read is None:
            continue
        parameters = read.setdefault("parameters", [])
        if not any(p.get("in") == "header" and p.get("name") == "If-None-Match" for p in parameters):
            parameters.append(IF_NONE_MATCH_PARAMETER)
        responses = read.setdefault("responses", {})
        ok = responses.get(200) or responses.get("200")
        if ok is not None:
            ok["headers"] = {**ok.get("headers", {}), **ETAG_HEADER}
        responses[304] = NOT_MODIFIED
    return schema
