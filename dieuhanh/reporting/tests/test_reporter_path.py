"""The reporter's path (issue 11): the tasks the regime expects, last period's accepted values
beside each task, every problem of a refused submission beside its field, evidence added from
the page, a second submission shown read-only, and one overdue count everywhere."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from dieuhanh.plans.models import Recurrence, Task
from dieuhanh.plans.selectors import overdue_by_unit
from dieuhanh.plans.tally import OVERDUE_RULE, OverdueCount
from dieuhanh.reporting import selectors, services
from dieuhanh.reporting.models import Frequency, RegimeMembership, Report, ReportRegime, ReportStatus
from dieuhanh.units.structure import unit_lineages

pytestmark = pytest.mark.django_db


@pytest.fixture
def june(world, reporting) -> Report:  # type: ignore[no-untyped-def]
    return services.report_open(user=world.users["bql"], period=reporting.june, unit=world.units["hd_bql"])


def _task(world, code: str, **extra) -> Task:  # type: ignore[no-untyped-def]
    return Task.objects.create(
        document=world.document,
        group=world.group,
        code=code,
        text=f"Nhiệm vụ {code}",
        lead_unit=extra.pop("lead", world.units["hd_bql"]),
        **extra,
    )


def _prefix(report: Report, code: str) -> str:
    return f"u-{report.task_updates.get(task__code=code).pk}-"


def _codes(report: Report) -> set[str]:
    return set(report.task_updates.values_list("task__code", flat=True))


def test_the_form_lists_ongoing_and_yearly_tasks_again_but_not_finished_one_offs_nor_context(
    world, reporting
):
    # A yearly task done last year is due again; an ongoing one never ends; a finished
    # one-off task and a higher plan's context task are not the unit's to report.
    _task(
        world, "T-YEARLY", recurrence=Recurrence.YEARLY, yearly_due_month=9, completed_on=dt.date(2024, 9, 1)
    )
    _task(world, "T-ONGOING", recurrence=Recurrence.CONTINUOUS, completed_on=dt.date(2025, 3, 1))
    _task(world, "T-FINISHED", due=dt.date(2025, 4, 30), completed_on=dt.date(2025, 4, 20))
    _task(world, "T-CONTEXT", due=dt.date(2025, 6, 30), in_scope=False)
    report = services.report_open(user=world.users["bql"], period=reporting.june, unit=world.units["hd_bql"])
    # T-BQL-2 was completed on 12/06/2025, inside June's window (from 15/05/2025).
    assert _codes(report) == {"T-BQL-1", "T-BQL-2", "T-YEARLY", "T-ONGOING"}


def test_a_quarterly_report_gathers_the_tasks_of_the_months_it_covers(world, bob):
    regime = ReportRegime.objects.create(
        name="Báo cáo quý",
        content="Kết quả thực hiện",
        receiving_unit=world.units["hp_khcn"],
        frequency=Frequency.QUARTERLY,
        starts_on=dt.date(2025, 1, 1),
    )
    RegimeMembership.objects.create(regime=regime, unit=world.units["hd_bql"], valid_to=dt.date(2025, 6, 30))
    quarter = services.period_ensure(regime=regime, year=2025, number=2)  # 15/03/2025 – 14/06/2025
    report = services.report_open(user=world.users["bql"], period=quarter, unit=world.units["hd_bql"])
    # T-KHCN-1 (partnered, completed 20/03/2025) falls in the quarter, not in June alone.
    assert _codes(report) == {"T-BQL-1", "T-BQL-2", "T-KHCN-1"}
    page = bob.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert "Tiến độ thực hiện nhiệm vụ (3)" in page


def test_each_task_shows_the_last_accepted_period_and_offers_to_keep_it(world, reporting, bob, june):
    may_period = services.period_ensure(regime=reporting.regime, year=2025, number=5)
    may = services.report_open(user=world.users["bql"], period=may_period, unit=world.units["hd_bql"])
    prefix = _prefix(may, "T-BQL-1")
    form = {
        "version": str(may.version),
        prefix + "progress": "in_progress",
        prefix + "percent": "40",
        prefix + "result": "Đã khảo sát 12 doanh nghiệp.",
    }
    bob.post(reverse("reporting:save", args=[may.pk]), form)
    may.refresh_from_db()
    services.report_submit(report_id=may.pk, user=world.users["bql"], version=may.version)
    services.report_accept(report_id=may.pk, user=world.users["admin"])

    previous = selectors.previous_updates(user=world.users["bql"], report=june)
    task = world.tasks["bql_overdue"]
    assert (previous[task.pk].percent, previous[task.pk].result) == (40, "Đã khảo sát 12 doanh nghiệp.")
    page = bob.get(reverse("reporting:report", args=[june.pk])).content.decode()
    assert "Kỳ trước (Tháng 5/2025, đã duyệt):" in page
    assert 'data-percent="40"' in page and 'data-result="Đã khảo sát 12 doanh nghiệp."' in page
    assert "Không thay đổi" in page


def test_a_refused_submission_marks_every_problem_beside_its_field_with_the_typing_kept(bob, june):
    first, second = _prefix(june, "T-BQL-1"), _prefix(june, "T-BQL-2")
    data = {
        "version": str(june.version),
        first + "progress": "in_progress",
        first + "percent": "30",
        first + "completed_on": "31/02/2026",  # unreadable
        second + "progress": "in_progress",
        second + "percent": "250",  # readable, but out of range
        "highlights": "Đã họp giao ban.",
        "gui": "1",
    }
    answer = bob.post(reverse("reporting:save", args=[june.pk]), data)
    page = answer.content.decode()
    assert answer.status_code == 422
    date_error = (
        "Nhiệm vụ T-BQL-1: ngày “31/02/2026” không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 30/06/2025)."
    )
    range_error = "Nhiệm vụ T-BQL-2: tiến độ phải từ 0 đến 100 %, không phải 250."
    # Both at once, each in its field's own message, and the typed values still in the fields.
    assert f'<span class="field-error" role="alert">{date_error}</span>' in page
    assert f'<span class="field-error" role="alert">{range_error}</span>' in page
    assert 'value="31/02/2026"' in page and 'value="250"' in page and "Đã họp giao ban." in page
    june.refresh_from_db()
    assert june.status == ReportStatus.DRAFT


def test_a_submission_refused_for_a_missing_result_marks_the_result_field(bob, june):
    prefix = _prefix(june, "T-BQL-1")
    data = {"version": str(june.version), prefix + "progress": "done", prefix + "percent": "100", "gui": "1"}
    page = bob.post(reverse("reporting:save", args=[june.pk]), data).content.decode()
    message = "Nhiệm vụ T-BQL-1: đã hoàn thành thì cần nêu kết quả đạt được."
    assert f'<span class="field-error" role="alert">{message}</span>' in page


def test_a_second_submission_shows_the_report_read_only_not_an_error(bob, june):
    data = {"version": str(june.version), "highlights": "Hoàn thành kế hoạch tháng.", "gui": "1"}
    assert bob.post(reverse("reporting:save", args=[june.pk]), data).status_code == 302
    again = bob.post(reverse("reporting:save", args=[june.pk]), data, follow=True)
    page = again.content.decode()
    assert again.status_code == 200
    assert "đang ở trạng thái “Đã gửi, chờ duyệt”; không gửi lại lần nữa." in page
    assert 'id="report-form"' not in page and "Hoàn thành kế hoạch tháng." in page
    assert june.versions.count() == 1


def test_the_page_title_holds_no_markup(world, bob, june):
    world.units["hd_bql"].name = "Ban <b>Quản lý</b> các KCN"
    world.units["hd_bql"].save()
    page = bob.get(reverse("reporting:report", args=[june.pk])).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None and "<" not in title.group(1)


def test_evidence_added_from_the_page_comes_back_as_its_list_and_leaves_the_version_alone(bob, june):
    update = june.task_updates.get(task__code="T-BQL-1")
    answer = bob.post(
        reverse("reporting:evidence_upload", args=[june.pk, update.pk]),
        {"document_number": "45/BC-UBND", "document_date": "10/06/2025"},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200
    assert "Văn bản số 45/BC-UBND ngày 10/06/2025" in answer.content.decode()
    version = june.version
    june.refresh_from_db()
    assert june.version == version  # the reporter's next autosave does not conflict with this
    refused = bob.post(
        reverse("reporting:evidence_upload", args=[june.pk, update.pk]),
        {"document_number": "46/BC-UBND"},
        HTTP_HX_REQUEST="true",
    )
    assert refused.status_code == 422
    assert refused.content.decode() == (
        "Minh chứng cho nhiệm vụ T-BQL-1: Văn bản minh chứng cần có ngày ban hành (dd/mm/yyyy)."
    )


def test_the_overdue_count_is_of_lead_tasks_with_partner_tasks_apart(world):
    u = world.units
    partnered = _task(world, "T-KHCN-2", lead=u["hd_khcn"], due=dt.date(2025, 6, 1))
    partnered.partner_units.set([u["hd_bql"]])
    _task(world, "T-CONTEXT", due=dt.date(2025, 6, 1), in_scope=False)  # never counted
    lineages = unit_lineages(unit_ids=[u["hp_bql"].pk, u["hp_khcn"].pk])
    counts = overdue_by_unit(user=world.users["admin"], lineages=lineages, on=dt.date(2025, 7, 15))
    # The Board leads T-BQL-1 (due 30/06/2025) and partners T-KHCN-2; the Department leads T-KHCN-2.
    assert counts[u["hp_bql"].pk] == OverdueCount(lead=1, partner=1)
    assert counts[u["hp_khcn"].pk] == OverdueCount(lead=1, partner=0)
    # A reporter of the Board is told the Board's count, never the Department's.
    assert set(overdue_by_unit(user=world.users["bql"], lineages=lineages, on=dt.date(2025, 7, 15))) == {
        u["hp_bql"].pk
    }


def test_the_chasing_page_and_the_reporters_home_say_how_overdue_is_counted(world, reporting, clock):
    clock(dt.date(2025, 7, 20))
    admin, reporter = Client(), Client()
    admin.force_login(world.users["admin"])
    reporter.force_login(world.users["bql"])
    chasing = admin.get(reverse("reporting:chasing") + f"?ky={reporting.june.pk}").content.decode()
    assert OVERDUE_RULE in chasing and "Quá hạn (phối hợp)" in chasing
    home = reporter.get(reverse("site:home")).content.decode()
    assert OVERDUE_RULE in home and "Quá hạn (đơn vị chủ trì)" in home
