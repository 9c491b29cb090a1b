"""Nothing typed is lost: a field that cannot be saved keeps the whole form as typed, is marked
in place with its message, and only the submission is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dieuhanh.reporting import services
from dieuhanh.reporting.models import Report, ReportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world, reporting):  # type: ignore[no-untyped-def]
    return services.report_open(user=world.users["bql"], period=reporting.june, unit=world.units["hd_bql"])


def _form(report: Report, **fields: str) -> dict[str, str]:
    update = report.task_updates.get(task__code="T-BQL-1")
    prefix = f"u-{update.pk}-"
    data = {
        "version": str(report.version),
        prefix + "progress": "in_progress",
        prefix + "percent": "70",
        prefix + "completed_on": "",
        prefix + "result": "Đã triển khai 3 lớp tập huấn.",
        "difficulties": "Thiếu kinh phí",
    }
    data.update(
        {prefix + k if k in ("percent", "completed_on", "result") else k: v for k, v in fields.items()}
    )
    return data


def test_an_impossible_date_keeps_the_whole_form_as_typed_and_marks_the_field(bob, report):
    update = report.task_updates.get(task__code="T-BQL-1")
    answer = bob.post(
        reverse("reporting:save", args=[report.pk]),
        _form(report, completed_on="31/02/2026"),
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200
    assert "Đã lưu nháp đúng như bạn nhập" in answer.content.decode()
    report.refresh_from_db()
    assert report.version == 2  # the next autosave goes on from here, no conflict with itself
    assert report.typed["raw"][f"u-{update.pk}-completed_on"] == "31/02/2026"
    page = bob.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert 'value="31/02/2026"' in page and "ngày “31/02/2026” không hợp lệ" in page
    assert "Đã triển khai 3 lớp tập huấn." in page and "Thiếu kinh phí" in page  # the rest as typed
    update.refresh_from_db()
    assert update.result == "" and update.completed_on is None  # the saved values are untouched


def test_submitting_with_an_invalid_field_is_refused_with_every_error_and_the_typing_kept(bob, report):
    data = _form(report, completed_on="31/02/2026", percent="mười") | {"gui": "1"}
    answer = bob.post(reverse("reporting:save", args=[report.pk]), data)
    page = answer.content.decode()
    assert answer.status_code == 422
    assert "ngày “31/02/2026” không hợp lệ" in page and "tiến độ “mười” không phải là số" in page
    assert 'value="mười"' in page and 'value="31/02/2026"' in page
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and not report.versions.exists()


def test_a_corrected_form_saves_clears_what_was_kept_and_can_be_sent(bob, report):
    bob.post(reverse("reporting:save", args=[report.pk]), _form(report, completed_on="31/02/2026"))
    report.refresh_from_db()
    assert report.typed
    bob.post(reverse("reporting:save", args=[report.pk]), _form(report, completed_on=""))
    report.refresh_from_db()
    assert report.typed == {}
    assert report.task_updates.get(task__code="T-BQL-1").result == "Đã triển khai 3 lớp tập huấn."


def test_the_service_refuses_to_send_a_report_still_holding_invalid_typing(world, report):
    kept = services.report_keep_typed(
        report_id=report.pk,
        user=world.users["bql"],
        version=report.version,
        raw={"difficulties": "x"},
        errors={},
        messages=[
            "Nhiệm vụ T-BQL-1: ngày “31/02/2026” không hợp lệ, "
            "hãy nhập theo dạng dd/mm/yyyy (ví dụ 30/06/2025)."
        ],
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="31/02/2026"):
        services.report_submit(report_id=report.pk, user=world.users["bql"], version=kept.version)


def test_an_untouched_report_page_posts_back_as_a_valid_draft(bob, report):
    # What the page shows is what an autosave sends: an empty date must stay empty, not "None".
    page = bob.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert 'value="None"' not in page
    update = report.task_updates.get(task__code="T-BQL-1")
    assert f'name="u-{update.pk}-completed_on" value=""' in page


def test_a_submit_from_the_form_saves_and_sends_with_one_audit_row(bob, report):
    before = report.history.count()
    answer = bob.post(reverse("reporting:save", args=[report.pk]), _form(report) | {"gui": "1"})
    report.refresh_from_db()
    problems = [] if report.status == ReportStatus.SUBMITTED else answer.content.decode()
    assert report.status == ReportStatus.SUBMITTED, problems
    assert report.difficulties == "Thiếu kinh phí" and report.versions.count() == 1
    rows = list(report.history.order_by("history_id")[before:])
    assert [(r.status, r.difficulties, r.version) for r in rows] == [("submitted", "Thiếu kinh phí", 2)]


def test_a_submit_refused_for_a_missing_result_keeps_everything_saved(bob, report):
    # "Đã hoàn thành" without its result: the form is saved (nothing typed is lost), not sent.
    data = _form(report, result="") | {"gui": "1"}
    data[next(k for k in data if k.endswith("-progress"))] = "done"
    data[next(k for k in data if k.endswith("-percent"))] = "100"
    data[next(k for k in data if k.endswith("-completed_on"))] = "20/06/2025"
    answer = bob.post(reverse("reporting:save", args=[report.pk]), data)
    assert answer.status_code == 422
    assert "đã hoàn thành thì cần nêu kết quả đạt được" in answer.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and not report.versions.exists()
    assert report.difficulties == "Thiếu kinh phí" and report.version == 2
    update = report.task_updates.get(task__code="T-BQL-1")
    assert (update.progress, update.percent) == ("done", 100)
