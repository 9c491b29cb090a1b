"""The unit register as of a date: the province's agencies, zones and communes valid that day."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema

from dieuhanh.accounts import rules
from dieuhanh.api.guards import api_user
from dieuhanh.api.pagination import PageIn, page_doc, page_of
from dieuhanh.api.schemas import ERRORS, IsoDate, SinceIn
from dieuhanh.units.models import Unit

router = Router(tags=["Đơn vị"])


class UnitOut(Schema):
    id: int
    code: str
    kind: str
    kind_label: str
    name: str
    short_name: str
    admin_code: str
    valid_from: dt.date | None
    valid_to: dt.date | None


def _unit_out(u: Unit) -> UnitOut:
    return UnitOut(
        id=u.pk,
        code=u.code,
        kind=u.kind,
        kind_label=u.get_kind_display(),
        name=u.name,
        short_name=u.short_name,
        admin_code=u.admin_code,
        valid_from=u.valid_from,
        valid_to=u.valid_to,
    )


@router.get(
    "/units",
    response={200: list[UnitOut], **ERRORS},
    summary="Danh mục đơn vị có hiệu lực vào một ngày (mặc định hôm nay)",
    **page_doc(
        "`updated_since`: đơn vị được ghi hoặc sửa từ thời điểm đó (`updated_at` của đơn vị; các đơn vị có "
        "trước khi trường này được thêm mang thời điểm thêm trường). Đổi cấp trên hay kế thừa không tính: "
        "chúng không có trong câu trả lời này."
    ),
)
def list_units(  # noqa: PLR0913 (each filter is a query parameter of the operation)
    request: HttpRequest,
    response: HttpResponse,
    page: Query[PageIn],
    since: Query[SinceIn],
    on: IsoDate | None = None,
    kind: Unit.Kind | None = None,
):
    # The register of units is the same for every role that reads the programme register:
    # a reporter needs the names of its partners as much as the Sở does.
    api_user(request, rules.can_read_register, "Tài khoản của bạn không có quyền xem danh mục đơn vị.")
    qs = Unit.objects.valid_on(on or timezone.localdate())
    if kind is not None:
        qs = qs.filter(kind=kind)
    if since.updated_since is not None:
        qs = qs.filter(updated_at__gte=since.updated_since)
    return [_unit_out(u) for u in page_of(request, response, list(qs.order_by("kind", "name", "code")), page)]
