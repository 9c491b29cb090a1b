"""`/api/v1/evaluations/{evaluation_id}`: one unit's evaluation with its entries, and the writes
the evaluation pages make — the unit's self-assessment of a criterion and its submission, the
programme administrator's appraisal, the end of the appraisal, the review, a written waiver and a
re-evaluation — each through the page's service (`evaluation.services`) and the page's form
(`evaluation.forms.criterion_inputs`), so the rules are the pages'.

Every write checks in the order of the API's other writes: a reader of the register (403), the
evaluation in scope (404), the role's rule (403), If-Match (428, 412), the evaluation's state
(409), then the input (422, naming the body's field)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.utils import timezone
from ninja import Body, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

from dieuhanh.accounts import rules
from dieuhanh.accounts.models import User
from dieuhanh.api.conditional import ETAG_HEADER, representation_etag, require_if_match
from dieuhanh.api.evaluation import EvaluationOut, HeadOut, evaluation_reader
from dieuhanh.api.report_writes import FieldsRefused
from dieuhanh.api.schemas import ERRORS, NO_NUL, WRITE_ERRORS, ErrorOut, UnitRef
from dieuhanh.evaluation import selectors, services
from dieuhanh.evaluation.card import Card
from dieuhanh.evaluation.compute import evaluation_card, unit_ref
from dieuhanh.evaluation.forms import criterion_inputs
from dieuhanh.evaluation.heads import head_card_compute, head_givens
from dieuhanh.evaluation.models import Entry, Evaluation
from dieuhanh.evaluation.rubric import CriterionSpec
from dieuhanh.steering.api import WRITE_DOC
from dieuhanh.units.structure import issuer_name

router = Router(tags=["Đánh giá, chấm điểm"])

Status_ = Evaluation.Status
_TEXT = Annotated[str, Field(max_length=5000, pattern=NO_NUL)]
_SHORT = Annotated[str, Field(max_length=255, pattern=NO_NUL)]
_NUMBER = Annotated[float | None, Field(allow_inf_nan=False, ge=-1e9, le=1e9)]
_CRITERION = r"^[A-Za-z0-9_.-]{1,30}$"


class EntryOut(Schema):
    criterion: str
    self_inputs: dict[str, Any] | None
    evidence: str
    appraised_inputs: dict[str, Any] | None
    appraisal_reason: str
    appraiser_unit: str
    appraised_at: dt.datetime | None


class EvaluationDetailOut(Schema):
    id: int
    rubric: str
    year: int
    version: int
    unit: UnitRef
    status: str
    status_label: str
    submitted_at: dt.datetime | None
    waiver_ref: str
    reviewed_at: dt.datetime | None
    reevaluation_reason: str
    card: EvaluationOut
    head: HeadOut | None = Field(
        description="Kết quả của người đứng đầu đơn vị (`rank` null), "
        "khi bộ tiêu chí đánh giá người đứng đầu."
    )
    entries: list[EntryOut]


def _evaluation_get(user: User, pk: int) -> Evaluation:
    """The evaluation if the user may read its unit's scorecard (the page's scoping); else 404."""
    found = Evaluation.objects.select_related("round", "round__rubric", "unit").filter(pk=pk).first()
    if found is None:
        raise Http404("Không tìm thấy kết quả đánh giá.")
    # The scorecard page's scoping, with its 404s (a round or a unit the user may not read).
    selectors.scorecard(
        user=user, round_=selectors.round_get(user=user, pk=found.round_id), unit_id=found.unit_id
    )
    return found


def _head(e: Evaluation, card: Card) -> HeadOut | None:
    spec = e.round.rubric.spec()
    if spec.heads is None:
        return None
    head = head_card_compute(spec, card, head_givens(e, spec.heads))
    return HeadOut(**head.contract(unit=unit_ref(e), rank=None))


def _detail(e: Evaluation) -> EvaluationDetailOut:
    card = evaluation_card(e)
    contract = (
        dict(e.snapshot["contract"])
        if e.is_frozen and e.snapshot
        else card.contract(unit=unit_ref(e), rank=None)
    )
    contract["rank"] = None
    return EvaluationDetailOut(
        id=e.pk,
        rubric=e.round.rubric.code,
        year=e.round.year,
        version=e.version,
        unit=UnitRef(id=e.unit.pk, code=e.unit.code, name=e.unit.name),
        status=e.status,
        status_label=e.get_status_display(),
        submitted_at=e.submitted_at,
        waiver_ref=e.waiver_ref,
        reviewed_at=e.reviewed_at,
        reevaluation_reason=e.reevaluation_reason,
        card=EvaluationOut(**contract),
        head=_head(e, card),
        entries=[
            EntryOut(
                criterion=x.criterion,
                self_inputs=x.self_inputs,
                evidence=x.evidence,
                appraised_inputs=x.appraised_inputs,
                appraisal_reason=x.appraisal_reason,
                appraiser_unit=x.appraiser_unit,
                appraised_at=x.appraised_at,
            )
            for x in Entry.objects.filter(evaluation=e).order_by("criterion")
        ],
    )


@router.get(
    "/evaluations/{evaluation_id}",
    response={200: EvaluationDetailOut, **ERRORS},
    operation_id="evaluation_get",
    summary="Một kết quả đánh giá: trạng thái, bảng điểm và điểm từng tiêu chí",
    description="`ETag` của câu trả lời là điều kiện `If-Match` khi tự chấm, nộp, thẩm định, rà soát, "
    "chấp thuận nộp muộn hoặc đánh giá lại. Kết quả của đơn vị khác: 404. `card.rank` luôn null "
    "(hạng xem ở `GET /evaluations`).",
    openapi_extra={"responses": {200: {"headers": ETAG_HEADER}}},
)
def get_evaluation(request: HttpRequest, evaluation_id: int):
    return _detail(_evaluation_get(evaluation_reader(request), evaluation_id))


# --- the body of a criterion's score ---------------------------------------------------------


class InputsIn(Schema):
    """A criterion's inputs by the page's field names; which are needed depends on its rule:
    a number (`value`, or `state`), `yes` (đạt/không đạt) or `conditions`, `level` or `levels`,
    `points`, `current`/`previous`, or a deduction's `occurred`, `count`, `basis`, `waived`;
    `not_applicable` where the criterion allows it."""

    model_config = ConfigDict(extra="forbid")

    not_applicable: bool = False
    value: _NUMBER = None
    state: Annotated[str, Field(max_length=40, pattern=NO_NUL)] = ""
    gate_met: bool = True
    yes: bool | None = None
    conditions: Annotated[list[bool], Field(max_length=50)] = []
    level: Annotated[str, Field(max_length=40, pattern=NO_NUL)] = ""
    levels: Annotated[list[Annotated[str, Field(max_length=40, pattern=NO_NUL)]], Field(max_length=50)] = []
    points: _NUMBER = None
    current: _NUMBER = None
    previous: _NUMBER = None
    occurred: bool = False
    count: Annotated[int | None, Field(ge=1, le=10000)] = None
    basis: _SHORT = ""
    waived: bool = False


class SelfEntryIn(Schema):
    model_config = ConfigDict(extra="forbid")

    inputs: InputsIn
    evidence: Annotated[_TEXT, Field(description="Minh chứng: số, ngày văn bản…")] = ""


class AppraisalIn(Schema):
    model_config = ConfigDict(extra="forbid")

    inputs: InputsIn
    reason: Annotated[_TEXT, Field(min_length=1, description="Lý do điều chỉnh (bắt buộc).")]
    appraiser_unit: Annotated[_SHORT, Field(description="Đơn vị thẩm định; trống: như trang.")] = ""


def _vi_number(value: float) -> str:
    return repr(value).replace(".", ",") if "e" not in repr(value) else f"{value:.10f}".replace(".", ",")


def _form_data(inputs: InputsIn) -> QueryDict:
    """The body as the page posts it, for the page's form to read."""
    data = QueryDict(mutable=True)
    if inputs.not_applicable:
        data["not_applicable"] = "1"
    for name in ("value", "points", "current", "previous"):
        number = getattr(inputs, name)
        if number is not None:
            data[name] = _vi_number(number)
    if inputs.count is not None:
        data["count"] = str(inputs.count)
    for name in ("state", "level", "basis"):
        if getattr(inputs, name):
            data[name] = getattr(inputs, name)
    for name in ("gate_met", "occurred", "waived"):
        if getattr(inputs, name):
            data[name] = "1"
    if inputs.yes is not None:
        data["yes"] = "1" if inputs.yes else "0"
    for i, met in enumerate(inputs.conditions):
        if met:
            data[f"condition_{i}"] = "1"
    data.setlist("levels", list(inputs.levels))
    return data


