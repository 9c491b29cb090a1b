"""`/api/v1/evaluation-rounds`: the evaluation rounds (a rubric applied to one year) with their
units' evaluations — how a client finds the `evaluation_id` of the evaluation writes — and the
publication of a round's reviewed results, as the ranking page publishes them.

Scoped like the pages: programme-wide readers see every round and unit, a reporter the rounds
their unit is in and only their own unit's evaluation (`evaluation.selectors`)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from dieuhanh.accounts import rules
from dieuhanh.accounts.models import User
from dieuhanh.api.conditional import representation_etag, require_if_match
from dieuhanh.api.evaluation import evaluation_reader
from dieuhanh.api.pagination import PageIn, page_doc, page_of
from dieuhanh.api.schemas import ERRORS, WRITE_ERRORS, ErrorOut, UnitRef
from dieuhanh.evaluation import selectors, services
from dieuhanh.evaluation.models import Evaluation, Round
from dieuhanh.steering.api import WRITE_DOC

router = Router(tags=["Đánh giá, chấm điểm"])


class RoundEvaluationOut(Schema):
    id: int = Field(description="`evaluation_id` của `GET /evaluations/{evaluation_id}` và các thao tác ghi.")
    unit: UnitRef
    version: int
    status: str
    status_label: str


class RoundOut(Schema):
    id: int
    rubric: str
    rubric_title: str
    year: int
    status: str
    status_label: str
    self_assessment_due: dt.date
    data_as_of: dt.date
    published_at: dt.datetime | None
    evaluations: list[RoundEvaluationOut] = Field(
        description="Kết quả hiện hành của từng đơn vị (không kể lần đã được đánh giá lại) "
        "mà người gọi được xem."
    )


def _round_out(user: User, round_: Round) -> RoundOut:
    return RoundOut(
        id=round_.pk,
        rubric=round_.rubric.code,
        rubric_title=round_.rubric.title,
        year=round_.year,
        status=round_.status,
        status_label=round_.get_status_display(),
        self_assessment_due=round_.self_assessment_due,
        data_as_of=round_.data_as_of,
        published_at=round_.published_at,
        evaluations=[
            RoundEvaluationOut(
                id=e.pk,
                unit=UnitRef(id=e.unit.pk, code=e.unit.code, name=e.unit.name),
                version=e.version,
                status=e.status,
                status_label=e.get_status_display(),
            )
            for e in selectors.round_evaluations(user=user, round_=round_)
        ],
    )


@router.get(
    "/evaluation-rounds",
    response={200: list[RoundOut], **ERRORS},
    operation_id="evaluation_round_list",
    summary="Các đợt đánh giá, với kết quả của từng đơn vị",
    **page_doc("Mới nhất trước. Cán bộ báo cáo: các đợt có đơn vị mình, chỉ kết quả của đơn vị mình."),
)
def list_rounds(request: HttpRequest, response: HttpResponse, page: Query[PageIn]):
    user = evaluation_reader(request)
    rounds = list(selectors.round_list(user=user))
    return page_of(request, response, [_round_out(user, r) for r in rounds], page)


@router.get(
    "/evaluation-rounds/{round_id}",
    response={200: RoundOut, **ERRORS},
    operation_id="evaluation_round_get",
    summary="Một đợt đánh giá, với kết quả của từng đơn vị",
    description="`ETag` của câu trả lời là điều kiện `If-Match` khi công bố đợt. "
    "Đợt không có đơn vị của người gọi: 404.",
)
def get_round(request: HttpRequest, round_id: int):
    user = evaluation_reader(request)
    return _round_out(user, selectors.round_get(user=user, pk=round_id))


@router.post(
    "/evaluation-rounds/{round_id}/publish",
    response={200: RoundOut, 409: ErrorOut, **WRITE_ERRORS},
    operation_id="evaluation_round_publish",
    summary="Công bố các kết quả đã rà soát của đợt (quản trị chương trình)",
    description="Như nút Công bố của trang xếp hạng: mỗi kết quả đã rà soát được giữ cố định "
    "(bảng điểm và thứ hạng), thay đổi sau đó của nhiệm vụ, báo cáo, số liệu không làm đổi nữa. "
    "Cần `If-Match`: ETag của `GET /evaluation-rounds/{round_id}`. 409: chưa có kết quả nào đã rà soát. "
    "Câu trả lời là đợt sau khi công bố; `X-Published-Count`: số kết quả vừa công bố.",
    openapi_extra=WRITE_DOC,
)
def publish(request: HttpRequest, response: HttpResponse, round_id: int):
    user = evaluation_reader(request)
    round_ = selectors.round_get(user=user, pk=round_id)
    if not rules.is_programme_admin(user):
        raise HttpError(403, "Chỉ quản trị chương trình được công bố kết quả đánh giá.")
    require_if_match(request, representation_etag(request, _round_out(user, round_)), "đợt đánh giá")
    if not round_.evaluations.filter(status=Evaluation.Status.REVIEWED).exists():
        raise HttpError(409, "Chưa có kết quả nào đã rà soát để công bố.")
    count = services.round_publish(user=user, round_id=round_.pk)
    if not count:
        # Another request published them after the check above.
        raise HttpError(409, "Chưa có kết quả nào đã rà soát để công bố.")
    response["Content-Location"] = f"/api/v1/evaluation-rounds/{round_.pk}"
    response["X-Published-Count"] = str(count)
    return _round_out(user, Round.objects.select_related("rubric").get(pk=round_.pk))
