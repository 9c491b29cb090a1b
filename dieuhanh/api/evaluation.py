"""`/api/v1/evaluations`: the evaluation contract of docs/evaluation.md, scoped like the
pages (a reporter gets only their own unit)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from dieuhanh.accounts import rules
from dieuhanh.api.guards import api_user
from dieuhanh.api.pagination import PageIn, page_doc, page_of
from dieuhanh.api.schemas import ERRORS
from dieuhanh.evaluation.selectors import contract_list

router = Router(tags=["Đánh giá, chấm điểm"])


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


@router.get(
    "/evaluations",
    response={200: list[EvaluationOut], **ERRORS},
    summary="Kết quả chấm điểm theo bộ tiêu chí và năm",
    **page_doc(),
)
def list_evaluations(
    request: HttpRequest, response: HttpResponse, rubric: str, period: int, page: Query[PageIn]
):
    user = api_user(
        request, rules.can_read_register, "Tài khoản của bạn không có quyền xem kết quả đánh giá."
    )
    return page_of(request, response, contract_list(user=user, rubric_code=rubric, year=period), page)
