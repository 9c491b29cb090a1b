"""The errors of a refused import, downloadable as a CSV the user can sort and tick off.

The list is kept in the user's own session (never shared between users) until the next
import of the same kind; the CSV goes through the neutralising writer, since messages quote
what the file said — a cell "=HYPERLINK(…)" must not become a live formula in the report."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import Http404, HttpRequest, HttpResponse

from dieuhanh.core.downloads import attachment
from dieuhanh.core.spreadsheets import csv_bytes

SESSION_KEY = "import_errors:{kind}"
MAX_KEPT = 1_000


def import_errors_keep(request: HttpRequest, *, kind: str, errors: Sequence[str]) -> None:
    """Remember this import's errors (or forget the last ones when there are none)."""
    key = SESSION_KEY.format(kind=kind)
    if errors:
        request.session[key] = list(errors[:MAX_KEPT])
    else:
        request.session.pop(key, None)


def error_rows(errors: Sequence[str]) -> list[list[object]]:
    """(number, place, message): the place is what comes before the first ": "."""
    rows: list[list[object]] = [["STT", "Vị trí", "Lỗi"]]
    for number, error in enumerate(errors, start=1):
        place, sep, message = error.partition(": ")
        rows.append([number, place, message] if sep else [number, "", error])
    return rows


def import_errors_download(request: HttpRequest, *, kind: str, filename: str) -> HttpResponse:
    errors = request.session.get(SESSION_KEY.format(kind=kind))
    if not errors:
        raise Http404("Không có danh sách lỗi của lần nhập gần nhất.")
    return attachment(csv_bytes(error_rows(errors)), filename)
