"""The enterprise's quarterly report on project implementation and labour.

Periods, due dates, the `Report` row, its versions and the chasing board are the reporting
engine's, unchanged. Its services (`report_open/save/submit/accept/return`) accept only
agency and commune reporters and Sở KH&CN's reviewers, so until `User.is_reporter` covers
enterprises and review is opened to the regime's receiving unit, these functions write the
same rows with the same rules (lock, version check, one version per submission).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from dieuhanh.accounts.models import Role, User
from dieuhanh.core.text import format_number
from dieuhanh.reporting.models import Notification, Period, Report, ReportStatus, ReportVersion
from dieuhanh.reporting.selectors import expected_units
from dieuhanh.reporting.services import (
    check_report_editable,
    check_report_fresh,
    lock_report,
    periods_open_until,
)
from dieuhanh.zones.models import Enterprise, QuarterlyFigures
from dieuhanh.zones.permissions import BOARD_UNIT_CODES, is_board_staff
from dieuhanh.zones.services import quarterly_regime


@dataclass(frozen=True)
class QuarterlyInput:
    workers: int = 0
    foreign_workers: int = 0
    new_hires: int = 0
    disbursed_vnd: Decimal = Decimal(0)
    disbursed_usd: Decimal = Decimal(0)
    revenue_vnd: Decimal = Decimal(0)
    export_usd: Decimal = Decimal(0)
    progress: str = ""
    difficulties: str = ""
    proposals: str = ""


def enterprise_periods(*, enterprise: Enterprise, on: dt.date) -> list[Period]:
    """Quarters already open on `on` for which the enterprise owes a report, newest first."""
    regime = quarterly_regime()
    if regime is None:
        return []
    periods = periods_open_until(regime=regime, on=on)
    owed = [p for p in periods if expected_units(period=p).filter(pk=enterprise.unit_id).exists()]
    return sorted(owed, key=lambda p: p.due_on, reverse=True)


def _check_owner(user: User, report: Report) -> None:
    if not (user.role == Role.ENTERPRISE and user.is_active and user.unit_id == report.unit_id):
        raise PermissionDenied("Bạn chỉ được lập báo cáo của doanh nghiệp mình.")


@transaction.atomic
def quarterly_open(*, user: User, enterprise: Enterprise, period: Period) -> Report:
    if user.role != Role.ENTERPRISE or user.unit_id != enterprise.unit_id:
        raise PermissionDenied("Bạn chỉ được lập báo cáo của doanh nghiệp mình.")
    if not expected_units(period=period).filter(pk=enterprise.unit_id).exists():
        raise PermissionDenied("Doanh nghiệp không thuộc đối tượng báo cáo của kỳ này.")
    report, _ = Report.objects.get_or_create(
        period=period, unit=enterprise.unit, defaults={"updated_by": user}
    )
    QuarterlyFigures.objects.get_or_create(report=report)
    return report


def quarterly_errors(data: QuarterlyInput) -> list[str]:
    errors: list[str] = []
    for label, value in (
        ("Tổng số lao động", data.workers),
        ("Lao động nước ngoài", data.foreign_workers),
        ("Lao động tuyển mới", data.new_hires),
    ):
        if value < 0:
            errors.append(f"{label} không được âm.")
    if data.foreign_workers > data.workers:
        errors.append(
            f"Lao động nước ngoài ({format_number(data.foreign_workers)}) không được nhiều hơn tổng số "
            f"lao động ({format_number(data.workers)})."
        )
    for label, amount in (
        ("Vốn giải ngân trong kỳ (đồng)", data.disbursed_vnd),
        ("Vốn giải ngân trong kỳ (USD)", data.disbursed_usd),
        ("Doanh thu trong kỳ (đồng)", data.revenue_vnd),
        ("Kim ngạch xuất khẩu (USD)", data.export_usd),
    ):
        if amount < 0:
            errors.append(f"{label} không được âm.")
    return errors


@transaction.atomic
def quarterly_save(*, user: User, report_id: int, version: int, data: QuarterlyInput) -> Report:
    report = lock_report(report_id)
    _check_owner(user, report)
    check_report_editable(report)
    check_report_fresh(report, version)
    errors = quarterly_errors(data)
    if errors:
        raise ValidationError(errors)
    figures, _ = QuarterlyFigures.objects.get_or_create(report=report)
    figures.workers, figures.foreign_workers, figures.new_hires = (
        data.workers,
        data.foreign_workers,
        data.new_hires,
    )
    figures.disbursed_vnd, figures.disbursed_usd = data.disbursed_vnd, data.disbursed_usd
    figures.revenue_vnd, figures.export_usd = data.revenue_vnd, data.export_usd
    figures.save()
    report.highlights, report.difficulties = data.progress.strip(), data.difficulties.strip()
    report.proposals = data.proposals.strip()
    report.version += 1
    report.updated_by = user
    report.save()
    return report


def quarterly_snapshot(report: Report) -> dict[str, object]:
    figures = QuarterlyFigures.objects.get(report=report)
    numbers = {
        k: str(v)
        for k, v in asdict(
            QuarterlyInput(
                workers=figures.workers,
                foreign_workers=figures.foreign_workers,
                new_hires=figures.new_hires,
                disbursed_vnd=figures.disbursed_vnd,
                disbursed_usd=figures.disbursed_usd,
                revenue_vnd=figures.revenue_vnd,
                export_usd=figures.export_usd,
            )
        ).items()
        if k not in ("progress", "difficulties", "proposals")
    }
    return {
        "highlights": report.highlights,
        "difficulties": report.difficulties,
        "proposals": report.proposals,
        "tasks": [],
        "figures": numbers,
    }


@transaction.atomic
def quarterly_submit(*, user: User, report_id: int, version: int) -> Report:
    """Send the report to the Board; a repeated click for the same version is a no-op."""
    report = lock_report(report_id)
    _check_owner(user, report)
    if report.status == ReportStatus.SUBMITTED and report.version == version:
        return report
    check_report_editable(report)
    check_report_fresh(report, version)
    figures = QuarterlyFigures.objects.get(report=report)
    if figures.workers == 0 and not report.highlights:
        raise ValidationError("Báo cáo chưa có số liệu: hãy nhập số lao động và tình hình thực hiện dự án.")
    now = timezone.now()
    ReportVersion.objects.create(
        report=report,
        number=report.versions.count() + 1,
        content=quarterly_snapshot(report),
        submitted_at=now,
        submitted_by=user,
    )
    report.status = ReportStatus.SUBMITTED
    report.first_submitted_at = report.first_submitted_at or now
    report.submitted_at, report.submitted_by, report.updated_by = now, user, user
    report.save()
    _notify_board(
        f"{report.unit.name} đã gửi báo cáo {report.period.label}.", f"/khu-cong-nghiep/bao-cao/{report.pk}/"
    )
    return report


def _check_board_submitted(user: User, report: Report) -> None:
    if not is_board_staff(user):
        raise PermissionDenied("Chỉ cán bộ Ban Quản lý được duyệt báo cáo của doanh nghiệp.")
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(
            f"Chỉ duyệt hoặc trả lại báo cáo đã gửi; báo cáo này đang “{report.get_status_display()}”."
        )


@transaction.atomic
def quarterly_accept(*, user: User, report_id: int) -> Report:
    """Accept the report; its labour figures become the registry's (kept in history)."""
    report = lock_report(report_id)
    _check_board_submitted(user, report)
    report.status, report.review_comment = ReportStatus.ACCEPTED, ""
    report.reviewed_at, report.reviewed_by, report.updated_by = timezone.now(), user, user
    report.version += 1
    report.save()
    figures = QuarterlyFigures.objects.get(report=report)
    enterprise = Enterprise.objects.get(unit_id=report.unit_id)
    enterprise.workers, enterprise.foreign_workers = figures.workers, figures.foreign_workers
    enterprise.save(update_fields=["workers", "foreign_workers", "updated_at"])
    return report


