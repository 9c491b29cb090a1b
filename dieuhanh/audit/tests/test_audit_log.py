"""The inspector's audit log: who changed what, when, from which address, by unit and period."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from dieuhanh.indicators.models import DataValue
from dieuhanh.reporting.models import Report, TaskUpdate

pytestmark = pytest.mark.django_db
LOG = "/kiem-tra/nhat-ky/"


def accept_from(client, world, report, address: str):  # type: ignore[no-untyped-def]
    client.force_login(world.users["admin"])
    return client.post(f"/bao-cao/{report.pk}/duyet/", REMOTE_ADDR=address)


@pytest.fixture
def submitted(world, reporting):  # type: ignore[no-untyped-def]
    from dieuhanh.reporting import services

    bob = world.users["bql"]
    report = services.report_open(user=bob, period=reporting.june, unit=world.units["hd_bql"])
    return services.report_submit(report_id=report.pk, user=bob, version=report.version)


def test_a_change_made_through_a_page_records_the_address_it_came_from(client, world, submitted):
    assert accept_from(client, world, submitted, "203.0.113.7").status_code == 302
    row = Report.history.filter(id=submitted.pk).latest()
    assert (row.status, row.ip_address, row.history_user) == ("accepted", "203.0.113.7", world.users["admin"])


def test_behind_the_proxy_the_address_is_the_one_nginx_appended(client, world, submitted, settings):
    settings.AUDIT_BEHIND_PROXY = True
    client.force_login(world.users["admin"])
    client.post(
        f"/bao-cao/{submitted.pk}/duyet/",
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.4",
    )
    assert Report.history.filter(id=submitted.pk).latest().ip_address == "198.51.100.4"


def test_task_updates_created_in_bulk_leave_history(world, submitted):
    updates = TaskUpdate.objects.filter(report=submitted)
    assert updates.count() == 2  # T-BQL-1 and T-BQL-2, see the cast
    assert TaskUpdate.history.filter(report_id=submitted.pk, history_type="+").count() == 2


def test_a_revised_value_leaves_history_for_the_one_it_replaces(world):
    from dieuhanh.indicators.models import Indicator
    from dieuhanh.indicators.services import data_value_record

    ind = Indicator.objects.create(code="HS", name="Hồ sơ", periodicity="M")
    kw = {"indicator": ind, "unit": world.units["hd_bql"], "period": "202506", "user": world.users["admin"]}
    first = data_value_record(value=10, source="import", **kw)
    data_value_record(value=11, source="report", **kw)  # another source takes over the cell
    changed = DataValue.history.filter(id=first.pk, history_type="~").get()
    assert changed.is_current is False


def test_the_log_is_for_the_programme_admin_only(client, world):
    assert client.get(LOG).status_code == 302  # to the login page
    for who in ("nobody", "bql", "leader", "enterprise"):
        client.force_login(world.users[who])
        assert client.get(LOG).status_code == 403, who


def test_the_log_lists_who_changed_what_from_where_and_filters_by_unit_and_period(client, world, submitted):
    accept_from(client, world, submitted, "203.0.113.7")
    page = client.get(LOG, {"don_vi": world.units["hd_bql"].pk}).content.decode()
    assert "203.0.113.7" in page
    assert "trạng thái: Đã gửi, chờ duyệt → Đã duyệt" in page
    other = client.get(LOG, {"don_vi": world.units["hd_tc"].pk})
    # Sở Tài chính sent nothing; its only record is the creation of the task it leads.
    assert [(e.kind, e.action) for e in other.context["entries"]] == [("nhiệm vụ", "Tạo mới")]
    today = timezone.localdate()
    earlier = {"tu_ngay": "01/01/2020", "den_ngay": (today - dt.timedelta(days=1)).strftime("%d/%m/%Y")}
    assert client.get(LOG, earlier).context["total"] == 0


def test_the_log_downloads_as_csv_and_xlsx_with_the_address(client, world, submitted):
    accept_from(client, world, submitted, "203.0.113.7")
    query = {"don_vi": world.units["hd_bql"].pk}
    response = client.get(LOG, {**query, "dinh_dang": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Thời điểm", "Người thực hiện", "Tài khoản", "Địa chỉ IP"]
    accepted = [r for r in rows[1:] if r[3] == "203.0.113.7" and r[4] == "báo cáo"]
    assert accepted and accepted[0][2] == "alice" and accepted[0][7] == "Sửa"
    book = load_workbook(io.BytesIO(client.get(LOG, {**query, "dinh_dang": "xlsx"}).content))
    sheet = book["Nhật ký"]
    assert sheet["D2"].value == "Địa chỉ IP"
    assert "203.0.113.7" in [c.value for c in sheet["D"]]


def test_a_reversed_period_is_refused_with_a_message(client, world):
    client.force_login(world.users["admin"])
    page = client.get(LOG, {"tu_ngay": "30/06/2025", "den_ngay": "01/06/2025"}).content.decode()
    assert "“Đến ngày” phải sau hoặc trùng “Từ ngày”." in page


def test_without_a_filter_the_log_shows_the_last_thirty_days(client, world):
    client.force_login(world.users["admin"])
    response = client.get(LOG)
    start = timezone.localdate() - dt.timedelta(days=29)
    assert response.context["form"].cleaned_data["tu_ngay"] == start
    assert f'value="{start:%d/%m/%Y}"' in response.content.decode()


def test_a_changed_json_value_is_shown_as_it_is():
    from dieuhanh.audit.selectors import _choice

    assert _choice({"accepted": "Đã duyệt"}, "accepted") == "Đã duyệt"
    assert _choice({}, {"A": 3.5}) == {"A": 3.5}


def test_a_change_made_in_the_admin_shows_in_the_log(client, world):

    bob = world.users["bql"]
    client.force_login(world.users["admin"])
    form = {
        "username": "bob",
        "is_active": "on",
        "role": bob.role,
        "unit": bob.unit_id,
        "full_name": "Bùi Văn Bình",
        "date_joined_0": "01/01/2025",
        "date_joined_1": "08:00:00",
    }
    assert client.post(f"/quan-tri/accounts/user/{bob.pk}/change/", form).status_code == 302
    entries = client.get(LOG).context["entries"]
    admin_rows = [e for e in entries if e.kind == "quản trị: người dùng"]
    assert [(e.username, e.action, e.object) for e in admin_rows] == [("alice", "Sửa", "Bùi Văn Bình")]
    assert "họ và tên" in admin_rows[0].changes.lower()


def test_a_logged_text_that_starts_like_a_formula_is_exported_as_text() -> None:
    # A record's name or a changed field is what a user typed: "=HYPERLINK(…)" in an export
    # must reach the inspector's spreadsheet as text, never as a formula it evaluates.
    from dieuhanh.audit.export import audit_csv, audit_xlsx
    from dieuhanh.audit.selectors import AuditEntry

    typed = '=HYPERLINK("http://example.org","bấm")'
    entry = AuditEntry(
        at=dt.datetime(2025, 6, 30, 8, 0, tzinfo=dt.UTC),
        user="Alice",
        username="alice",
        ip_address="203.0.113.7",
        kind="nhiệm vụ",
        object_id="7",
        object=typed,
        action="Sửa",
        changes="+1 chỉ tiêu",
    )
    rows = list(csv.reader(io.StringIO(audit_csv([entry]).decode("utf-8-sig"))))
    assert rows[1][6] == "'" + typed
    assert rows[1][8] == "'+1 chỉ tiêu"
    sheet = load_workbook(io.BytesIO(audit_xlsx([entry], title="Nhật ký thử"))).active
    assert sheet["G3"].value == typed
    assert sheet["G3"].data_type == "s"
    assert sheet["I3"].value == "+1 chỉ tiêu"