# The page form's labels (`evaluation.forms`) → the body's field they name.
_LABELS = {
    "Giá trị": "value",
    "Kết quả": "yes",
    "Điểm chấm trong khoảng": "points",
    "Điểm": "points",
    "Năm đánh giá": "current",
    "Năm trước": "previous",
    "Số lần": "count",
}
_LABEL = re.compile(r"Trường «([^»]+)»")


def _inputs_of(c: CriterionSpec, body: InputsIn, nothing: str) -> dict[str, Any]:
    try:
        return criterion_inputs(c, _form_data(body))
    except ValidationError as exc:
        errors: list[tuple[list[str | int], str]] = []
        for message in exc.messages:
            m = _LABEL.search(message)
            field = _LABELS.get(m.group(1), "") if m else ""
            errors.append((["body", "inputs", field] if field else ["body", "inputs"], message))
        raise FieldsRefused(errors, nothing=nothing) from None


def _criterion(e: Evaluation, code: str) -> CriterionSpec:
    spec = e.round.rubric.spec()
    try:
        return spec.criterion(code)
    except KeyError:
        raise Http404(f"Bộ tiêu chí không có tiêu chí {code}.") from None


def _write(
    request: HttpRequest,
    response: HttpResponse,
    evaluation_id: int,
    may: Callable[[User], bool],
    refusal: str,
    state: Callable[[Evaluation], str],
    write: Callable[[User, Evaluation], Evaluation | Entry],
    nothing: str,
    place: str | Callable[[str], str] = "",
) -> EvaluationDetailOut:
    """Every evaluation write: the reader (403), the scope (404), the role (403), If-Match (428,
    412), the state (409: `state` says what is wrong, "" when nothing), then the service; its
    refusal is a 409 when the state changed meanwhile, else a 422 at `place` (the body's
    field it concerns)."""
    user = evaluation_reader(request)
    e = _evaluation_get(user, evaluation_id)
    if not may(user):
        raise HttpError(403, refusal)
    require_if_match(request, representation_etag(request, _detail(e)), "kết quả đánh giá")
    wrong = state(e)
    if wrong:
        raise HttpError(409, wrong)
    try:
        done = write(user, e)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except ValidationError as exc:
        # The service decides under its lock: a state another request changed after the check
        # above is that check's 409, not a problem of this body (422).
        wrong = state(_evaluation_get(user, evaluation_id))
        if wrong:
            raise HttpError(409, wrong) from None
        message = " ".join(exc.messages)
        field = place(message) if callable(place) else place
        raise FieldsRefused([(["body", field] if field else [], message)], nothing=nothing) from None
    made = done if isinstance(done, Evaluation) else done.evaluation
    response["Content-Location"] = f"/api/v1/evaluations/{made.pk}"
    return _detail(Evaluation.objects.select_related("round", "round__rubric", "unit").get(pk=made.pk))


