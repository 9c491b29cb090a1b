"""`/api/v1/evaluations`: the evaluation contract of docs/evaluation.md, scoped like the
pages (a reporter gets only their own unit)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from dieuhanh.accounts import rules
from dieuhanh.accounts.models import User
from dieuhanh.api.guards import api_user
from dieuhanh.api.pagination import PageIn, page_doc, page_of
from dieuhanh.api.schemas import ERRORS
from dieuhanh.evaluation.selectors import contract_list, head_contract_list

router = Router(tags=["Đánh giá, chấm điểm"])


def evaluation_reader(request: HttpRequest) -> User:
    """The caller, if they may read evaluation results (every evaluation endpoint asks first)."""
    return api_user(
        request, rules.can_read_register, "Tài khoản của bạn không có quyền xem kết quả đánh giá."
    )


class UnitCode(Schema):
    code: str
    name: str


class CriterionOut(Schema):
    code: str
    points: float
    max: float
    rule: str
    inputs: dict[str, Any]
    source: str
    not_applicable: bool


class GroupOut(Schema):
    code: str
    points: float
    max: float
    capped: bool
    criteria: list[CriterionOut]


class SideOut(Schema):
    points: float
    criteria: list[CriterionOut]


class EvaluationOut(Schema):
    unit: UnitCode
    total: float
    max: float
    rating: str
    rank: int | None
    groups: list[GroupOut]
    bonus: SideOut
    deductions: SideOut


class FromUnitOut(Schema):
    scaled: float
    weight: float
    points: float
    rating: str


class HeadOut(Schema):
    """A head of unit's card (docs/evaluation.md, «Người đứng đầu»): the unit's result on the
    scale × the rubric's weight, plus the head's own criteria."""

    subject: str
    unit: UnitCode
    total: float
    max: float
    rating: str
    rank: int | None
    from_unit: FromUnitOut
    criteria: list[CriterionOut]


@router.get(
    "/evaluations",
    response={200: list[EvaluationOut], **ERRORS},
    summary="Kết quả chấm điểm theo bộ tiêu chí và năm",
    **page_doc(),
)
def list_evaluations(
    request: HttpRequest, response: HttpResponse, rubric: str, period: int, page: Query[PageIn]
):
    user = evaluation_reader(request)
    return page_of(request, response, contract_list(user=user, rubric_code=rubric, year=period), page)


@router.get(
    "/evaluations/heads",
    response={200: list[HeadOut], **ERRORS},
    operation_id="evaluation_heads",
    summary="Kết quả đánh giá người đứng đầu theo bộ tiêu chí và năm",
    **page_doc(
        "Như trang xếp hạng người đứng đầu: điểm của đơn vị theo thang × hệ số, cộng các tiêu chí "
        "riêng của người đứng đầu. Cán bộ báo cáo chỉ nhận người đứng đầu đơn vị mình; "
        "bộ tiêu chí không đánh giá người đứng đầu: 404."
    ),
)
def list_heads(request: HttpRequest, response: HttpResponse, rubric: str, period: int, page: Query[PageIn]):
    user = evaluation_reader(request)
    return page_of(request, response, head_contract_list(user=user, rubric_code=rubric, year=period), page)
