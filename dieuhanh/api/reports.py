"""Periodic reports and their sent versions, read like the report pages: `reporting.selectors`
scopes them (a reporter sees its unit's and its predecessors'; another unit's report is a 404)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from dieuhanh.accounts import rules
from dieuhanh.api.guards import api_user
from dieuhanh.api.pagination import PAGE_DESCRIPTION, PAGE_HEADERS, PageIn, page_of
from dieuhanh.api.schemas import ERRORS, UnitRef
from dieuhanh.reporting import selectors
from dieuhanh.reporting.models import Report, ReportStatus

router = Router(tags=["Báo cáo định kỳ"])

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


class ReportDetailOut(ReportOut):
    highlights: str
    difficulties: str
    proposals: str


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
    description="Lọc theo `period` (kỳ), `unit` (đơn vị), `status`. " + PAGE_DESCRIPTION,
    openapi_extra={"responses": {200: {"headers": PAGE_HEADERS}}},
)
def list_reports(
    request: HttpRequest,
    response: HttpResponse,
    page: Query[PageIn],
    period: _ID = None,
    unit: _ID = None,
    status: ReportStatus | None = None,
):
    qs = selectors.report_queryset(user=_reader(request))
    if period is not None:
        qs = qs.filter(period_id=period)
    if unit is not None:
        qs = qs.filter(unit_id=unit)
    if status is not None:
        qs = qs.filter(status=status)
    rows = list(qs.order_by("-period__ends_on", "unit__name", "pk"))
    return [ReportOut(**_report_out(r)) for r in page_of(request, response, rows, page)]


@router.get("/reports/{report_id}", response={200: ReportDetailOut, **ERRORS}, summary="Một báo cáo định kỳ")
def get_report(request: HttpRequest, report_id: int):
    r = selectors.report_get(user=_reader(request), pk=report_id)
    return ReportDetailOut(
        **_report_out(r), highlights=r.highlights, difficulties=r.difficulties, proposals=r.proposals
    )


@router.get(
    "/reports/{report_id}/versions",
    response={200: list[ReportVersionOut], **ERRORS},
    summary="Các lần gửi của một báo cáo (cũ nhất trước), mỗi lần với nội dung đã gửi",
)
def report_versions(request: HttpRequest, report_id: int):
    r = selectors.report_get(user=_reader(request), pk=report_id)
    return [
        ReportVersionOut(
            number=v.number,
            submitted_at=v.submitted_at,
            submitted_by=str(v.submitted_by) if v.submitted_by else "Hệ thống",
            content=v.content if isinstance(v.content, dict) else {"value": v.content},
        )
        for v in r.versions.select_related("submitted_by").order_by("number")
    ]