_OWN = "Chỉ cán bộ của đơn vị được tự đánh giá và nộp hồ sơ."
_ADMIN = "Chỉ quản trị chương trình được thẩm định, rà soát, chấp thuận nộp muộn và đánh giá lại."


_HEADS = "Chỉ quản trị chương trình chấm tiêu chí của người đứng đầu."


def _admin_only(user: User) -> bool:
    return rules.is_programme_admin(user)


def _frozen(e: Evaluation) -> str:
    return "Kết quả đã công bố được giữ cố định; muốn thay đổi phải đánh giá lại." if e.is_frozen else ""


def _self_field(message: str) -> str:
    """The service asks for evidence (`evidence`) or refuses the score (`inputs`)."""
    return "evidence" if "minh chứng" in message else "inputs"


@router.put(
    "/evaluations/{evaluation_id}/entries/{criterion}/self",
    response={200: EvaluationDetailOut, 400: ErrorOut, 409: ErrorOut, **WRITE_ERRORS},
    operation_id="evaluation_entry_self",
    summary="Đơn vị tự chấm một tiêu chí, với minh chứng (cán bộ báo cáo của đơn vị)",
    description="Như trang tự đánh giá: `inputs` theo quy tắc chấm của tiêu chí, `evidence` bắt buộc "
    "khi tiêu chí cần minh chứng (tệp minh chứng tải lên trên trang). Cần `If-Match`: ETag của lần "
    "đọc `GET /evaluations/{evaluation_id}`. 409: hồ sơ đã nộp. 422: mỗi lỗi nêu trường.",
    openapi_extra=WRITE_DOC,
)
def self_assess(
    request: HttpRequest,
    response: HttpResponse,
    evaluation_id: int,
    criterion: Annotated[str, Field(pattern=_CRITERION)],
    payload: SelfEntryIn = Body(...),  # noqa: B008
):
    nothing = "Điểm tự chấm chưa được lưu"

    def write(user: User, e: Evaluation) -> Entry:
        c = _criterion(e, criterion)
        inputs = _inputs_of(c, payload.inputs, nothing)
        return services.entry_self_save(
            user=user, evaluation_id=e.pk, criterion=c.code, inputs=inputs, evidence=payload.evidence
        )

    def state(e: Evaluation) -> str:
        return "" if e.self_editable else "Hồ sơ tự đánh giá đã nộp, không sửa được nữa."

    return _write(
        request, response, evaluation_id, rules.is_reporter, _OWN, state, write, nothing, _self_field
    )


