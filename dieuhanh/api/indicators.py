"""Indicator endpoints: the register, series over the hierarchy as of a day, target progress,
and DHIS2 `dataValueSets` imports (validated whole, applied all-or-nothing)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Body, Query, Router, Schema, Status
from ninja.errors import HttpError

from dieuhanh.accounts import rules
from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_unit_scope
from dieuhanh.api.guards import api_user
from dieuhanh.api.pagination import PageIn, page_doc, page_of
from dieuhanh.api.plans import verdict_fields
from dieuhanh.api.schemas import (
    ERRORS,
    ErrorOut,
    IsoDate,
    SinceIn,
    UnitRef,
    ValidationErrorOut,
    VerdictFields,
)
from dieuhanh.core.periods import MONTHS, Period, PeriodError
from dieuhanh.indicators import aggregation, importers, selectors
from dieuhanh.indicators.models import DataValue, Indicator, Source
from dieuhanh.steering.selectors import TargetStanding, target_standings
from dieuhanh.units.models import Unit
from dieuhanh.units.structure import province_root_on

router = Router(tags=["Chỉ số, số liệu"])
# DHIS2 period codes with a year the platform can hold (1900–2099); the pattern is in the
# OpenAPI document, so a client knows a valid code before sending it.
PERIOD_PATTERN = r"^(19|20)[0-9]{2}((0[1-9]|1[0-2])|Q[1-4]|S[12])?$"
PERIOD_HELP = "Mã kỳ DHIS2: 202504 (tháng), 2025Q2 (quý), 2025S1 (6 tháng) hoặc 2025 (năm)."


class IndicatorOut(Schema):
    code: str
    name: str
    unit_of_measure: str
    periodicity: str
    direction: str
    formula: str
    unit_aggregation: str
    time_aggregation: str
    targets: list[str]
    value_kind: str
    min_value: float | None
    max_value: float | None
    whole: str | None  # the indicator this one is a part of (its value never above the whole's)


class PointOut(Schema):
    period: str
    label: str
    value: float | None


class SeriesOut(Schema):
    indicator: str
    unit: str
    on: dt.date
    points: list[PointOut]


class ProgressOut(VerdictFields):
    target: str
    indicator: str | None
    status: str | None
    status_label: str
    reason: str
    base_year: int | None
    current_year: int | None
    current_value: float | None
    projection: float | None
    projection_low: float | None
    projection_high: float | None


class ImportCount(Schema):
    imported: int
    updated: int
    ignored: int
    deleted: int


class Conflict(Schema):
    object: str
    value: str


class ImportSummaryOut(Schema):
    """DHIS2's import summary shape, so DHIS2 clients read it as they read DHIS2's own."""

    status: str
    description: str
    importCount: ImportCount
    conflicts: list[Conflict]


def _reader(request: HttpRequest) -> User:
    return api_user(request, rules.can_read_register, "Tài khoản của bạn không có quyền xem chỉ số.")


def _writer(request: HttpRequest) -> User:
    return api_user(
        request, rules.can_send_indicator_values, "Tài khoản của bạn không có quyền gửi số liệu chỉ số."
    )


@router.get(
    "/indicators", response={200: list[IndicatorOut], **ERRORS}, summary="Danh mục chỉ số", **page_doc()
)
def list_indicators(request: HttpRequest, response: HttpResponse, page: Query[PageIn]):
    user = _reader(request)
    rows = list(selectors.indicator_list(user=user))
    return [_indicator_out(i) for i in page_of(request, response, rows, page)]


def _indicator_out(i: Indicator) -> IndicatorOut:
    return IndicatorOut(
        code=i.code,
        name=i.name,
        unit_of_measure=i.unit_of_measure,
        periodicity=i.periodicity,
        direction=i.direction,
        formula=i.formula,
        unit_aggregation=i.unit_aggregation,
        time_aggregation=i.time_aggregation,
        targets=[t.code for t in i.targets.all()],
        value_kind=i.value_kind,
        min_value=i.min_value,
        max_value=i.max_value,
        whole=i.whole.code if i.whole else None,
    )


@router.get(
    "/indicators/{code}/series",
    response={200: SeriesOut, **ERRORS},
    summary="Chuỗi số liệu của một chỉ số tại một đơn vị, theo địa giới tại ngày `on`",
)
def indicator_series(
    request: HttpRequest,
    code: str,
    first: str = Query(..., pattern=PERIOD_PATTERN, description=PERIOD_HELP),
    last: str = Query(..., pattern=PERIOD_PATTERN, description=PERIOD_HELP),
    unit: str | None = None,
    on: IsoDate | None = None,
):
    """Periods of two kinds are read in the finer one (`first=2025&last=2025Q2` is 2025Q1–2025Q2);
    `last` before `first` is an empty series."""
    user = _reader(request)
    indicator = selectors.indicator_get(user=user, code=code)
    day = on or timezone.localdate()
    target = _unit(user, unit, day)
    try:
        start, end = Period.parse(first), Period.parse(last)
    except PeriodError as exc:
        raise HttpError(422, str(exc)) from exc
    start, end = _same_kind(start, end)
    rows = aggregation.series(indicator=indicator, unit=target, first=start, last=end, on=day)
    points = [PointOut(period=p.code, label=p.label(), value=v) for p, v in rows]
    return SeriesOut(indicator=indicator.code, unit=target.code, on=day, points=points)


class ValueOut(Schema):
    """One recorded figure (who recorded it is on the pages, not here)."""

    id: int
    indicator: str
    unit: UnitRef
    period: str
    disaggregation: str
    source: str
    source_label: str
    value: float
    comment: str
    is_current: bool
    recorded_at: dt.datetime
    corrects: int | None

    @staticmethod
    def resolve_indicator(obj: DataValue) -> str:
        return obj.indicator.code

    @staticmethod
    def resolve_source_label(obj: DataValue) -> str:
        return obj.get_source_display()

    @staticmethod
    def resolve_corrects(obj: DataValue) -> int | None:
        return obj.corrects_id


@router.get(
    "/indicators/{code}/values",
    response={200: list[ValueOut], **ERRORS},
    summary="Số liệu đã ghi nhận của một chỉ số, trong phạm vi người dùng",
    **page_doc(
        "Lọc theo `unit` (mã đơn vị), `period` (mã kỳ DHIS2); `current=false` lấy cả các giá trị đã "
        "được đính chính; `updated_since`: ghi nhận từ thời điểm đó (`recorded_at`). Theo kỳ, rồi mã đơn vị."
    ),
)
def indicator_values(  # noqa: PLR0913 (each filter is a query parameter of the operation)
    request: HttpRequest,
    response: HttpResponse,
    code: str,
    page: Query[PageIn],
    since: Query[SinceIn],
    unit: str | None = None,
    period: str | None = Query(None, pattern=PERIOD_PATTERN, description=PERIOD_HELP),
    current: bool = True,
):
    user = _reader(request)
    indicator = selectors.indicator_get(user=user, code=code)
    where = _unit(user, unit, timezone.localdate()) if unit is not None else None
    qs = selectors.data_value_query(
        user=user, indicator=indicator, unit=where, period=period, current_only=current
    )
    # A value is never edited: a correction is a new row, so its recording is its modification.
    rows = list(qs if since.updated_since is None else qs.filter(recorded_at__gte=since.updated_since))
    return page_of(request, response, rows, page)  # the schema reads each row (its resolvers)


def _same_kind(start: Period, end: Period) -> tuple[Period, Period]:
    """Both ends in the finer of their kinds: the first part of `start`, the last part of `end`.
    Every kind divides the coarser ones (M 1, Q 3, S 6, Y 12 months), so the parts exist."""
    kind = min(start.kind, end.kind, key=lambda k: MONTHS[k])
    return start.parts(kind)[0], end.parts(kind)[-1]


def _unit(user: User, code: str | None, day: dt.date) -> Unit:
    """The asked unit (the province by default); units outside the user's scope are 404."""
    if code is None:
        province = province_root_on(on=day)
        if province is None:
            raise HttpError(404, "Không có tỉnh, thành phố nào có hiệu lực vào ngày này.")
        return province
    unit = Unit.objects.filter(code=code).first()
    scope = user_unit_scope(user=user)
    if unit is None or (scope is not None and unit.pk not in scope and unit.kind != Unit.Kind.PROVINCE):
        raise HttpError(404, "Không tìm thấy đơn vị.")
    return unit


