"""Proposals and explanation requests in the API: the items someone must answer (the one engine
of `core.answers`). Read them as the pages show them; route a proposal, answer it, ask a unit to
explain, explain — each through the page's form and service (`steering.services`), with the
page's rules on who may (`proposal_answerer_check`, `explanation_requester_check`…)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Body, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

from dieuhanh.accounts.models import User
from dieuhanh.api.conditional import ETAG_HEADER, representation_etag, require_if_match
from dieuhanh.api.pagination import PageIn, page_doc, page_of
from dieuhanh.api.report_writes import FieldsRefused
from dieuhanh.api.schemas import ERRORS, NO_NUL, WRITE_ERRORS, ErrorOut, IsoDate, SinceIn, UnitRef
from dieuhanh.core.history import changed_since
from dieuhanh.plans.models import Target, Task
from dieuhanh.steering import forms, lists, selectors, services
from dieuhanh.steering.api import WRITE_DOC, cleaned, reader, refused, unit_ref
from dieuhanh.steering.models import Addressee, Explanation, Proposal

router = Router(tags=["Điều hành: họp đánh giá, kiến nghị, khả năng hoàn thành"])

_ID = Annotated[int, Field(ge=1, le=2**31 - 1)]
_ANSWER_TEXT = Annotated[str, Field(max_length=5000, pattern=NO_NUL)]
_SINCE = "`updated_since`: {what} được tạo, chuyển hoặc trả lời từ thời điểm đó (lịch sử thay đổi của nó)."


def _links(param: str, names: tuple[str, ...]) -> dict[str, object]:
    return {n: {"operationId": n, "parameters": {param: "$response.body#/0/id"}} for n in names}


class ProposalOut(Schema):
    id: int
    unit: UnitRef
    period: str
    text: str
    theme: str
    addressee: str
    addressee_label: str
    addressee_unit: UnitRef | None
    respond_by: dt.date
    state: str
    state_label: str
    answer: str
    answered_at: dt.datetime | None


def _proposal_out(p: Proposal) -> ProposalOut:
    return ProposalOut(
        id=p.pk,
        unit=unit_ref(p.unit),
        period=p.report.period.label,
        text=p.text,
        theme=p.theme,
        addressee=p.addressee,
        addressee_label=p.addressee_label,
        addressee_unit=unit_ref(p.addressee_unit) if p.addressee_unit else None,
        respond_by=p.respond_by,
        state=p.state,
        state_label=p.get_state_display(),
        answer=p.answer,
        answered_at=p.answered_at,
    )


@router.get(
    "/proposals",
    response={200: list[ProposalOut], **ERRORS},
    summary="Kiến nghị và trạng thái trả lời",
    **page_doc(
        _SINCE.format(what="kiến nghị"),
        links=_links("proposal_id", ("proposal_get", "proposal_route", "proposal_answer")),
    ),
)
def list_proposals(request: HttpRequest, response: HttpResponse, page: Query[PageIn], since: Query[SinceIn]):
    qs = changed_since(lists.proposal_queryset(user=reader(request)), since=since.updated_since)
    return [_proposal_out(p) for p in page_of(request, response, list(qs), page)]


@router.get(
    "/proposals/{proposal_id}",
    response={200: ProposalOut, **ERRORS},
    operation_id="proposal_get",
    summary="Một kiến nghị: nơi trả lời, hạn, trạng thái, câu trả lời",
    description="`ETag` của câu trả lời là điều kiện `If-Match` khi chuyển hoặc trả lời kiến nghị. "
    "Kiến nghị của đơn vị khác (không gửi tới đơn vị mình): 404.",
    openapi_extra={"responses": {200: {"headers": ETAG_HEADER}}},
)
def get_proposal(request: HttpRequest, proposal_id: int):
    return _proposal_out(lists.proposal_get(user=reader(request), pk=proposal_id))


class RouteIn(Schema):
    """Who must answer the proposal, and by when (the Sở corrects what the wording suggested)."""

    model_config = ConfigDict(extra="forbid")

    addressee: Addressee
    addressee_unit: Annotated[
        _ID | None, Field(description="Mã số (id) của đơn vị trả lời; bắt buộc khi `addressee` là `unit`.")
    ] = None
    respond_by: Annotated[IsoDate, Field(description="Hạn trả lời.")]


class AnswerIn(Schema):
    """The answer, or that it is in hand (`in_progress`), or passed up (`escalated`)."""

    model_config = ConfigDict(extra="forbid")

    state: Literal["in_progress", "answered", "escalated"]
    answer: Annotated[_ANSWER_TEXT, Field(description="Bắt buộc khi đã trả lời hoặc chuyển cấp trên.")] = ""


def _proposal_write(
    request: HttpRequest,
    response: HttpResponse,
    proposal_id: int,
    check: Callable[[User, Proposal], None],
    write: Callable[[User, Proposal], object],
) -> ProposalOut:
    """Both proposal writes, in the order every write checks: a reader of the register (403),
    the proposal in scope (404), the write's own rule (403), If-Match (428, 412), the service."""
    user = reader(request)
    proposal = lists.proposal_get(user=user, pk=proposal_id)
    try:
        check(user, proposal)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    require_if_match(request, representation_etag(request, _proposal_out(proposal)), "kiến nghị")
    try:
        write(user, proposal)
    except (PermissionDenied, ValidationError) as exc:
        raise refused(exc, "Kiến nghị chưa được ghi") from None
    response["Content-Location"] = f"/api/v1/proposals/{proposal.pk}"
    return _proposal_out(lists.proposal_get(user=user, pk=proposal.pk))