@router.post(
    "/evaluations/{evaluation_id}/submit",
    response={200: EvaluationDetailOut, 409: ErrorOut, **WRITE_ERRORS},
    operation_id="evaluation_submit",
    summary="Nộp hồ sơ tự đánh giá (cán bộ báo cáo của đơn vị)",
    description="Như nút Nộp của trang bảng điểm: nộp muộn bị trừ điểm theo bộ tiêu chí. Cần `If-Match`. "
    "409: hồ sơ đã được nộp.",
    openapi_extra=WRITE_DOC,
)
def submit(request: HttpRequest, response: HttpResponse, evaluation_id: int):
    def state(e: Evaluation) -> str:
        return "" if e.status == Status_.DRAFT else "Hồ sơ tự đánh giá đã được nộp."

    def write(user: User, e: Evaluation) -> Evaluation:
        return services.evaluation_submit(user=user, evaluation_id=e.pk)

    nothing = "Hồ sơ chưa được nộp"
    return _write(request, response, evaluation_id, rules.is_reporter, _OWN, state, write, nothing)


def _appraising(e: Evaluation) -> str:
    if e.status in (Status_.SUBMITTED, Status_.APPRAISED):
        return ""
    return "Chỉ thẩm định hồ sơ đã nộp, chưa rà soát."


