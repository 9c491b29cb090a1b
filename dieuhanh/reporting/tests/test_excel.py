"""The Excel round trip: download pre-filled, fill offline, upload; mistakes refuse the whole file."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dieuhanh.reporting import services
from dieuhanh.reporting.models import TaskProgress

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world, reporting):  # type: ignore[no-untyped-def]
    return services.report_open(user=world.users["bql"], period=reporting.june, unit=world.units["hd_bql"])


@pytest.fixture
def client(world) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(world.users["bql"])
    return c


def download(client, report):  # type: ignore[no-untyped-def]
    response = client.get(reverse("reporting:excel", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def upload(client, report, wb, name="bao-cao.xlsx"):  # type: ignore[no-untyped-def]
    data = io.BytesIO()
    wb.save(data)
    data.seek(0)
    data.name = name
    return client.post(reverse("reporting:excel", args=[report.pk]), {"tep": data})


def row_of(ws, code: str) -> int:  # type: ignore[no-untyped-def]
    return next(r for r in range(7, ws.max_row + 1) if ws.cell(r, 1).value == code)


def test_the_workbook_is_prefilled_with_the_units_tasks(client, report):
    ws = download(client, report)["Báo cáo"]
    assert ws.cell(6, 1).value == "Mã nhiệm vụ"
    assert {ws.cell(r, 1).value for r in (7, 8)} == {"T-BQL-1", "T-BQL-2"}
    assert ws.cell(7, 4).value == "Chưa triển khai"


def test_a_filled_workbook_is_saved_into_the_draft(client, report):
    wb = download(client, report)
    ws = wb["Báo cáo"]
    r = row_of(ws, "T-BQL-1")
    ws.cell(r, 4, "Đã hoàn thành")
    ws.cell(r, 5, 100)
    ws.cell(r, 6, "05/06/2025")
    ws.cell(r, 7, "Đã ban hành Kế hoạch số 12/KH-KCN")
    ws.cell(
        next(i for i in range(1, ws.max_row + 1) if ws.cell(i, 1).value == "Khó khăn, vướng mắc"),
        2,
        "Thiếu kinh phí",
    )
    response = upload(client, report, wb)
    assert response.status_code == 302
    update = report.task_updates.get(task__code="T-BQL-1")
    assert (update.progress, update.percent, str(update.completed_on)) == (
        TaskProgress.DONE,
        100,
        "2025-06-05",
    )
    report.refresh_from_db()
    assert report.difficulties == "Thiếu kinh phí"


def test_a_workbook_with_mistakes_is_refused_whole_with_row_and_column(client, report):
    wb = download(client, report)
    ws = wb["Báo cáo"]
    r1, r2 = row_of(ws, "T-BQL-1"), row_of(ws, "T-BQL-2")
    ws.cell(r1, 7, "Kết quả hợp lệ nhưng không được lưu vì tệp có lỗi khác")
    ws.cell(r2, 4, "Xong rồi")
    ws.cell(r2, 5, "150")
    ws.cell(r2, 6, "31/13/2025")
    response = upload(client, report, wb)
    body = response.content.decode()
    assert response.status_code == 422
    assert f"Dòng {r2}, cột D (Tình hình): “Xong rồi” không có trong danh sách." in body
    assert f"Dòng {r2}, cột E (Tiến độ): tiến độ phải là số nguyên từ 0 đến 100" in body
    assert f"Dòng {r2}, cột F (Ngày hoàn thành): ngày “31/13/2025” không hợp lệ" in body
    assert not report.task_updates.exclude(result="").exists()


def test_a_stale_workbook_is_refused(client, report, world):
    wb = download(client, report)
    services.report_save(
        report_id=report.pk,
        user=world.users["bql"],
        version=report.version,
        data=services.ReportInput(proposals="Lưu trên web sau khi tải tệp"),
    )
    response = upload(client, report, wb)
    assert response.status_code == 422
    assert "sau khi bạn mở trang" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("anh.png", b"\x89PNG", "Tệp “anh.png”: không phải tệp Excel .xlsx."),
        ("hong.xlsx", b"not a zip", "Tệp “hong.xlsx”: tệp hỏng hoặc không đúng định dạng"),
    ],
)
def test_a_file_that_is_not_the_template_gets_a_clear_message(client, report, name, content, message):
    data = io.BytesIO(content)
    data.name = name
    response = client.post(reverse("reporting:excel", args=[report.pk]), {"tep": data})
    assert response.status_code == 422 and message in response.content.decode()


def test_another_units_workbook_is_404(world, report):
    c = Client()
    c.force_login(world.users["khcn"])
    assert c.get(reverse("reporting:excel", args=[report.pk])).status_code == 404
