"""The plan source documents and a task's change history, read like the pages: the documents
are the programme's published chain (every register reader sees it, as on the task page); a
task's history goes through `task_get`, so another unit's task is a 404."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from dieuhanh.accounts import rules
from dieuhanh.api.guards import api_user
from dieuhanh.api.pagination import PageIn, page_doc, page_of
from dieuhanh.api.schemas import ERRORS, SinceIn, UnitRef
from dieuhanh.core.history import changed_since
from dieuhanh.plans import selectors
from dieuhanh.plans.models import Document

router = Router(tags=["Kế hoạch, nhiệm vụ, chỉ tiêu"])

_ACTIONS = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}


class DocumentOut(Schema):
    id: int
    kind: str
    kind_label: str
    number: str
    issued_on: dt.date | None
    issuer_name: str
    issuer: UnitRef | None
    title: str
    implements_id: int | None


class TaskChangeOut(Schema):
    at: dt.datetime
    by: str
    action: Literal["+", "~", "-"]
    action_label: str
    reason: str
    completed_on: dt.date | None
    due: dt.date | None
    deadline_text: str


@router.get(
    "/documents",
    response={200: list[DocumentOut], **ERRORS},
    summary="Văn bản nguồn của kế hoạch (nghị quyết, chương trình, kế hoạch, quyết định)",
    **page_doc("`updated_since`: văn bản được đăng ký hoặc sửa từ thời điểm đó (lịch sử thay đổi của nó)."),
)
def list_documents(request: HttpRequest, response: HttpResponse, page: Query[PageIn], since: Query[SinceIn]):
    api_user(request, rules.can_read_register, "Tài khoản của bạn không có quyền xem văn bản kế hoạch.")
    qs = changed_since(Document.objects.select_related("issuer"), since=since.updated_since)
    documents = list(qs.order_by("issued_on", "id"))
    return [
        DocumentOut(
            id=d.pk,
            kind=d.kind,
            kind_label=d.get_kind_display(),
            number=d.number,
            issued_on=d.issued_on,
            issuer_name=d.issuer_name,
            issuer=UnitRef(id=d.issuer.pk, code=d.issuer.code, name=d.issuer.name) if d.issuer else None,
            title=d.title,
            implements_id=d.implements_id,
        )
        for d in page_of(request, response, documents, page)
    ]


@router.get(
    "/tasks/{task_id}/history",
    response={200: list[TaskChangeOut], **ERRORS},
    summary="Lịch sử thay đổi của một nhiệm vụ (mới nhất trước), như trên trang nhiệm vụ",
    **page_doc(),
)
def task_history(request: HttpRequest, response: HttpResponse, task_id: int, page: Query[PageIn]):
    user = api_user(
        request, rules.can_read_register, "Tài khoản của bạn không có quyền xem danh mục nhiệm vụ."
    )
    task = selectors.task_get(user=user, pk=task_id)
    rows = list(task.history.select_related("history_user").order_by("-history_date", "-history_id"))
    return [
        TaskChangeOut(
            at=h.history_date,
            by=str(h.history_user) if h.history_user else "Hệ thống",
            action=h.history_type,
            action_label=_ACTIONS.get(h.history_type, h.history_type),
            reason=h.history_change_reason or "",
            completed_on=h.completed_on,
            due=h.due,
            deadline_text=h.deadline_text,
        )
        for h in page_of(request, response, rows, page)
    ]
