"""The Board's registry import on hostile files, its template, and the downloadable list of
errors: refused with sheet, row and column, nothing saved, and every cell written as text."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dieuhanh.core.tests import hostile
from dieuhanh.zones.importing import ENTERPRISE_COLUMNS, PROJECT_COLUMNS, import_template
from dieuhanh.zones.models import Enterprise
from dieuhanh.zones.tests.conftest import client_for

pytestmark = pytest.mark.django_db

GOOD = ["0100109106", "Công ty Nhập Khẩu Mẫu", "dai-an", "2610", "FDI", "Hàn Quốc", "Vừa", 300, 5]


def registry(rows: list[list[object]], projects: list[list[object]] | None = None) -> bytes:
    sheets: dict[str, list[list[object]]] = {"Doanh nghiệp": [list(ENTERPRISE_COLUMNS), *rows]}
    sheets["Dự án"] = [list(PROJECT_COLUMNS), *(projects or [])]
    return hostile.workbook(sheets)


def post(client: Client, data: bytes, name: str = "danh-sach.xlsx"):  # type: ignore[no-untyped-def]
    return client.post(reverse("zones:import"), {"file": SimpleUploadedFile(name, data)})


def refused(zones, data: bytes) -> str:  # type: ignore[no-untyped-def]
    response = post(client_for(zones.users["bql"]), data)
    body = response.content.decode()
    assert response.status_code == 422
    assert "Traceback" not in body and "Error" not in body
    assert not Enterprise.objects.filter(tax_code="0100109106").exists()
    return body


def test_a_formula_in_the_registry_is_refused_with_its_cell(zones):
    body = refused(zones, registry([[*GOOD[:7], "=200+100", 5]]))
    assert "Trang “Doanh nghiệp”, dòng 2, cột H: có công thức “=200+100”" in body


def test_a_formula_in_a_hidden_sheet_is_refused_too(zones):
    data = hostile.workbook(
        {"Doanh nghiệp": [list(ENTERPRISE_COLUMNS), GOOD], "Ẩn": [["=1+1"]]}, hidden=["Ẩn"]
    )
    assert "Trang “Ẩn” (đang ẩn), dòng 1, cột A: có công thức" in refused(zones, data)


def test_a_registry_bloated_in_a_hidden_sheet_is_refused(zones):
    data = hostile.workbook({"Doanh nghiệp": [list(ENTERPRISE_COLUMNS), GOOD], "Ẩn": [[1]]}, hidden=["Ẩn"])
    data = hostile.with_hidden_sheet(data, "Ẩn", hostile.bloated_rows(600_000))
    assert "có hơn 300.000 ô (tính cả các trang ẩn; vượt mức ở trang “Ẩn” (đang ẩn))" in refused(zones, data)


def test_a_truncated_registry_is_a_broken_file(zones):
    data = registry([GOOD])
    assert "Tệp “danh-sach.xlsx”: tệp hỏng hoặc không đúng định dạng" in refused(zones, data[:-300])
    cut = hostile.rewrite(data, hostile.sheet_part(data, "Doanh nghiệp"), lambda x: x[: len(x) // 2])
    assert "tệp hỏng hoặc không đúng định dạng (trang “Doanh nghiệp”" in refused(zones, cut)


def test_a_non_finite_or_absurd_number_is_refused_with_its_cell(zones):
    body = refused(zones, registry([[*GOOD[:7], 1e308, 5], [*GOOD[:7], 12.5, 5]]))
    assert (
        "Trang “Doanh nghiệp”, dòng 2, cột H (Tổng số lao động): “1e+308” lớn bất thường (tối đa 10.000.000)."
        in body
    )
    assert (
        "Trang “Doanh nghiệp”, dòng 3, cột H (Tổng số lao động): “12,5” không phải số nguyên không âm."
        in body
    )


def test_nan_as_an_amount_is_refused_with_its_cell(zones):
    data = registry([GOOD], [["0100109106", "Nhà máy", "GCN-1", "30/06/2025", "NaN", "", "", ""]])
    assert "Trang “Dự án”, dòng 2, cột E (Vốn đăng ký (đồng)): “NaN” không phải số tiền." in refused(
        zones, data
    )


def test_the_template_writes_every_cell_as_text_or_number(zones):
    ws = load_workbook(io.BytesIO(import_template()))["Doanh nghiệp"]
    assert ws["A2"].value == "0100109106" and ws["A2"].data_type == "s" and ws["A2"].quotePrefix
    assert ws["H2"].value == 250 and ws["H2"].data_type == "n"


def test_the_errors_of_a_refused_import_download_as_a_csv_by_place(zones):
    bob = client_for(zones.users["bql"])
    post(bob, registry([[*GOOD[:4], '=HYPERLINK("http://x")', *GOOD[5:]]]))
    response = bob.get(reverse("zones:import_errors"))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode("utf-8-sig").splitlines() == [
        "STT,Vị trí,Lỗi",
        '1,,"Tệp “danh-sach.xlsx” có công thức, không nhập gì:"',
        '2,"Trang “Doanh nghiệp”, dòng 2, cột E","có công thức “=HYPERLINK(""http://x"")”; '
        'hệ thống chỉ nhận giá trị, hãy thay công thức bằng giá trị."',
    ]


def test_the_error_list_is_the_users_own_and_gone_after_a_good_import(zones):
    bob = client_for(zones.users["bql"])
    post(bob, registry([[*GOOD[:4], "Liên doanh", *GOOD[5:]]]))
    assert bob.get(reverse("zones:import_errors")).status_code == 200
    other = Client()
    other.force_login(zones.users["bql"])
    assert other.get(reverse("zones:import_errors")).status_code == 404  # another session
    assert post(bob, registry([GOOD])).status_code == 302
    assert bob.get(reverse("zones:import_errors")).status_code == 404


@pytest.mark.parametrize("who", [None, "nobody", "enterprise", "khcn"])
def test_the_error_list_is_closed_to_anyone_but_the_board(zones, who):
    client = Client() if who is None else client_for(zones.users[who])
    assert client.get(reverse("zones:import_errors")).status_code in (302, 403, 404)