@router.get(
    "/targets/progress",
    response={200: list[ProgressOut], **ERRORS},
    summary="Tiến độ các chỉ tiêu",
    **page_doc(),
)
def targets_progress(
    request: HttpRequest, response: HttpResponse, page: Query[PageIn], on: IsoDate | None = None
):
    user = _reader(request)
    rows = target_standings(user=user, on=on or timezone.localdate())
    return [_progress_out(r) for r in page_of(request, response, rows, page)]


def _progress_out(row: TargetStanding) -> ProgressOut:
    p, proj = row.progress, row.projection
    return ProgressOut(
        **verdict_fields(row.verdict),
        target=row.target.code,
        indicator=row.indicator.code if row.indicator else None,
        status=p.status if p else None,
        status_label=p.label if p else "Chưa gắn chỉ số",
        reason=p.reason if p else "",
        base_year=p.base_year if p else None,
        current_year=p.current_year if p else None,
        current_value=p.current_value if p else None,
        projection=proj.value if proj else None,
        projection_low=proj.low if proj else None,
        projection_high=proj.high if proj else None,
    )


class DataValueIn(Schema):
    """One value as DHIS2 sends it; codes may be ours or the DHIS2 ids mapped to them."""

    dataElement: str
    period: str | None = None
    orgUnit: str | None = None
    value: str | float | None = None
    categoryOptionCombo: str | None = None
    attributeOptionCombo: str | None = None
    comment: str | None = None