@router.put(
    "/evaluations/{evaluation_id}/entries/{criterion}/appraisal",
    response={200: EvaluationDetailOut, 400: ErrorOut, 409: ErrorOut, **WRITE_ERRORS},
    operation_id="evaluation_entry_appraise",
    summary="Thẩm định điểm một tiêu chí, với lý do (quản trị chương trình)",
    description="Như trang thẩm định: `inputs` theo quy tắc chấm, `reason` bắt buộc; `appraiser_unit` "
    "trống: đơn vị thẩm định của tiêu chí, hoặc cơ quan tổng hợp. Cần `If-Match`. 409: hồ sơ chưa nộp "
    "hoặc đã rà soát.",
    openapi_extra=WRITE_DOC,
)
def appraise(
    request: HttpRequest,
    response: HttpResponse,
    evaluation_id: int,
    criterion: Annotated[str, Field(pattern=_CRITERION)],
    payload: AppraisalIn = Body(...),  # noqa: B008
):
    nothing = "Điểm thẩm định chưa được lưu"

    def write(user: User, e: Evaluation) -> Entry:
        c = _criterion(e, criterion)
        inputs = _inputs_of(c, payload.inputs, nothing)
        return services.entry_appraise(
            user=user,
            evaluation_id=e.pk,
            criterion=c.code,
            inputs=inputs,
            reason=payload.reason,
            appraiser_unit=payload.appraiser_unit or c.verifier or issuer_name(on=timezone.localdate()),
        )

    return _write(
        request, response, evaluation_id, _admin_only, _ADMIN, _appraising, write, nothing, "inputs"
    )


class HeadEntryIn(Schema):
    model_config = ConfigDict(extra="forbid")

    inputs: InputsIn
    evidence: Annotated[_TEXT, Field(min_length=1, description="Minh chứng (bắt buộc): số, ngày văn bản…")]
    assessor_unit: Annotated[_SHORT, Field(description="Đơn vị đánh giá; trống: như trang.")] = ""


def _head_criterion(e: Evaluation, code: str) -> CriterionSpec:
    heads = e.round.rubric.spec().heads
    if heads is None:
        raise Http404("Bộ tiêu chí này không đánh giá người đứng đầu.")
    try:
        return heads.criterion(code)
    except KeyError:
        raise Http404(f"Không có tiêu chí {code} của người đứng đầu.") from None


@router.put(
    "/evaluations/{evaluation_id}/heads/{criterion}",
    response={200: EvaluationDetailOut, 400: ErrorOut, 409: ErrorOut, **WRITE_ERRORS},
    operation_id="evaluation_head_entry",
    summary="Chấm một tiêu chí riêng của người đứng đầu đơn vị, với minh chứng (quản trị chương trình)",
    description="Như trang kết quả của người đứng đầu: `inputs` theo quy tắc chấm của tiêu chí "
    "(`parameters.heads` của bộ tiêu chí), `evidence` bắt buộc; `assessor_unit` trống: đơn vị thẩm định "
    "của tiêu chí. Cần `If-Match`. 404: bộ tiêu chí không đánh giá người đứng đầu, hoặc không có tiêu "
    "chí này. 409: kết quả đã công bố. Câu trả lời mang `head`: kết quả mới của người đứng đầu.",
    openapi_extra=WRITE_DOC,
)
def head_entry(
    request: HttpRequest,
    response: HttpResponse,
    evaluation_id: int,
    criterion: Annotated[str, Field(pattern=_CRITERION)],
    payload: HeadEntryIn = Body(...),  # noqa: B008
):
    nothing = "Điểm tiêu chí của người đứng đầu chưa được lưu"

    def write(user: User, e: Evaluation) -> Entry:
        c = _head_criterion(e, criterion)
        inputs = _inputs_of(c, payload.inputs, nothing)
        return services.head_entry_save(
            user=user,
            evaluation_id=e.pk,
            criterion=c.code,
            inputs=inputs,
            evidence=payload.evidence,
            assessor_unit=payload.assessor_unit or c.verifier,
        )

    return _write(request, response, evaluation_id, _admin_only, _HEADS, _frozen, write, nothing, _self_field)


@router.post(
    "/evaluations/{evaluation_id}/appraised",
    response={200: EvaluationDetailOut, 409: ErrorOut, **WRITE_ERRORS},
    operation_id="evaluation_appraised",
    summary="Kết thúc thẩm định, chuyển rà soát (quản trị chương trình)",
    description="Như nút Đã thẩm định của trang bảng điểm. Cần `If-Match`. "
    "409: hồ sơ chưa nộp hoặc đã rà soát.",
    openapi_extra=WRITE_DOC,
)
def appraised(request: HttpRequest, response: HttpResponse, evaluation_id: int):
    def write(user: User, e: Evaluation) -> Evaluation:
        return services.evaluation_appraised(user=user, evaluation_id=e.pk)

    nothing = "Thẩm định chưa kết thúc"
    return _write(request, response, evaluation_id, _admin_only, _ADMIN, _appraising, write, nothing)