@transaction.atomic
def quarterly_return(*, user: User, report_id: int, comment: str) -> Report:
    report = lock_report(report_id)
    _check_board_submitted(user, report)
    if not comment.strip():
        raise ValidationError({"comment": "Hãy ghi rõ lý do trả lại để doanh nghiệp biết cần sửa gì."})
    report.status, report.review_comment = ReportStatus.RETURNED, comment.strip()
    report.reviewed_at, report.reviewed_by, report.updated_by = timezone.now(), user, user
    report.version += 1
    report.save()
    _notify_enterprise(
        report,
        f"Báo cáo {report.period.label} bị trả lại: {report.review_comment}",
        f"/khu-cong-nghiep/bao-cao/{report.pk}/",
    )
    return report


def _notify_enterprise(report: Report, text: str, url: str) -> None:
    # reporting.notify reaches reporter roles only; enterprise accounts are told here.
    users = User.objects.filter(unit_id=report.unit_id, role=Role.ENTERPRISE, is_active=True)
    Notification.objects.bulk_create([Notification(user=u, text=text[:500], url=url) for u in users])


def _notify_board(text: str, url: str) -> None:
    users = User.objects.filter(unit__code__in=BOARD_UNIT_CODES, role=Role.AGENCY_REPORTER, is_active=True)
    Notification.objects.bulk_create([Notification(user=u, text=text[:500], url=url) for u in users])
