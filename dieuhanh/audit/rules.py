"""Which records are append-only, and from when (see core/append_only.py for the guard).

Submitted versions and history rows are frozen from birth; an accepted report, with its task
updates and figures, from acceptance; evidence from upload; a recorded data value always
(a revision is a new value that `corrects` it) — except the illustrative demo values, which
`load_demo` replaces wholesale."""

from __future__ import annotations

from django.apps import apps
from django.contrib.admin.models import LogEntry

from dieuhanh.core.append_only import always, append_only
from dieuhanh.core.history import HistoryOrigin
from dieuhanh.indicators.models import DataValue, Source
from dieuhanh.reporting.models import (
    Evidence,
    Report,
    ReportIndicatorValue,
    ReportStatus,
    ReportVersion,
    TaskUpdate,
)

_SENT = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


def _report_accepted(report: Report) -> str | None:
    return "báo cáo đã được duyệt" if report.status == ReportStatus.ACCEPTED else None


def _report_sent(report: Report) -> str | None:
    return "báo cáo đã được gửi, các lần gửi được lưu để đối chiếu" if report.versions.exists() else None


def _part_of_sent_report(row: TaskUpdate | ReportIndicatorValue) -> str | None:
    status = Report.objects.filter(pk=row.report_id).values_list("status", flat=True).first()
    return "báo cáo chứa nội dung này đã được gửi hoặc đã được duyệt" if status in _SENT else None


def _data_value(value: DataValue) -> str | None:
    if value.source == Source.DEMO:
        return None
    return "số liệu đã ghi nhận được giữ nguyên để kiểm tra"


def register_rules() -> None:
    append_only(ReportVersion, frozen=always("phiên bản đã gửi được lưu nguyên trạng"))
    append_only(Report, frozen=_report_accepted, undeletable=_report_sent)
    append_only(TaskUpdate, frozen=_part_of_sent_report)
    append_only(ReportIndicatorValue, frozen=_part_of_sent_report)
    append_only(Evidence, frozen=always("minh chứng đã tải lên được giữ nguyên"))
    append_only(LogEntry, frozen=always("nhật ký quản trị chỉ được ghi thêm"))
    append_only(DataValue, frozen=_data_value, mutable={"is_current"})
    for model in apps.get_models():
        if issubclass(model, HistoryOrigin):
            append_only(model, frozen=always("lịch sử thay đổi chỉ được ghi thêm"))