class DataValueSetIn(Schema):
    """A DHIS2 dataValueSet; `period`, `orgUnit` and `attributeOptionCombo` at the top apply to
    the values that do not give their own. Other DHIS2 fields (dataSet, completeDate…) are ignored."""

    dataValues: list[DataValueIn]
    period: str | None = None
    orgUnit: str | None = None
    attributeOptionCombo: str | None = None


@router.post(
    "/dataValueSets",
    response={
        200: ImportSummaryOut,
        400: ErrorOut,
        409: ImportSummaryOut,
        401: ErrorOut,
        403: ErrorOut,
        422: ValidationErrorOut,
    },
    summary="Gửi số liệu dạng DHIS2 dataValueSets (JSON); một phần tử lỗi thì không ghi phần tử nào",
)
def post_data_value_sets(request: HttpRequest, payload: DataValueSetIn = Body(...)):  # noqa: B008
    """A well-formed set whose values do not fit the register (unknown indicator or unit, a bad
    period or value) is answered 409 with DHIS2's import summary, each conflict named."""
    user = _writer(request)
    try:
        rows = importers.rows_from_dhis2(payload.model_dump(exclude_none=True))
    except importers.ImportFileError as exc:
        raise HttpError(422, str(exc)) from exc
    report = importers.data_values_import(rows=rows, user=user, source=Source.API, source_ref="dataValueSets")
    return _summary(report)


def _summary(report: importers.ImportReport) -> Status:
    if report.ok:
        count = ImportCount(imported=report.created, updated=report.updated, ignored=0, deleted=0)
        text = f"Đã nhập {report.created} giá trị mới, cập nhật {report.updated} giá trị."
        return Status(
            200, ImportSummaryOut(status="SUCCESS", description=text, importCount=count, conflicts=[])
        )
    conflicts = [Conflict(object=e.split(":", 1)[0], value=e) for e in report.errors]
    count = ImportCount(imported=0, updated=0, ignored=report.total, deleted=0)
    text = "Không ghi giá trị nào: dữ liệu có lỗi, hãy sửa rồi gửi lại cả bộ."
    return Status(
        409, ImportSummaryOut(status="ERROR", description=text, importCount=count, conflicts=conflicts)
    )
