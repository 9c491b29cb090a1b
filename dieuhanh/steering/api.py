"""The steering loop in the API: meetings with their conclusions (and the task each became),
proposals with their state, and the two confidence judgements with their history. Scoped
exactly like the pages; mounted by dieuhanh.api.urls."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from dieuhanh.accounts.models import User
from dieuhanh.api.pagination import PageIn, page_doc, page_of
from dieuhanh.api.schemas import ERRORS, UnitRef
from dieuhanh.plans.selectors import task_get
from dieuhanh.steering import lists
from dieuhanh.steering.models import Confidence, Meeting, Proposal
from dieuhanh.units.structure import issuer_short_name

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


class ConclusionOut(Schema):
    number: int
    text: str
    lead_unit: UnitRef
    partner_units: list[UnitRef]
    deliverable: str
    deadline_text: str
    task_id: int | None


class MeetingOut(Schema):
    id: int
    title: str
    held_on: dt.date
    chair: str
    period: str
    notice: str | None
    conclusions: list[ConclusionOut]


class ProposalOut(Schema):
    id: int
    unit: UnitRef
    period: str
    text: str
    theme: str
    addressee: str
    addressee_label: str
    respond_by: dt.date
    state: str
    state_label: str
    answer: str
    answered_at: dt.datetime | None


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.can_read_register:
        raise HttpError(403, "Tài khoản của bạn không có quyền xem nội dung điều hành.")
    return user


def _unit(u: object) -> UnitRef:
    return UnitRef(id=u.pk, code=u.code, name=u.name)  # type: ignore[attr-defined]


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


def _meeting_out(m: Meeting) -> MeetingOut:
    return MeetingOut(
        id=m.pk,
        title=m.title,
        held_on=m.held_on,
        chair=m.chair,
        period=m.period.label,
        notice=m.notice.title if m.notice else None,
        conclusions=[
            ConclusionOut(
                number=c.number,
                text=c.text,
                lead_unit=_unit(c.lead_unit),
                partner_units=[_unit(u) for u in c.partner_units.all()],
                deliverable=c.deliverable,
                deadline_text=c.deadline_text,
                task_id=c.task_id,
            )
            for c in m.conclusions.all()
        ],
    )


@router.get(
    "/meetings",
    response={200: list[MeetingOut], **ERRORS},
    summary="Các cuộc họp đánh giá và kết luận",
    **page_doc(),
)
def list_meetings(request: HttpRequest, response: HttpResponse, page: Query[PageIn]):
    user = _user(request)
    if not user.sees_whole_programme:
        issuer = issuer_short_name(on=timezone.localdate())
        raise HttpError(403, f"Chỉ lãnh đạo tỉnh và {issuer} xem được các cuộc họp đánh giá.")
    qs = lists.meeting_list(user=user).prefetch_related(
        "conclusions__lead_unit", "conclusions__partner_units"
    )
    return [_meeting_out(m) for m in page_of(request, response, list(qs), page)]


@router.get(
    "/proposals",
    response={200: list[ProposalOut], **ERRORS},
    summary="Kiến nghị và trạng thái trả lời",
    **page_doc(),
)
def list_proposals(request: HttpRequest, response: HttpResponse, page: Query[PageIn]):
    user = _user(request)
    rows = list(lists.proposal_queryset(user=user))
    return [_proposal_out(p) for p in page_of(request, response, rows, page)]


def _proposal_out(p: Proposal) -> ProposalOut:
    return ProposalOut(
        id=p.pk,
        unit=_unit(p.unit),
        period=p.report.period.label,
        text=p.text,
        theme=p.theme,
        addressee=p.addressee,
        addressee_label=p.addressee_label,
        respond_by=p.respond_by,
        state=p.state,
        state_label=p.get_state_display(),
        answer=p.answer,
        answered_at=p.answered_at,
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
