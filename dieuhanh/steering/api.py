"""The steering loop in the API: the two confidence judgements with their history, and what
every loop operation shares (the reader's guard, how a service's refusal is said). Meetings
are `steering.api_meetings`, proposals and explanation requests `steering.api_answers`. Scoped
exactly like the pages; mounted by dieuhanh.api.urls."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Body, Router, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

from dieuhanh.accounts.models import User
from dieuhanh.api.conditional import ETAG_HEADER, IF_MATCH_PARAMETER, representation_etag, require_if_match
from dieuhanh.api.report_writes import FieldsRefused
from dieuhanh.api.schemas import ERRORS, NO_NUL, WRITE_ERRORS, ErrorOut, UnitRef
from dieuhanh.plans.models import Target, Task
from dieuhanh.plans.selectors import task_get
from dieuhanh.steering import lists, selectors, services
from dieuhanh.steering.models import Confidence

router = Router(tags=["Điều hành: họp đánh giá, kiến nghị, khả năng hoàn thành"])


class JudgementOut(Schema):
    judge: str
    judge_label: str
    level: int
    level_label: str
    reason: str
    unit: UnitRef
    period: str
    recorded_at: dt.datetime


class ConfidenceOut(Schema):
    """Both judgements of the likelihood of delivery: the latest of each, and every one since the first."""

    lead: JudgementOut | None
    centre: JudgementOut | None
    differs: bool
    history: list[JudgementOut]


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.can_read_register:
        raise HttpError(403, "Tài khoản của bạn không có quyền xem nội dung điều hành.")
    return user


reader = _user  # the loop's other routers guard their reads with the same rule and words


def programme_user(request: HttpRequest, doing: str) -> User:
    """A reader of the register whom the loop's programme rule lets do `doing` (the leaders and
    the Sở: meetings, routing, explanation requests); anyone else is a 403."""
    user = reader(request)
    try:
        services.programme_check(user=user, doing=doing)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    return user


def _unit(u: object) -> UnitRef:
    return UnitRef(id=u.pk, code=u.code, name=u.name)  # type: ignore[attr-defined]


unit_ref = _unit

# Every write that changes a resource names the ETag it read; its 200 carries the new one.
WRITE_DOC = {"parameters": [IF_MATCH_PARAMETER], "responses": {200: {"headers": ETAG_HEADER}}}


def _field_errors(fields: dict, nothing: str) -> FieldsRefused:
    """Each field's messages at the body's field of that name (`__all__`: the whole request)."""
    errors: list[tuple[list[str | int], str]] = [
        ([] if field == "__all__" else ["body", field], " ".join(str(m) for m in messages))
        for field, messages in fields.items()
    ]
    return FieldsRefused(errors, nothing=nothing)


def refused(exc: PermissionDenied | ValidationError, nothing: str) -> HttpError:
    """A loop service's refusal as the API says it: the role's rule → 403; a field's problem
    → 422 naming the body's field; anything else (answered already, held already) → 409."""
    if isinstance(exc, PermissionDenied):
        return HttpError(403, str(exc))
    if not hasattr(exc, "error_dict"):
        return HttpError(409, " ".join(exc.messages))
    return _field_errors(exc.message_dict, nothing)


def cleaned(form: forms.Form, nothing: str) -> dict[str, object]:
    """The page's form read from the body: the same choices, limits and Vietnamese messages
    (a field's problem is a 422 naming it), or what the service takes."""
    if not form.is_valid():
        raise _field_errors(dict(form.errors), nothing)
    return form.cleaned_data


def _judgement(c: Confidence) -> JudgementOut:
    return JudgementOut(
        judge=c.judge,
        judge_label=c.judge_label,
        level=c.level,
        level_label=c.get_level_display(),
        reason=c.reason,
        unit=_unit(c.unit),
        period=c.period.label,
        recorded_at=c.recorded_at,
    )


def confidence_out(row: lists.ConfidenceRow) -> ConfidenceOut:
    return ConfidenceOut(
        lead=_judgement(row.lead) if row.lead else None,
        centre=_judgement(row.centre) if row.centre else None,
        differs=row.differs,
        history=[_judgement(c) for c in row.history],
    )


@router.get(
    "/tasks/{task_id}/confidence",
    response={200: ConfidenceOut, **ERRORS},
    summary="Khả năng hoàn thành một nhiệm vụ: hai đánh giá và lịch sử",
)
def task_confidence(request: HttpRequest, task_id: int):
    task = task_get(user=_user(request), pk=task_id)
    return confidence_out(lists.task_confidence(task=task))


