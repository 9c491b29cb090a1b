"""Reads of the registry and the portal, always scoped by the user: the Board and leaders
see every enterprise, an enterprise user only its own, anyone else nothing."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from dieuhanh.accounts.models import User
from dieuhanh.accounts.rules import can_read_zones, is_enterprise_user
from dieuhanh.core.errors import found
from dieuhanh.reporting.models import Period, Report
from dieuhanh.zones.models import Assessment, Enterprise, EnterpriseRequest, Zone


def enterprise_queryset(*, user: User) -> QuerySet[Enterprise]:
    qs = Enterprise.objects.select_related("zone", "unit")
    if can_read_zones(user):
        return qs
    if is_enterprise_user(user) and user.unit_id is not None:
        return qs.filter(unit_id=user.unit_id)
    return qs.none()


def enterprise_get(*, user: User, pk: int) -> Enterprise:
    return found(enterprise_queryset(user=user).filter(pk=pk).first(), "Không tìm thấy doanh nghiệp.")


def enterprise_of_user(*, user: User) -> Enterprise:
    """The enterprise an enterprise account belongs to (404 when the Board has not linked it)."""
    enterprise = enterprise_queryset(user=user).filter(unit_id=user.unit_id).first() if user.unit_id else None
    if enterprise is None or not is_enterprise_user(user):
        raise Http404("Tài khoản chưa được gắn với doanh nghiệp nào trong danh mục của Ban.")
    return enterprise


def zone_queryset(*, user: User) -> QuerySet[Zone]:
    return Zone.objects.select_related("commune") if can_read_zones(user) else Zone.objects.none()


def zone_get(*, user: User, code: str) -> Zone:
    return found(zone_queryset(user=user).filter(code=code).first(), "Không tìm thấy khu, cụm công nghiệp.")


def request_queryset(*, user: User) -> QuerySet[EnterpriseRequest]:
    qs = EnterpriseRequest.objects.select_related("enterprise", "department", "sent_by", "answered_by")
    return qs.filter(enterprise__in=enterprise_queryset(user=user))


def request_get(*, user: User, pk: int) -> EnterpriseRequest:
    return found(request_queryset(user=user).filter(pk=pk).first(), "Không tìm thấy yêu cầu.")


def _in_scope(user: User, enterprise: Enterprise) -> Enterprise:
    return enterprise_get(user=user, pk=enterprise.pk)


def latest_assessment(*, user: User, enterprise: Enterprise) -> Assessment | None:
    enterprise = _in_scope(user, enterprise)
    return enterprise.assessments.filter(status=Assessment.Status.SUBMITTED).order_by("-submitted_at").first()


def enterprise_reports(*, user: User, enterprise: Enterprise) -> list[Report]:
    """The enterprise's reports to the Board, newest period first."""
    enterprise = _in_scope(user, enterprise)
    return list(
        Report.objects.filter(unit=enterprise.unit)
        .select_related("period", "zone_figures")
        .order_by("-period__due_on")
    )


def enterprise_reports_by_period(
    *, user: User, enterprise: Enterprise, periods: list[Period]
) -> dict[int, Report]:
    """{period id: report} of the enterprise's reports among `periods`."""
    enterprise = _in_scope(user, enterprise)
    return {r.period_id: r for r in Report.objects.filter(unit=enterprise.unit, period__in=periods)}


def enterprise_report_get(*, user: User, pk: int) -> Report:
    """A quarterly report of an enterprise the user may see (404 otherwise)."""
    units = enterprise_queryset(user=user).values("unit_id")
    return found(
        Report.objects.select_related("period", "unit").filter(pk=pk, unit_id__in=units).first(),
        "Không tìm thấy báo cáo.",
    )
