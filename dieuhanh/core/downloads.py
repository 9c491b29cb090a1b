"""A file the browser saves: one response for every export, its type read from the name's ending."""

from __future__ import annotations

from django.http import HttpResponse

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}


def attachment(data: bytes | str, filename: str, content_type: str = "") -> HttpResponse:
    kind = content_type or CONTENT_TYPES[filename.rpartition(".")[2]]
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
