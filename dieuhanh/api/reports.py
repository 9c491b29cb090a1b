"""Periodic reports and their sent versions, read like the report pages: `reporting.selectors`
scopes them (a reporter sees its unit's and its predecessors'; another unit's report is a 404)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import CharField
from django.http import HttpRequest, HttpResponse
from ninja import Body, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

from dieuhanh.accounts import rules
from dieuhanh.accounts.models import User
from dieuhanh.api.conditional import ETAG_HEADER, IF_MATCH_PARAMETER, representation_etag, require_if_match
from dieuhanh.api.guards import api_user
from dieuhanh.api.pagination import PageIn, page_doc, page_of
from dieuhanh.api.report_writes import (
    FieldsRefused,
    ReportPatchIn,
    UnknownRows,
    field_errors,
    report_input_of,
    report_places,
)
from dieuhanh.api.schemas import (
    ERRORS,
    NO_NUL,
    WRITE_ERRORS,
    ErrorOut,
    SinceIn,
    UnitRef,
)
from dieuhanh.reporting import selectors, services
from dieuhanh.reporting.forms import ReturnForm
from dieuhanh.reporting.models import Report, ReportStatus, TaskProgress
from dieuhanh.reporting.sections import FieldErrors

router = Router(tags=["Báo cáo định kỳ"])
# From the list to each report's operations (OpenAPI links), so a client, and schemathesis's
# stateful phase, go from a listed report to reading, writing and sending it.
_REPORT_LINKS = {
    name: {"operationId": name, "parameters": {"report_id": "$response.body#/0/id"}}
    for name in (
        "report_get",
        "report_versions",
        "report_patch",
        "report_submit",
        "report_accept",
        "report_return",
    )
}

_ID = Annotated[int | None, Field(ge=1, le=2**31 - 1)]


class PeriodOut(Schema):
    id: int
    label: str
    starts_on: dt.date
    ends_on: dt.date
    due_on: dt.date


class ReportOut(Schema):
    id: int
    period: PeriodOut
    unit: UnitRef
    status: str
    status_label: str
    version: int
    submitted_at: dt.datetime | None
    updated_at: dt.datetime


class ReportTaskOut(Schema):
    """One task's line of the report: what the unit says of it this period."""

    task: int
    code: str
    text: str
    progress: TaskProgress
    progress_label: str
    percent: int
    result: str
    completed_on: dt.date | None


class ReportValueOut(Schema):
    indicator: str
    name: str
    unit_of_measure: str
    value: float | None
    comment: str


class ReportDetailOut(ReportOut):
    highlights: str
    difficulties: str
    proposals: str
    review_comment: str = Field(description="Lý do trả lại của lần duyệt gần nhất (trống nếu không).")
    reviewed_at: dt.datetime | None
    tasks: list[ReportTaskOut]
    indicator_values: list[ReportValueOut]


class ReportVersionOut(Schema):
    """What one submission froze (`content`, as the report's page shows it)."""

    number: int
    submitted_at: dt.datetime
    submitted_by: str
    content: dict[str, Any]


def _reader(request: HttpRequest) -> Any:
    return api_user(request, rules.can_read_register, "Tài khoản của bạn không có quyền xem báo cáo định kỳ.")


def _report_out(r: Report) -> dict[str, Any]:
    p = r.period
    return {
        "id": r.pk,
        "period": PeriodOut(
            id=p.pk, label=p.label, starts_on=p.starts_on, ends_on=p.ends_on, due_on=p.due_on
        ),
        "unit": UnitRef(id=r.unit.pk, code=r.unit.code, name=r.unit.name),
        "status": r.status,
        "status_label": r.get_status_display(),
        "version": r.version,
        "submitted_at": r.submitted_at,
        "updated_at": r.updated_at,
    }


@router.get(
    "/reports",
    response={200: list[ReportOut], **ERRORS},
    summary="Báo cáo định kỳ trong phạm vi người dùng",
    **page_doc(
        "Lọc theo `period` (kỳ), `unit` (đơn vị), `status`, `updated_since` (sửa, gửi hoặc duyệt từ "
        "thời điểm đó: `updated_at`).",
        links=_REPORT_LINKS,
    ),
)
def list_reports(  # noqa: PLR0913 (each filter is a query parameter of the operation)
    request: HttpRequest,
    response: HttpResponse,
    page: Query[PageIn],
    since: Query[SinceIn],
    period: _ID = None,
    unit: _ID = None,
    status: ReportStatus | None = None,
):
    qs = selectors.report_queryset(user=_reader(request))
    if since.updated_since is not None:
        qs = qs.filter(updated_at__gte=since.updated_since)
    if period is not None:
        qs = qs.filter(period_id=period)
    if unit is not None:
        qs = qs.filter(unit_id=unit)
    if status is not None:
        qs = qs.filter(status=status)
    rows = list(qs.order_by("-period__ends_on", "unit__name", "pk"))
    return [ReportOut(**_report_out(r)) for r in page_of(request, response, rows, page)]