@router.post(
    "/proposals/{proposal_id}/route",
    response={200: ProposalOut, 400: ErrorOut, 409: ErrorOut, **WRITE_ERRORS},
    operation_id="proposal_route",
    summary="Chuyển kiến nghị tới nơi trả lời, với hạn trả lời (lãnh đạo tỉnh, cơ quan tổng hợp)",
    description="Như trang kiến nghị. `addressee_unit`: một cơ quan đang có hiệu lực, không phải đơn vị "
    "đã kiến nghị. Cần `If-Match`: ETag của lần đọc `GET /proposals/{proposal_id}`.",
    openapi_extra=WRITE_DOC,
)
def route_proposal(
    request: HttpRequest,
    response: HttpResponse,
    proposal_id: int,
    payload: RouteIn = Body(...),  # noqa: B008
):
    def write(user: User, proposal: Proposal) -> object:
        data = cleaned(forms.RouteForm(payload.model_dump(mode="json")), "Kiến nghị chưa được chuyển")
        return services.proposal_route(proposal=proposal, user=user, **data)  # type: ignore[arg-type]

    def check(user: User, _: Proposal) -> None:
        services.programme_check(user=user, doing="chuyển được kiến nghị")

    return _proposal_write(request, response, proposal_id, check, write)


@router.post(
    "/proposals/{proposal_id}/answer",
    response={200: ProposalOut, 400: ErrorOut, 409: ErrorOut, **WRITE_ERRORS},
    operation_id="proposal_answer",
    summary="Trả lời kiến nghị (đơn vị được chuyển tới, lãnh đạo tỉnh, cơ quan tổng hợp)",
    description="Như trang kiến nghị: `in_progress` (đang xử lý), `answered` (đã trả lời) hoặc "
    "`escalated` (chuyển cấp trên); hai trạng thái sau cần `answer` và đóng kiến nghị, đơn vị kiến "
    "nghị được báo. Cần `If-Match`: ETag của lần đọc `GET /proposals/{proposal_id}`. 409: kiến nghị "
    "đã được trả lời.",
    openapi_extra=WRITE_DOC,
)
def answer_proposal(
    request: HttpRequest,
    response: HttpResponse,
    proposal_id: int,
    payload: AnswerIn = Body(...),  # noqa: B008
):
    def write(user: User, proposal: Proposal) -> object:
        data = cleaned(forms.AnswerForm(payload.model_dump()), "Kiến nghị chưa được trả lời")
        return services.proposal_answer(proposal=proposal, user=user, **data)  # type: ignore[arg-type]

    def check(user: User, proposal: Proposal) -> None:
        services.proposal_answerer_check(proposal=proposal, user=user)

    return _proposal_write(request, response, proposal_id, check, write)


