from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, Field

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _iso_date_only(value: Any) -> Any:
    # Pydantic would also read "0" or "1700000000" as a Unix time: the schema says format: date.
    if isinstance(value, str) and not _ISO_DATE.match(value):
        raise ValueError("phải là ngày dạng YYYY-MM-DD")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]

# RFC 3339 / ISO 8601: a date, optionally a time, optionally an offset (`Z`, `+07:00`).
_ISO_DATETIME = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?([Zz]|[+-][0-9]{2}:?[0-9]{2})?)?$"
)
DATETIME_PROBLEM = "phải là thời điểm dạng ISO 8601, ví dụ 2025-07-01T08:00:00+07:00"
# Text the database takes: PostgreSQL refuses the NUL character in a string. Every text a
# write receives carries this pattern, so the schema refuses it before any write, with its
# own message (urls._problem), not as a server error.
NO_NUL = r"^[^\x00]*$"
NUL_PROBLEM = "chứa ký tự NUL (mã 0), ký tự này không được phép"


def _iso_datetime_only(value: Any) -> Any:
    # As for dates: pydantic would read "0" as 01/01/1970; the schema says format: date-time.
    if isinstance(value, str) and not _ISO_DATETIME.match(value):
        raise ValueError(DATETIME_PROBLEM)
    return value


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """A moment without an offset is Việt Nam's time (the pages' and the reports' clock). It is
    passed on in UTC: PostgreSQL refuses offsets beyond ±15:59 that ISO 8601 allows (+21:36)."""
    if value is None:
        return None
    aware = timezone.make_aware(value) if timezone.is_naive(value) else value
    try:
        return aware.astimezone(dt.UTC)
    except OverflowError:  # 0001-01-01T00:00+07:00 is in year 0 in UTC
        raise ValueError(DATETIME_PROBLEM) from None


UPDATED_SINCE_HELP = (
    "Chỉ những dòng được ghi hoặc sửa từ thời điểm này trở đi (kể cả đúng thời điểm đó), dạng ISO 8601; "
    "không có múi giờ: giờ Việt Nam."
)


class SinceIn(Schema):
    """The filter of the lists whose rows have a modification time (one declaration for all)."""

    updated_since: Annotated[
        dt.datetime | None,
        BeforeValidator(_iso_datetime_only),
        AfterValidator(_aware),
        Field(description=UPDATED_SINCE_HELP),
    ] = None


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    loc: list[str | int]
    msg: str


class ValidationErrorOut(Schema):
    """422: what is wrong, in Vietnamese, and where (`errors` when the request did not match the
    declared parameters or body)."""

    detail: str
    errors: list[FieldErrorOut] = []


class UnitRef(Schema):
    id: int
    code: str
    name: str


class TaskOut(Schema):
    id: int
    code: str
    section: str
    group: str
    text: str
    issuer_role: str
    lead_unit: UnitRef | None
    lead_text: str
    partner_units: list[UnitRef]
    deliverable: str
    deadline_text: str
    due: dt.date | None
    recurrence: str
    condition: str
    completed_on: dt.date | None
    status: str
    status_label: str


Verdict = Literal["achieved", "on_track", "at_risk", "off_track", "insufficient_data"]


class VerdictFields(Schema):
    """The one verdict on a target (steering.verdicts), the same on every page and endpoint."""

    verdict: Verdict
    verdict_label: str
    reasons: list[str]
    probability: float | None


class TargetOut(VerdictFields):
    id: int
    code: str
    name: str
    text: str
    comparator: str
    value: float | None
    unit_of_measure: str
    horizon_year: int
    baseline_value: float | None
    baseline_year: int | None
    document: str


# Every operation declares these; POST ones add their own (409).
ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
# Every write with If-Match (`api.conditional`): a stale ETag 412, none 428.
WRITE_ERRORS: dict[int, type[Schema]] = {**ERRORS, 412: ErrorOut, 428: ErrorOut}