def _detail(r: Report) -> ReportDetailOut:
    tasks = [
        ReportTaskOut(
            task=u.task_id,
            code=u.task.code,
            text=u.task.text,
            progress=TaskProgress(u.progress),
            progress_label=u.get_progress_display(),
            percent=u.percent,
            result=u.result,
            completed_on=u.completed_on,
        )
        for u in r.task_updates.select_related("task")
    ]
    values = [
        ReportValueOut(
            indicator=v.indicator.code,
            name=v.indicator.name,
            unit_of_measure=v.indicator.unit_of_measure,
            value=v.value,
            comment=v.comment,
        )
        for v in r.indicator_values.select_related("indicator")
    ]
    return ReportDetailOut(
        **_report_out(r),
        highlights=r.highlights,
        difficulties=r.difficulties,
        proposals=r.proposals,
        review_comment=r.review_comment,
        reviewed_at=r.reviewed_at,
        tasks=tasks,
        indicator_values=values,
    )


@router.get(
    "/reports/{report_id}",
    response={200: ReportDetailOut, **ERRORS},
    summary="Một báo cáo định kỳ, với từng nhiệm vụ và số liệu chỉ số của nó",
    description="`ETag` của câu trả lời là điều kiện `If-Match` của mọi lần ghi vào báo cáo.",
    openapi_extra={"responses": {200: {"headers": ETAG_HEADER}}},
    operation_id="report_get",
)
def get_report(request: HttpRequest, report_id: int):
    return _detail(selectors.report_get(user=_reader(request), pk=report_id))


@router.get(
    "/reports/{report_id}/versions",
    response={200: list[ReportVersionOut], **ERRORS},
    summary="Các lần gửi của một báo cáo (cũ nhất trước), mỗi lần với nội dung đã gửi",
    operation_id="report_versions",
    **page_doc(),
)
def report_versions(request: HttpRequest, response: HttpResponse, report_id: int, page: Query[PageIn]):
    r = selectors.report_get(user=_reader(request), pk=report_id)
    rows = list(r.versions.select_related("submitted_by").order_by("number"))
    return [
        ReportVersionOut(
            number=v.number,
            submitted_at=v.submitted_at,
            submitted_by=str(v.submitted_by) if v.submitted_by else "Hệ thống",
            content=v.content if isinstance(v.content, dict) else {"value": v.content},
        )
        for v in page_of(request, response, rows, page)
    ]


# --- writes: the unit's reporter (a person or a write token of the unit) ------------------------

_WRITE_DOC = {"parameters": [IF_MATCH_PARAMETER], "responses": {200: {"headers": ETAG_HEADER}}}
WHAT = "báo cáo"


def _filer(request: HttpRequest) -> User:
    return api_user(
        request,
        rules.is_reporter,
        "Tài khoản của bạn không có quyền sửa hoặc gửi báo cáo định kỳ: chỉ cán bộ báo cáo "
        "của đơn vị (hoặc mã truy cập ghi của đơn vị) được làm.",
    )


def _draft_for_write(request: HttpRequest, report_id: int) -> tuple[User, Report]:
    """The caller's report as it is now, after the checks every write makes, in this order:
    the role (403), the scope (another unit's report is a 404), then If-Match (428, 412)."""
    user = _filer(request)
    report = selectors.report_get(user=user, pk=report_id)
    require_if_match(request, representation_etag(request, _detail(report)), WHAT)
    return user, report


def _refused(exc: ValidationError, places: dict[str, list[str | int]]) -> HttpError:
    """The engine's refusal as the API says it: stale → 412, not a draft any more → 409,
    the sections' rules → 422 with each field named."""
    if isinstance(exc, services.StaleReportError):
        return HttpError(412, " ".join(exc.messages))
    if not isinstance(exc, FieldErrors):
        return HttpError(409, " ".join(exc.messages))
    return FieldsRefused(field_errors(exc.messages, exc.fields, places))


def _written(response: HttpResponse, user: User, report_id: int) -> ReportDetailOut:
    """The new representation; `Content-Location` says it is the report's, so it carries the
    ETag the next write names (`api.middleware`)."""
    response["Content-Location"] = f"/api/v1/reports/{report_id}"
    return _detail(selectors.report_get(user=user, pk=report_id))


@router.patch(
    "/reports/{report_id}",
    response={200: ReportDetailOut, 400: ErrorOut, 409: ErrorOut, **WRITE_ERRORS},
    operation_id="report_patch",
    summary="Sửa bản nháp báo cáo của đơn vị: văn bản, tình hình từng nhiệm vụ, số liệu chỉ số",
    description="Trường bỏ trống giữ giá trị đã lưu. Cùng quy tắc như trang báo cáo; sai một ô thì "
    "không lưu gì (422, mỗi lỗi nêu rõ ô). Cần `If-Match`: ETag của lần đọc (GET) báo cáo. "
    "409: báo cáo đã gửi hoặc đã duyệt, không sửa được.",
    openapi_extra=_WRITE_DOC,
)
def patch_report(
    request: HttpRequest,
    response: HttpResponse,
    report_id: int,
    payload: ReportPatchIn = Body(...),  # noqa: B008
):
    user, report = _draft_for_write(request, report_id)
    try:
        data, places = report_input_of(report, payload)
    except UnknownRows as exc:
        raise FieldsRefused(exc.errors) from None
    try:
        services.report_save(report_id=report.pk, user=user, version=report.version, data=data)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except ValidationError as exc:
        raise _refused(exc, places) from None
    return _written(response, user, report.pk)