# --- explanation requests ---------------------------------------------------------------------


class ExplanationOut(Schema):
    id: int
    subject: str
    subject_label: str
    about: str
    task_id: int | None
    target_id: int | None
    unit: UnitRef
    period: str
    question: str
    respond_by: dt.date
    sent_at: dt.datetime
    state: str
    state_label: str
    answer: str
    answered_at: dt.datetime | None


def _explanation_out(e: Explanation) -> ExplanationOut:
    return ExplanationOut(
        id=e.pk,
        subject=e.subject,
        subject_label=e.get_subject_display(),
        about=e.about,
        task_id=e.task_id,
        target_id=e.target_id,
        unit=unit_ref(e.unit),
        period=e.period.label,
        question=e.question,
        respond_by=e.respond_by,
        sent_at=e.sent_at,
        state=e.state,
        state_label=e.get_state_display(),
        answer=e.answer,
        answered_at=e.answered_at,
    )


@router.get(
    "/explanations",
    response={200: list[ExplanationOut], **ERRORS},
    summary="Yêu cầu giải trình: lãnh đạo tỉnh và cơ quan tổng hợp thấy tất cả, đơn vị thấy của mình",
    **page_doc(
        _SINCE.format(what="yêu cầu giải trình"),
        links=_links("explanation_id", ("explanation_get", "explanation_answer")),
    ),
)
def list_explanations(
    request: HttpRequest, response: HttpResponse, page: Query[PageIn], since: Query[SinceIn]
):
    qs = changed_since(lists.explanation_queryset(user=reader(request)), since=since.updated_since)
    return [_explanation_out(e) for e in page_of(request, response, list(qs), page)]


@router.get(
    "/explanations/{explanation_id}",
    response={200: ExplanationOut, **ERRORS},
    operation_id="explanation_get",
    summary="Một yêu cầu giải trình và câu trả lời của đơn vị",
    description="`ETag` của câu trả lời là điều kiện `If-Match` khi giải trình. Yêu cầu gửi đơn vị "
    "khác: 404.",
    openapi_extra={"responses": {200: {"headers": ETAG_HEADER}}},
)
def get_explanation(request: HttpRequest, explanation_id: int):
    return _explanation_out(lists.explanation_get(user=reader(request), pk=explanation_id))


class ExplanationIn(Schema):
    """A request to explain, as sent from the warnings: about an overdue task (`task`), a target
    at risk (`target`) or a missing report (neither)."""

    model_config = ConfigDict(extra="forbid")

    subject: Explanation.Subject
    unit: Annotated[_ID, Field(description="Mã số (id) của đơn vị phải giải trình.")]
    question: Annotated[str, Field(min_length=1, max_length=5000, pattern=NO_NUL)]
    due_on: Annotated[IsoDate, Field(description="Hạn giải trình; không trước hôm nay.")]
    task: Annotated[_ID | None, Field(description="Nhiệm vụ quá hạn (khi `subject` là `task`).")] = None
    target: Annotated[_ID | None, Field(description="Chỉ tiêu (khi `subject` là `target`).")] = None


def _items_of(body: ExplanationIn, nothing: str) -> tuple[Task | None, Target | None]:
    task = Task.objects.filter(pk=body.task).first() if body.task else None
    target = Target.objects.filter(pk=body.target).first() if body.target else None
    missing: list[tuple[list[str | int], str]] = [
        (["body", name], f"Không tìm thấy {noun} mã số {ref}.")
        for name, noun, ref, found in (
            ("task", "nhiệm vụ", body.task, task),
            ("target", "chỉ tiêu", body.target, target),
        )
        if ref and found is None
    ]
    if missing:
        raise FieldsRefused(missing, nothing=nothing)
    return task, target


