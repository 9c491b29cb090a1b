"""The autosave of the 15th sends only what changed: the server writes those fields in one
short transaction, leaves every other field as it was, and keeps an invalid one as typed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dieuhanh.reporting import services
from dieuhanh.reporting.autosave import PARTIAL_MARK
from dieuhanh.reporting.models import Report, TaskUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world, reporting) -> Report:  # type: ignore[no-untyped-def]
    report = services.report_open(user=world.users["bql"], period=reporting.june, unit=world.units["hd_bql"])
    update = report.task_updates.get(task__code="T-BQL-1")
    return services.report_save(
        report_id=report.pk,
        user=world.users["bql"],
        version=report.version,
        data=services.ReportInput(
            updates=[
                services.TaskUpdateInput(
                    task_id=update.task_id, progress="in_progress", percent=40, result="Đã khảo sát."
                )
            ],
            highlights="Nổi bật ban đầu",
            difficulties="Khó khăn ban đầu",
        ),
    )


def autosave(client: Client, report: Report, **fields: str):  # type: ignore[no-untyped-def]
    data = {"version": str(report.version), PARTIAL_MARK: "1", **fields}
    return client.post(reverse("reporting:save", args=[report.pk]), data, HTTP_HX_REQUEST="true")


def task_field(report: Report, name: str) -> str:
    return f"u-{report.task_updates.get(task__code='T-BQL-1').pk}-{name}"


def test_an_autosave_of_one_field_changes_that_field_and_nothing_else(bob, report):
    answer = autosave(bob, report, **{task_field(report, "percent"): "70"})
    body = answer.content.decode()
    assert answer.status_code == 200 and "Đã lưu nháp lúc" in body
    assert 'id="report-version" value="3"' in body
    report.refresh_from_db()
    update = report.task_updates.get(task__code="T-BQL-1")
    assert (update.percent, update.progress, update.result) == (70, "in_progress", "Đã khảo sát.")
    assert (report.highlights, report.difficulties) == ("Nổi bật ban đầu", "Khó khăn ban đầu")
    audit = update.history.order_by("-history_id").first()  # audited: who, from where, what
    assert (audit.history_user.username, audit.ip_address, audit.percent) == ("bob", "127.0.0.1", 70)
    assert report.history.order_by("-history_id").first().version == 3


def test_an_autosave_of_a_text_rewrites_no_task_row(bob, report):
    rows_history = TaskUpdate.history.count()
    autosave(bob, report, difficulties="Thiếu kinh phí")
    report.refresh_from_db()
    assert report.difficulties == "Thiếu kinh phí" and report.highlights == "Nổi bật ban đầu"
    assert TaskUpdate.history.count() == rows_history  # no task row was written or audited


def test_an_impossible_date_is_kept_as_typed_and_cleared_once_corrected(bob, report):
    name = task_field(report, "completed_on")
    body = autosave(bob, report, **{name: "31/02/2026"}).content.decode()
    assert "Đã lưu nháp đúng như bạn nhập" in body and "ngày “31/02/2026” không hợp lệ" in body
    report.refresh_from_db()
    assert report.typed["raw"] == {name: "31/02/2026"}
    assert name in report.typed["errors"]
    page = bob.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert 'value="31/02/2026"' in page

    autosave(bob, report, difficulties="Gõ tiếp ô khác")  # the kept field stays kept
    report.refresh_from_db()
    assert report.typed["raw"] == {name: "31/02/2026"} and report.difficulties == "Gõ tiếp ô khác"

    autosave(bob, report, **{name: ""})
    report.refresh_from_db()
    assert report.typed == {}


def test_a_task_rule_keeps_the_row_as_typed_with_its_message(bob, report):
    body = autosave(bob, report, **{task_field(report, "percent"): "250"}).content.decode()
    assert "tiến độ phải từ 0 đến 100 %, không phải 250" in body
    report.refresh_from_db()
    assert report.task_updates.get(task__code="T-BQL-1").percent == 40  # the saved value stands
    assert report.typed["raw"] == {task_field(report, "percent"): "250"}


def test_a_stale_autosave_writes_nothing_and_says_so(bob, report):
    data = {"version": str(report.version - 1), PARTIAL_MARK: "1", "difficulties": "Bản cũ"}
    body = bob.post(reverse("reporting:save", args=[report.pk]), data, HTTP_HX_REQUEST="true")
    assert "Chưa lưu." in body.content.decode() and "sau khi bạn mở trang" in body.content.decode()
    report.refresh_from_db()
    assert report.difficulties == "Khó khăn ban đầu"


def test_another_unit_cannot_autosave_the_report(world, report):
    client = Client()
    client.force_login(world.users["khcn"])
    assert autosave(client, report, difficulties="x").status_code == 404


def test_an_autosave_costs_a_bounded_number_of_queries(bob, report, django_assert_max_num_queries):
    # Whatever the form's size: session, user and second factor (3), the lock (1), the user's
    # units (3: this reporter's unit succeeded the report's, so its lineage is read; a report
    # of the user's own unit skips them), the one row (1), its write and audit (2), the
    # report's write and audit (2), the session's touch (1), and the test's savepoints (4) = 17.
    name = task_field(report, "result")
    with django_assert_max_num_queries(17):
        autosave(bob, report, **{name: "Đã tập huấn 3 lớp."})
    report.refresh_from_db()
    assert report.task_updates.get(task__code="T-BQL-1").result == "Đã tập huấn 3 lớp."


def test_an_autosave_audit_row_holds_exactly_what_was_stored(bob, report):
    name = task_field(report, "completed_on")
    autosave(bob, report, **{name: "31/02/2026"}, highlights="Đã ký kết 2 thỏa thuận")
    report.refresh_from_db()
    audit = report.history.order_by("-history_id").first()
    assert (audit.history_type, audit.history_user.username, audit.ip_address) == ("~", "bob", "127.0.0.1")
    stored = {f.attname: getattr(report, f.attname) for f in Report._meta.concrete_fields}
    recorded = {name_: getattr(audit, name_) for name_ in stored}
    assert recorded == stored  # the JSON of the kept field, the version, who and when included
    assert audit.typed["raw"] == {name: "31/02/2026"} and audit.highlights == "Đã ký kết 2 thỏa thuận"


def test_an_autosave_task_audit_row_holds_exactly_what_was_stored(bob, report):
    name = task_field(report, "percent")
    autosave(bob, report, **{name: "45"})
    row = report.task_updates.get(pk=int(name.split("-")[1]))
    audit = row.history.order_by("-history_id").first()
    stored = {f.attname: getattr(row, f.attname) for f in TaskUpdate._meta.concrete_fields}
    assert {k: getattr(audit, k) for k in stored} == stored
    assert (audit.percent, audit.history_type, audit.history_user.username) == (45, "~", "bob")


def test_on_postgresql_each_written_row_and_its_audit_take_one_statement(bob, report):
    # The UPDATE hands the row it wrote to the history INSERT (WITH … RETURNING): two round
    # trips for the task row and the report instead of four.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no data-modifying WITH; it writes the row and then its audit")
    name = task_field(report, "result")
    with CaptureQueriesContext(connection) as queries:
        autosave(bob, report, **{name: "Đã tập huấn 4 lớp."})
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().startswith(("UPDATE", "INSERT", "WITH"))
    ]
    writes = [w for w in writes if "django_session" not in w]
    assert len(writes) == 2 and all(w.startswith("WITH changed AS (UPDATE") for w in writes)
    assert 'UPDATE "reporting_taskupdate"' in writes[0] and 'UPDATE "reporting_report"' in writes[1]


def test_an_autosave_locks_only_its_own_report_row(bob, report):
    # The period and regime are shared by every unit's report: locking them with the report
    # (a plain FOR UPDATE over the join) would queue all the reporters of the 15th.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        autosave(bob, report, difficulties="Khóa đúng một dòng")
    locks = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    if connection.features.has_select_for_update:
        # One lock, of the report's own row (the base table, aliased t0), none of the joins.
        assert len(locks) == 1 and 'FROM "reporting_report" t0 ' in locks[0]
        assert locks[0].endswith("FOR UPDATE OF t0")
    else:
        assert locks == []  # SQLite locks the whole database on write instead


def test_the_report_page_loads_the_autosave_script(bob, report):
    page = bob.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert "js/autosave.js" in page and 'hx-sync="this:queue last"' in page
