"""The report's life: open, save, conflicts, submit, return, resubmit, accept, lateness."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dieuhanh.plans.status import TaskStatus
from dieuhanh.reporting import services
from dieuhanh.reporting.models import Report, ReportStatus, ReportVersion, TaskProgress
from dieuhanh.reporting.selectors import period_board, reporting_units_for
from dieuhanh.reporting.services import ReportInput, StaleReportError, TaskUpdateInput

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 7, 10)


def open_june(world, reporting, who="bql", unit="hd_bql") -> Report:  # type: ignore[no-untyped-def]
    return services.report_open(user=world.users[who], period=reporting.june, unit=world.units[unit])


def done(task, day: dt.date, result: str = "Đã hoàn thành") -> TaskUpdateInput:  # type: ignore[no-untyped-def]
    return TaskUpdateInput(
        task_id=task.pk, progress=TaskProgress.DONE, percent=100, result=result, completed_on=day
    )


def test_the_board_reporter_files_june_2025_for_the_board_it_succeeded(world, reporting):
    assert reporting_units_for(user=world.users["bql"], period=reporting.june) == [world.units["hd_bql"]]
    assert reporting_units_for(user=world.users["bql"], period=reporting.july) == [world.units["hp_bql"]]


def test_a_new_draft_lists_the_units_tasks_not_yet_done(world, reporting):
    report = open_june(world, reporting)
    codes = set(report.task_updates.values_list("task__code", flat=True))
    # T-KHCN-1 was done in March (before the period began): nothing left to report on it.
    assert codes == {"T-BQL-1", "T-BQL-2"}
    assert report.status == ReportStatus.DRAFT


def test_a_reporter_cannot_open_another_units_report(world, reporting):
    with pytest.raises(PermissionDenied):
        services.report_open(user=world.users["bql"], period=reporting.june, unit=world.units["hd_tc"])


def test_saving_with_an_old_version_is_refused_and_names_who_saved(world, reporting):
    report = open_june(world, reporting)
    loaded_version = report.version
    services.report_save(
        report_id=report.pk,
        user=world.users["bql"],
        version=loaded_version,
        data=ReportInput(difficulties="Thiếu nhân lực"),
    )
    with pytest.raises(StaleReportError) as excinfo:
        services.report_save(
            report_id=report.pk,
            user=world.users["bql"],
            version=loaded_version,
            data=ReportInput(difficulties="Ghi đè"),
        )
    assert "bob" in excinfo.value.messages[0] and "tải lại trang" in excinfo.value.messages[0]
    report.refresh_from_db()
    assert report.difficulties == "Thiếu nhân lực"


def test_bad_values_are_refused_whole_with_the_task_code(world, reporting):
    report = open_june(world, reporting)
    task = world.tasks["bql_overdue"]
    bad = TaskUpdateInput(
        task_id=task.pk, progress=TaskProgress.DONE, percent=80, completed_on=dt.date(2030, 1, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        services.report_save(
            report_id=report.pk,
            user=world.users["bql"],
            version=report.version,
            data=ReportInput(proposals="x", updates=[bad]),
            today=TODAY,
        )
    text = " ".join(excinfo.value.messages)
    assert "Nhiệm vụ T-BQL-1: đã hoàn thành thì tiến độ phải là 100 %" in text
    assert "01/01/2030 là ngày trong tương lai" in text
    report.refresh_from_db()
    assert report.proposals == "" and report.version == 1


def test_a_double_submit_makes_one_submission(world, reporting):
    report = open_june(world, reporting)
    first = services.report_submit(report_id=report.pk, user=world.users["bql"], version=report.version)
    second = services.report_submit(report_id=report.pk, user=world.users["bql"], version=report.version)
    assert first.status == second.status == ReportStatus.SUBMITTED
    assert ReportVersion.objects.filter(report=report).count() == 1


def test_a_submitted_report_is_read_only_for_the_reporter(world, reporting):
    report = open_june(world, reporting)
    report = services.report_submit(report_id=report.pk, user=world.users["bql"], version=report.version)
    with pytest.raises(ValidationError, match="không thể sửa"):
        services.report_save(
            report_id=report.pk, user=world.users["bql"], version=report.version, data=ReportInput()
        )


def test_a_done_task_needs_its_result_before_submitting(world, reporting):
    report = open_june(world, reporting)
    task = world.tasks["bql_overdue"]
    services.report_save(
        report_id=report.pk,
        user=world.users["bql"],
        version=report.version,
        data=ReportInput(updates=[done(task, dt.date(2025, 6, 10), result="")]),
        today=TODAY,
    )
    report.refresh_from_db()
    with pytest.raises(ValidationError, match="T-BQL-1: đã hoàn thành thì cần nêu kết quả"):
        services.report_submit(report_id=report.pk, user=world.users["bql"], version=report.version)


def test_returned_corrected_and_accepted_keeps_both_versions_and_completes_the_task(world, reporting):
    bql, admin, task = world.users["bql"], world.users["admin"], world.tasks["bql_overdue"]
    report = open_june(world, reporting)
    report = services.report_submit(report_id=report.pk, user=bql, version=report.version)
    with pytest.raises(ValidationError, match="ghi rõ lý do"):
        services.report_return(report_id=report.pk, user=admin, comment="  ")
    report = services.report_return(
        report_id=report.pk, user=admin, comment="Bổ sung kết quả nhiệm vụ T-BQL-1"
    )
    assert report.status == ReportStatus.RETURNED
    assert bql.notifications.filter(text__contains="bị trả lại").exists()
    report = services.report_save(
        report_id=report.pk,
        user=bql,
        version=report.version,
        data=ReportInput(updates=[done(task, dt.date(2025, 7, 5))]),
        today=TODAY,
    )
    report = services.report_submit(report_id=report.pk, user=bql, version=report.version)
    report = services.report_accept(report_id=report.pk, user=admin)
    assert report.status == ReportStatus.ACCEPTED
    assert [v.number for v in report.versions.all()] == [1, 2]
    task.refresh_from_db()
    assert task.completed_on == dt.date(2025, 7, 5)
    assert task.status_on(TODAY) == TaskStatus.DONE_LATE


def test_only_the_programme_administrator_reviews(world, reporting):
    report = open_june(world, reporting)
    report = services.report_submit(report_id=report.pk, user=world.users["bql"], version=report.version)
    for who in ("bql", "leader", "khcn"):
        with pytest.raises(PermissionDenied):
            services.report_accept(report_id=report.pk, user=world.users[who])


def test_a_partners_report_does_not_complete_the_leads_task(world, reporting):
    task = world.tasks["khcn_with_bql"]
    task.completed_on = None
    task.save()
    report = open_june(world, reporting)
    services.report_save(
        report_id=report.pk,
        user=world.users["bql"],
        version=report.version,
        data=ReportInput(updates=[done(task, dt.date(2025, 6, 1))]),
        today=TODAY,
    )
    report.refresh_from_db()
    services.report_submit(report_id=report.pk, user=world.users["bql"], version=report.version)
    services.report_accept(report_id=report.pk, user=world.users["admin"])
    task.refresh_from_db()
    assert task.completed_on is None


def test_an_accepted_report_is_locked(world, reporting):
    report = open_june(world, reporting)
    report = services.report_submit(report_id=report.pk, user=world.users["bql"], version=report.version)
    report = services.report_accept(report_id=report.pk, user=world.users["admin"])
    with pytest.raises(ValidationError):
        services.report_save(
            report_id=report.pk, user=world.users["bql"], version=report.version, data=ReportInput()
        )
    with pytest.raises(ValidationError, match="Chỉ duyệt hoặc trả lại báo cáo đã gửi"):
        services.report_return(report_id=report.pk, user=world.users["admin"], comment="Sửa")


def test_the_board_counts_completeness_and_timeliness_with_a_late_report_accepted(world, reporting):
    june = reporting.june
    on_time = open_june(world, reporting)
    services.report_submit(report_id=on_time.pk, user=world.users["bql"], version=on_time.version)
    late = open_june(world, reporting, who="khcn", unit="hd_khcn")
    late = services.report_submit(report_id=late.pk, user=world.users["khcn"], version=late.version)
    Report.objects.filter(pk=on_time.pk).update(
        first_submitted_at=timezone.make_aware(dt.datetime(2025, 6, 14, 9))
    )
    Report.objects.filter(pk=late.pk).update(
        first_submitted_at=timezone.make_aware(dt.datetime(2025, 6, 20, 9))
    )
    services.report_accept(report_id=late.pk, user=world.users["admin"])
    board = period_board(user=world.users["admin"], period=june, on=TODAY)
    # Expected: Board, Sở KH&CN, Sở Tài chính and the old commune; two reported, one of them late.
    assert (board.expected, board.received, board.on_time) == (4, 2, 1)
    assert board.completeness == 0.5 and board.timeliness == 0.25
    labels = {row.unit.code: row.label for row in board.rows}
    assert labels["hd:so-khcn"] == "Đã duyệt (muộn)"
    assert labels["hd:so-tc"] == "Chưa gửi"


def test_a_reporter_sees_only_their_own_units_row_of_the_board_and_only_their_reports_audit(world, reporting):
    from django.http import Http404

    from dieuhanh.reporting.selectors import report_audit

    report = open_june(world, reporting)
    board = period_board(user=world.users["bql"], period=reporting.june, on=TODAY)
    # The Hải Phòng Board's reporter carries the Hải Dương Board, the one unit of theirs expected.
    assert [row.unit.code for row in board.rows] == ["hd:bql-kcn"]
    assert period_board(user=world.users["leader"], period=reporting.june, on=TODAY).expected == 4
    assert report_audit(user=world.users["bql"], report=report)
    with pytest.raises(Http404):
        report_audit(user=world.users["khcn"], report=report)