@router.post(
    "/explanations",
    response={201: ExplanationOut, 400: ErrorOut, 409: ErrorOut, **ERRORS},
    operation_id="explanation_request",
    url_name="list_explanations",  # the path's name stays its read's
    summary="Yêu cầu một đơn vị giải trình (lãnh đạo tỉnh, cơ quan tổng hợp)",
    description="Như trang giải trình: yêu cầu thuộc kỳ báo cáo tháng hiện tại. 422: mỗi lỗi nêu trường "
    "(nhiệm vụ hay chỉ tiêu không khớp `subject`, hạn đã qua…). 409: chưa có kỳ báo cáo tháng nào đã "
    "bắt đầu. `Location` là yêu cầu mới.",
    openapi_extra={"responses": {201: {"headers": ETAG_HEADER}}},
)
def request_explanation(
    request: HttpRequest,
    response: HttpResponse,
    payload: ExplanationIn = Body(...),  # noqa: B008
):
    user = reader(request)
    try:
        services.explanation_requester_check(user=user)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    nothing = "Yêu cầu giải trình chưa được gửi"
    task, target = _items_of(payload, nothing)
    item = f"task:{task.pk}" if task else f"target:{target.pk}" if target else f"unit:{payload.unit}"
    data = cleaned(forms.ExplanationForm({**payload.model_dump(mode="json"), "item": item}), nothing)
    period = selectors.current_period(user=user, on=timezone.localdate())
    if period is None:
        raise HttpError(409, "Chưa có kỳ báo cáo tháng nào đã bắt đầu để gửi yêu cầu giải trình.")
    try:
        made = services.explanation_request(
            subject=str(data["subject"]),
            unit=data["unit"],  # type: ignore[arg-type]
            period=period,
            question=str(data["question"]),
            due_on=data["due_on"],  # type: ignore[arg-type]
            user=user,
            task=task,
            target=target,
        )
    except (PermissionDenied, ValidationError) as exc:
        raise refused(exc, nothing) from None
    response["Location"] = response["Content-Location"] = f"/api/v1/explanations/{made.pk}"
    return Status(201, _explanation_out(lists.explanation_get(user=user, pk=made.pk)))


class ExplanationAnswerIn(Schema):
    model_config = ConfigDict(extra="forbid")

    answer: Annotated[_ANSWER_TEXT, Field(min_length=1, description="Nội dung giải trình.")]


@router.post(
    "/explanations/{explanation_id}/answer",
    response={200: ExplanationOut, 400: ErrorOut, 409: ErrorOut, **WRITE_ERRORS},
    operation_id="explanation_answer",
    summary="Giải trình (cán bộ báo cáo của đơn vị được yêu cầu)",
    description="Như trang giải trình; người yêu cầu được báo. Cần `If-Match`: ETag của lần đọc "
    "`GET /explanations/{explanation_id}`. 409: đã giải trình.",
    openapi_extra=WRITE_DOC,
)
def answer_explanation(
    request: HttpRequest,
    response: HttpResponse,
    explanation_id: int,
    payload: ExplanationAnswerIn = Body(...),  # noqa: B008
):
    user = reader(request)
    item = lists.explanation_get(user=user, pk=explanation_id)
    try:
        services.explanation_answerer_check(explanation=item, user=user)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    require_if_match(request, representation_etag(request, _explanation_out(item)), "yêu cầu giải trình")
    nothing = "Giải trình chưa được gửi"
    data = cleaned(forms.ExplanationAnswerForm(payload.model_dump()), nothing)
    try:
        services.explanation_answer(explanation=item, answer=str(data["answer"]), user=user)
    except (PermissionDenied, ValidationError) as exc:
        raise refused(exc, nothing) from None
    response["Content-Location"] = f"/api/v1/explanations/{item.pk}"
    return _explanation_out(lists.explanation_get(user=user, pk=item.pk))
