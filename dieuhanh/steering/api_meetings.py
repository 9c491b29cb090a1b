"""The assessment meetings in the API: read them (with their conclusions and the task each
became), hold one, record a conclusion. The writes are the meeting pages' own: the same forms
read the body, the same services write (`steering.services.meeting_create`,
`conclusion_record`), so the same rules refuse the same input with the same words."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Body, File, Query, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

from dieuhanh.accounts.models import User
from dieuhanh.api.conditional import ETAG_HEADER, representation_etag, require_if_match
from dieuhanh.api.pagination import PageIn, page_doc, page_of
from dieuhanh.api.schemas import ERRORS, NO_NUL, WRITE_ERRORS, ErrorOut, IsoDate, SinceIn, UnitRef
from dieuhanh.steering import forms, lists, services
from dieuhanh.steering.api import WRITE_DOC, cleaned, programme_user, refused, unit_ref
from dieuhanh.steering.changes import meetings_changed_since
from dieuhanh.steering.models import Meeting

router = Router(tags=["Điều hành: họp đánh giá, kiến nghị, khả năng hoàn thành"])

_ID = Annotated[int, Field(ge=1, le=2**31 - 1)]
_LINKS = {
    name: {"operationId": name, "parameters": {"meeting_id": "$response.body#/0/id"}}
    for name in ("meeting_get", "meeting_conclude", "meeting_conclusions_import")
}
WHAT = "cuộc họp"


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
                lead_unit=unit_ref(c.lead_unit),
                partner_units=[unit_ref(u) for u in c.partner_units.all()],
                deliverable=c.deliverable,
                deadline_text=c.deadline_text,
                task_id=c.task_id,
            )
            for c in m.conclusions.all()
        ],
    )


def _meeting(user: User, meeting_id: int) -> Meeting:
    meeting = (
        lists.meeting_list(user=user)
        .prefetch_related("conclusions__lead_unit", "conclusions__partner_units")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise HttpError(404, "Không tìm thấy cuộc họp.")
    return meeting


@router.get(
    "/meetings",
    response={200: list[MeetingOut], **ERRORS},
    summary="Các cuộc họp đánh giá và kết luận",
    **page_doc(
        "`updated_since`: cuộc họp được tạo hoặc sửa, hoặc có kết luận được ghi hay sửa, từ thời điểm "
        "đó (lịch sử thay đổi của cuộc họp và của các kết luận).",
        links=_LINKS,
    ),
)
def list_meetings(request: HttpRequest, response: HttpResponse, page: Query[PageIn], since: Query[SinceIn]):
    user = programme_user(request, "xem được các cuộc họp đánh giá")
    qs = lists.meeting_list(user=user).prefetch_related(
        "conclusions__lead_unit", "conclusions__partner_units"
    )
    qs = meetings_changed_since(qs, since=since.updated_since)
    return [_meeting_out(m) for m in page_of(request, response, list(qs), page)]


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingOut, **ERRORS},
    operation_id="meeting_get",
    summary="Một cuộc họp đánh giá với các kết luận",
    description="`ETag` của câu trả lời là điều kiện `If-Match` khi ghi kết luận vào cuộc họp.",
    openapi_extra={"responses": {200: {"headers": ETAG_HEADER}}},
)
def get_meeting(request: HttpRequest, meeting_id: int):
    return _meeting_out(_meeting(programme_user(request, "xem được các cuộc họp đánh giá"), meeting_id))


# --- writes: the leaders and the Sở, as on the meeting pages -------------------------------------


class MeetingIn(Schema):
    """A meeting to hold, as the meetings page asks it."""

    model_config = ConfigDict(extra="forbid")

    period: Annotated[_ID, Field(description="Mã số (id) của kỳ báo cáo tháng được đánh giá.")]
    held_on: Annotated[IsoDate, Field(description="Ngày họp; không trước ngày chốt số liệu của kỳ.")]
    title: Annotated[str, Field(min_length=1, max_length=255, pattern=NO_NUL)]
    chair: Annotated[str, Field(max_length=160, pattern=NO_NUL, description="Người chủ trì.")] = ""


class ConclusionIn(Schema):
    """One conclusion with its "5 rõ", as on the meeting's page: it becomes a task of the register."""

    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, Field(min_length=1, max_length=5000, pattern=NO_NUL)]
    lead_unit: Annotated[_ID, Field(description="Mã số (id) của cơ quan chủ trì.")]
    partner_units: Annotated[list[_ID], Field(max_length=50, description="Các cơ quan phối hợp.")] = []
    deliverable: Annotated[str, Field(max_length=2000, pattern=NO_NUL)] = ""
    deadline_text: Annotated[
        str,
        Field(
            min_length=1,
            max_length=255,
            pattern=NO_NUL,
            description="Thời hạn ghi như văn bản: “trước ngày 31/12/2025”, “thường xuyên”…",
        ),
    ]