@router.post(
    "/evaluations/{evaluation_id}/review",
    response={200: EvaluationDetailOut, 409: ErrorOut, **WRITE_ERRORS},
    operation_id="evaluation_review",
    summary="Rà soát xong kết quả đã thẩm định (quản trị chương trình)",
    description="Như nút Rà soát của trang bảng điểm; kết quả chờ công bố. Cần `If-Match`. "
    "409: kết quả chưa thẩm định xong (hoặc đã rà soát).",
    openapi_extra=WRITE_DOC,
)
def review(request: HttpRequest, response: HttpResponse, evaluation_id: int):
    def state(e: Evaluation) -> str:
        return "" if e.status == Status_.APPRAISED else "Chỉ rà soát kết quả đã thẩm định."

    def write(user: User, e: Evaluation) -> Evaluation:
        return services.evaluation_review(user=user, evaluation_id=e.pk)

    nothing = "Kết quả chưa được rà soát"
    return _write(request, response, evaluation_id, _admin_only, _ADMIN, state, write, nothing)


class WaiverIn(Schema):
    model_config = ConfigDict(extra="forbid")

    waiver_ref: Annotated[_SHORT, Field(min_length=1, description="Số, ngày văn bản chấp thuận.")]


@router.post(
    "/evaluations/{evaluation_id}/waive",
    response={200: EvaluationDetailOut, 400: ErrorOut, 409: ErrorOut, **WRITE_ERRORS},
    operation_id="evaluation_waive",
    summary="Chấp thuận bằng văn bản hồ sơ nộp muộn (quản trị chương trình)",
    description="Như trang bảng điểm. Cần `If-Match`. 409: kết quả đã công bố.",
    openapi_extra=WRITE_DOC,
)
def waive(
    request: HttpRequest,
    response: HttpResponse,
    evaluation_id: int,
    payload: WaiverIn = Body(...),  # noqa: B008
):
    def write(user: User, e: Evaluation) -> Evaluation:
        return services.evaluation_waive(user=user, evaluation_id=e.pk, waiver_ref=payload.waiver_ref)

    nothing = "Chấp thuận chưa được ghi"
    return _write(
        request, response, evaluation_id, _admin_only, _ADMIN, _frozen, write, nothing, "waiver_ref"
    )


class ReevaluationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[_TEXT, Field(min_length=1, description="Lý do đánh giá lại.")]


@router.post(
    "/evaluations/{evaluation_id}/reevaluate",
    response={201: EvaluationDetailOut, 400: ErrorOut, 409: ErrorOut, **WRITE_ERRORS},
    operation_id="evaluation_reevaluate",
    summary="Đánh giá lại kết quả đã công bố: lần đánh giá mới (quản trị chương trình)",
    description="Như trang bảng điểm: kết quả cũ giữ nguyên, lần mới bắt đầu từ thẩm định với các điểm cũ. "
    "Cần `If-Match`. 409: kết quả chưa công bố (hoặc đã được đánh giá lại). `Location` là lần mới.",
    openapi_extra={**WRITE_DOC, "responses": {201: {"headers": ETAG_HEADER}}},
)
def reevaluate(
    request: HttpRequest,
    response: HttpResponse,
    evaluation_id: int,
    payload: ReevaluationIn = Body(...),  # noqa: B008
):
    def state(e: Evaluation) -> str:
        return "" if e.status == Status_.PUBLISHED else "Chỉ đánh giá lại kết quả đã công bố."

    def write(user: User, e: Evaluation) -> Evaluation:
        return services.evaluation_reevaluate(user=user, evaluation_id=e.pk, reason=payload.reason)

    nothing = "Chưa đánh giá lại"
    made = _write(request, response, evaluation_id, _admin_only, _ADMIN, state, write, nothing, "reason")
    response["Location"] = response["Content-Location"]
    return Status(201, made)