@router.post(
    "/reports/{report_id}/submit",
    response={200: ReportDetailOut, 409: ErrorOut, **WRITE_ERRORS},
    operation_id="report_submit",
    summary="Gửi báo cáo của đơn vị tới cơ quan nhận",
    description="Cần `If-Match`: ETag của lần đọc (GET) báo cáo. Gửi lại cùng phiên bản đã gửi không "
    "tạo lần gửi mới. 422: báo cáo còn thiếu (mỗi lỗi nêu nhiệm vụ hoặc chỉ số); 409: đã duyệt.",
    openapi_extra=_WRITE_DOC,
)
def submit_report(request: HttpRequest, response: HttpResponse, report_id: int):
    user, report = _draft_for_write(request, report_id)
    try:
        services.report_submit(report_id=report.pk, user=user, version=report.version)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except ValidationError as exc:
        raise _refused(exc, report_places(report)) from None
    return _written(response, user, report.pk)


# --- review: the receiving unit's reviewer (the programme's reports: the issuer's administrators) --


def _review_for_write(request: HttpRequest, report_id: int) -> tuple[User, Report]:
    """The report as it is now, after the checks in the order every write makes them: a role
    without the register (403), the scope (another unit's report is a 404), the regime's reviewer
    rule (403, the service's own check and words), then If-Match (428, 412)."""
    user = _reader(request)
    report = selectors.report_get(user=user, pk=report_id)
    try:
        services.check_reviewer(user=user, regime=report.period.regime)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    require_if_match(request, representation_etag(request, _detail(report)), WHAT)
    return user, report


def _review_refused(exc: ValidationError) -> HttpError:
    """The reason missing is the body's 422; anything else (not sent, already reviewed) a 409."""
    if hasattr(exc, "error_dict") and "comment" in exc.error_dict:
        message = " ".join(exc.message_dict["comment"])
        return FieldsRefused([(["body", "reason"], message)], nothing="Báo cáo chưa được trả lại")
    return HttpError(409, " ".join(exc.messages))


# The page's limit, so a reason the page takes the API takes too.
_REASON_LIMIT = cast(CharField, ReturnForm.base_fields["comment"]).max_length or 2000


class ReturnIn(Schema):
    """Why the report goes back: the unit's reporters read it with the report."""

    model_config = ConfigDict(extra="forbid")

    reason: Annotated[
        str,
        Field(
            min_length=1,
            max_length=_REASON_LIMIT,
            pattern=NO_NUL,
            description="Lý do trả lại, để đơn vị biết cần sửa gì (bắt buộc).",
        ),
    ]


@router.post(
    "/reports/{report_id}/accept",
    response={200: ReportDetailOut, 409: ErrorOut, **WRITE_ERRORS},
    operation_id="report_accept",
    summary="Duyệt báo cáo đã gửi (cơ quan nhận báo cáo)",
    description="Như nút “Duyệt” trên trang báo cáo: báo cáo bị khóa, nhiệm vụ hoàn thành và số liệu "
    "chỉ số được ghi nhận. Cần `If-Match`: ETag của lần đọc (GET) báo cáo. 409: báo cáo chưa gửi "
    "hoặc đã duyệt, đã trả lại.",
    openapi_extra=_WRITE_DOC,
)
def accept_report(request: HttpRequest, response: HttpResponse, report_id: int):
    return _reviewed(
        request, response, report_id, lambda user: services.report_accept(report_id=report_id, user=user)
    )


@router.post(
    "/reports/{report_id}/return",
    response={200: ReportDetailOut, 400: ErrorOut, 409: ErrorOut, **WRITE_ERRORS},
    operation_id="report_return",
    summary="Trả lại báo cáo đã gửi, kèm lý do (cơ quan nhận báo cáo)",
    description="Như nút “Trả lại” trên trang báo cáo: đơn vị được báo và sửa lại được. `reason` bắt "
    "buộc. Cần `If-Match`: ETag của lần đọc (GET) báo cáo. 409: báo cáo chưa gửi hoặc đã duyệt, "
    "đã trả lại.",
    openapi_extra=_WRITE_DOC,
)
def return_report(
    request: HttpRequest,
    response: HttpResponse,
    report_id: int,
    payload: ReturnIn = Body(...),  # noqa: B008
):
    return _reviewed(
        request,
        response,
        report_id,
        lambda user: services.report_return(report_id=report_id, user=user, comment=payload.reason),
    )


def _reviewed(
    request: HttpRequest, response: HttpResponse, report_id: int, act: Callable[[User], object]
) -> ReportDetailOut:
    """Accept or return through the page's service, its refusals as the API's statuses."""
    user, _ = _review_for_write(request, report_id)
    try:
        act(user)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except ValidationError as exc:
        raise _review_refused(exc) from None
    return _written(response, user, report_id)