@router.post(
    "/meetings",
    response={201: MeetingOut, 400: ErrorOut, 409: ErrorOut, **ERRORS},
    operation_id="meeting_create",
    url_name="list_meetings",  # the path's name stays its read's
    summary="Tạo cuộc họp đánh giá (lãnh đạo tỉnh, cơ quan tổng hợp)",
    description="Như trang các cuộc họp. 422: kỳ không phải kỳ báo cáo tháng đang áp dụng, ngày họp trước "
    "ngày chốt số liệu (mỗi lỗi nêu trường). 409: đã có cuộc họp cùng tên, cùng ngày về kỳ đó "
    "(gửi hai lần). `Location` là cuộc họp mới.",
    openapi_extra={"responses": {201: {"headers": ETAG_HEADER}}},
)
def create_meeting(
    request: HttpRequest,
    response: HttpResponse,
    payload: MeetingIn = Body(...),  # noqa: B008
):
    user = programme_user(request, "tạo được cuộc họp đánh giá")
    nothing = "Cuộc họp chưa được tạo"
    data = cleaned(forms.MeetingForm(payload.model_dump(mode="json")), nothing)
    try:
        meeting = services.meeting_create(user=user, **data)  # type: ignore[arg-type]
    except (PermissionDenied, ValidationError) as exc:
        raise refused(exc, nothing) from None
    response["Location"] = response["Content-Location"] = f"/api/v1/meetings/{meeting.pk}"
    return Status(201, _meeting_out(_meeting(user, meeting.pk)))


@router.post(
    "/meetings/{meeting_id}/conclusions",
    response={200: MeetingOut, 400: ErrorOut, 409: ErrorOut, **WRITE_ERRORS},
    operation_id="meeting_conclude",
    summary="Ghi một kết luận của cuộc họp; kết luận thành một nhiệm vụ được giao",
    description="Như trang cuộc họp: kết luận với cơ quan chủ trì, phối hợp, sản phẩm và thời hạn thành "
    "một nhiệm vụ của danh mục (nguồn: thông báo kết luận). Cần `If-Match`: ETag của lần đọc "
    "`GET /meetings/{meeting_id}` (gửi lại cùng ETag sau khi đã ghi: 412, không ghi hai lần). "
    "Câu trả lời là cuộc họp với kết luận mới.",
    openapi_extra=WRITE_DOC,
)
def conclude(
    request: HttpRequest,
    response: HttpResponse,
    meeting_id: int,
    payload: ConclusionIn = Body(...),  # noqa: B008
):
    user = programme_user(request, "ghi được kết luận cuộc họp")
    meeting = _meeting(user, meeting_id)
    require_if_match(request, representation_etag(request, _meeting_out(meeting)), WHAT)
    nothing = "Kết luận chưa được ghi"
    data = cleaned(forms.ConclusionForm(payload.model_dump(mode="json")), nothing)
    try:
        services.conclusion_record(meeting=meeting, data=services.ConclusionInput(**data), user=user)  # type: ignore[arg-type]
    except (PermissionDenied, ValidationError) as exc:
        raise refused(exc, nothing) from None
    response["Content-Location"] = f"/api/v1/meetings/{meeting.pk}"
    return _meeting_out(_meeting(user, meeting.pk))


@router.post(
    "/meetings/{meeting_id}/conclusions/import",
    response={200: MeetingOut, 400: ErrorOut, 409: ErrorOut, **WRITE_ERRORS},
    operation_id="meeting_conclusions_import",
    summary="Nhập các kết luận từ thông báo kết luận đã ký; mỗi kết luận thành một nhiệm vụ",
    description="Như nút “Nhập từ thông báo” trên trang cuộc họp: tệp `file` (multipart/form-data; "
    "Word .docx hoặc văn bản .txt, tối đa 20 MB) được đọc như một văn bản kế hoạch; mỗi nhiệm vụ giao "
    "trong đó thành một kết luận và một nhiệm vụ của danh mục, văn bản là thông báo của cuộc họp. "
    "Tất cả hoặc không gì: một kết luận không xác định được cơ quan chủ trì hay thời hạn thì cả tệp "
    "bị từ chối (422, mỗi lỗi nêu kết luận và đoạn văn). Cần `If-Match`: ETag của lần đọc "
    "`GET /meetings/{meeting_id}` (gửi lại cùng tệp với cùng ETag: 412, không nhập hai lần). "
    "`X-Imported-Count`: số kết luận đã nhập.",
    openapi_extra={
        **WRITE_DOC,
        "responses": {
            200: {
                "headers": {
                    **ETAG_HEADER,
                    "X-Imported-Count": {
                        "description": "Số kết luận đã nhập từ tệp.",
                        "schema": {"type": "integer"},
                    },
                }
            }
        },
    },
)
def import_conclusions(
    request: HttpRequest,
    response: HttpResponse,
    meeting_id: int,
    file: File[UploadedFile],
):
    user = programme_user(request, "nhập được kết luận cuộc họp")
    meeting = _meeting(user, meeting_id)
    require_if_match(request, representation_etag(request, _meeting_out(meeting)), WHAT)
    nothing = "Chưa nhập kết luận nào"
    try:
        data, name = services.notice_read(file)
        made = services.conclusions_import(meeting=meeting, data=data, file_name=name, user=user)
    except (PermissionDenied, ValidationError) as exc:
        raise refused(exc, nothing) from None
    response["Content-Location"] = f"/api/v1/meetings/{meeting.pk}"
    response["X-Imported-Count"] = str(len(made))
    return _meeting_out(_meeting(user, meeting.pk))