@router.get(
    "/targets/{target_id}/confidence",
    response={200: ConfidenceOut, **ERRORS},
    summary="Khả năng đạt một chỉ tiêu: đánh giá và lịch sử",
)
def target_confidence(request: HttpRequest, target_id: int):
    from dieuhanh.plans.selectors import target_list

    target = target_list(user=_user(request)).filter(pk=target_id).first()
    if target is None:
        raise HttpError(404, "Không tìm thấy chỉ tiêu.")
    return confidence_out(lists.target_confidence(target=target))


# --- writes: a judgement, by the lead unit (its reporters, a write token of the unit) or the Sở --


class JudgementIn(Schema):
    """One judgement of the likelihood of delivery, as on the confidence page."""

    model_config = ConfigDict(extra="forbid")

    level: Annotated[int, Field(ge=1, le=5, description="1 chắc chắn đạt … 5 không thể đạt.")]
    reason: Annotated[
        str, Field(min_length=1, max_length=2000, pattern=NO_NUL, description="Lý do của đánh giá.")
    ]


_JUDGE_DOC = WRITE_DOC
_WHAT = "khả năng hoàn thành"


def _confidence_of(item: Task | Target) -> ConfidenceOut:
    row = lists.task_confidence(task=item) if isinstance(item, Task) else lists.target_confidence(target=item)
    return confidence_out(row)


def _judged(
    request: HttpRequest, response: HttpResponse, item: Task | Target, body: JudgementIn
) -> ConfidenceOut:
    """The write both items share, after their own scope (404): whose judgement (403, the
    service's rule), If-Match on the confidence read (428, 412), then the service, which keeps an
    unchanged judgement as it is."""
    user = _user(request)
    try:
        services.confidence_judge(user=user, item=item)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    require_if_match(request, representation_etag(request, _confidence_of(item)), _WHAT)
    period = selectors.current_period(user=user, on=timezone.localdate())
    if period is None:
        raise HttpError(409, "Chưa có kỳ báo cáo tháng nào đã bắt đầu để ghi đánh giá vào.")
    task, target = (item, None) if isinstance(item, Task) else (None, item)
    try:
        services.confidence_record(
            period=period, level=body.level, reason=body.reason, user=user, task=task, target=target
        )
    except (PermissionDenied, ValidationError) as exc:
        raise refused(exc, "Đánh giá chưa được ghi") from None
    kind = "tasks" if task is not None else "targets"
    response["Content-Location"] = f"/api/v1/{kind}/{item.pk}/confidence"
    return _confidence_of(item)


@router.post(
    "/tasks/{task_id}/confidence",
    response={200: ConfidenceOut, 400: ErrorOut, 409: ErrorOut, **WRITE_ERRORS},
    operation_id="task_confidence_judge",
    url_name="task_confidence",  # the path's name stays its read's
    summary="Ghi đánh giá khả năng hoàn thành một nhiệm vụ (đơn vị chủ trì hoặc quản trị viên chương trình)",
    description="Như trang đánh giá mức độ tin cậy: đơn vị chủ trì ghi đánh giá của mình, quản trị viên "
    "chương trình ghi đánh giá của cơ quan quản lý. Giống lần trước thì không ghi thêm. "
    "Cần `If-Match`: ETag của lần đọc `GET /tasks/{task_id}/confidence`.",
    openapi_extra=_JUDGE_DOC,
)
def task_judge(
    request: HttpRequest,
    response: HttpResponse,
    task_id: int,
    payload: JudgementIn = Body(...),  # noqa: B008
):
    return _judged(request, response, task_get(user=_user(request), pk=task_id), payload)


@router.post(
    "/targets/{target_id}/confidence",
    response={200: ConfidenceOut, 400: ErrorOut, 409: ErrorOut, **WRITE_ERRORS},
    operation_id="target_confidence_judge",
    url_name="target_confidence",
    summary="Ghi đánh giá khả năng đạt một chỉ tiêu (đơn vị chủ trì hoặc quản trị viên chương trình)",
    description="Như với nhiệm vụ. Cần `If-Match`: ETag của lần đọc `GET /targets/{target_id}/confidence`.",
    openapi_extra=_JUDGE_DOC,
)
def target_judge(
    request: HttpRequest,
    response: HttpResponse,
    target_id: int,
    payload: JudgementIn = Body(...),  # noqa: B008
):
    from dieuhanh.plans.selectors import target_list

    target = target_list(user=_user(request)).filter(pk=target_id).first()
    if target is None:
        raise HttpError(404, "Không tìm thấy chỉ tiêu.")
    return _judged(request, response, target, payload)
