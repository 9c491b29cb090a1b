"""The report's Excel cannot lie, either way: our own export uploads back to exactly the same
report, user text stays text, the drop-down keeps its commas, and a hostile workbook is
refused with its sheet, row and column while nothing is saved."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dieuhanh.core.tests import hostile
from dieuhanh.indicators.models import Indicator
from dieuhanh.reporting import services
from dieuhanh.reporting.models import RegimeIndicator, TaskProgress

pytestmark = pytest.mark.django_db

HIGHLIGHTS = "- Đã triển khai Kế hoạch số 12/KH-UBND…\r\n- Ký 3 thỏa thuận hợp tác"
DIFFICULTIES = "=SUM(A1:A3) là công thức người dùng gõ, phải giữ nguyên"
PROPOSALS = "+84 đề nghị @Sở KH&CN xem xét; _x000D_ giữ nguyên"


@pytest.fixture
def asked(reporting):  # type: ignore[no-untyped-def]
    dossiers = Indicator.objects.create(
        code="DVC_HS", name="Số hồ sơ dịch vụ công", unit_of_measure="hồ sơ", value_kind="count"
    )
    online = Indicator.objects.create(
        code="DVC_HS_TT", name="Số hồ sơ nộp trực tuyến", unit_of_measure="hồ sơ", value_kind="count"
    )
    online.whole = dossiers
    online.save()
    share = Indicator.objects.create(
        code="TL_TT", name="Tỷ lệ hồ sơ trực tuyến", unit_of_measure="%", value_kind="percent"
    )
    for order, indicator in enumerate((dossiers, online, share)):
        RegimeIndicator.objects.create(
            regime=reporting.regime, indicator=indicator, unit_kind="agency", order=order
        )
    return dossiers, online, share


@pytest.fixture
def report(world, reporting, asked):  # type: ignore[no-untyped-def]
    report = services.report_open(user=world.users["bql"], period=reporting.june, unit=world.units["hd_bql"])
    tasks = {u.task.code: u.task_id for u in report.task_updates.select_related("task")}
    values = {v.indicator.code: v.indicator_id for v in report.indicator_values.select_related("indicator")}
    data = services.ReportInput(
        highlights=HIGHLIGHTS,
        difficulties=DIFFICULTIES,
        proposals=PROPOSALS,
        updates=[
            services.TaskUpdateInput(
                task_id=tasks["T-BQL-1"],
                progress=TaskProgress.DONE,
                percent=100,
                result="=1+1 không phải công thức\nmà là kết quả",
                completed_on=dt.date(2025, 6, 5),
            ),
            services.TaskUpdateInput(
                task_id=tasks["T-BQL-2"], progress=TaskProgress.BLOCKED, percent=35, result="- Chờ kinh phí"
            ),
        ],
        indicator_values=[
            services.IndicatorValueInput(indicator_id=values["DVC_HS"], value=1234, comment="=ghi chú"),
            services.IndicatorValueInput(indicator_id=values["DVC_HS_TT"], value=1000),
            services.IndicatorValueInput(indicator_id=values["TL_TT"], value=81.04, comment="- ước tính"),
        ],
    )
    return services.report_save(
        report_id=report.pk,
        user=world.users["bql"],
        version=report.version,
        data=data,
        today=dt.date(2025, 6, 30),
    )


@pytest.fixture
def client(world) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(world.users["bql"])
    return c


def download(client: Client, report) -> bytes:  # type: ignore[no-untyped-def]
    response = client.get(reverse("reporting:excel", args=[report.pk]))
    assert response.status_code == 200
    return response.content


def upload(client: Client, report, data: bytes, name: str = "bao-cao.xlsx"):  # type: ignore[no-untyped-def]
    f = io.BytesIO(data)
    f.name = name
    return client.post(reverse("reporting:excel", args=[report.pk]), {"tep": f})


def everything(report) -> dict[str, object]:  # type: ignore[no-untyped-def]
    report.refresh_from_db()
    return {
        "texts": (report.highlights, report.difficulties, report.proposals),
        "tasks": sorted(
            (u.task.code, u.progress, u.percent, u.result, u.completed_on)
            for u in report.task_updates.select_related("task")
        ),
        "indicators": sorted(
            (v.indicator.code, v.value, v.comment)
            for v in report.indicator_values.select_related("indicator")
        ),
    }


EXPECTED = {
    "texts": (HIGHLIGHTS, DIFFICULTIES, PROPOSALS),
    "tasks": [
        ("T-BQL-1", "done", 100, "=1+1 không phải công thức\nmà là kết quả", dt.date(2025, 6, 5)),
        ("T-BQL-2", "blocked", 35, "- Chờ kinh phí", None),
    ],
    "indicators": [("DVC_HS", 1234.0, "=ghi chú"), ("DVC_HS_TT", 1000.0, ""), ("TL_TT", 81.04, "- ước tính")],
}


def test_our_own_export_uploads_back_to_exactly_the_same_report(client, report):
    assert everything(report) == EXPECTED
    response = upload(client, report, download(client, report))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert everything(report) == EXPECTED


def test_a_second_round_trip_changes_nothing_either(client, report):
    upload(client, report, download(client, report))
    first = download(client, report)
    assert upload(client, report, first).status_code == 302
    assert everything(report) == EXPECTED


def test_user_text_is_exported_as_quote_prefixed_text_never_as_formula(client, report):
    data = download(client, report)
    ws = load_workbook(io.BytesIO(data))["Báo cáo"]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert {c.value for c in cells} >= {
        DIFFICULTIES,
        "=1+1 không phải công thức\nmà là kết quả",
        "- Chờ kinh phí",
    }
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_the_status_drop_down_keeps_labels_with_commas(client, report):
    wb = load_workbook(io.BytesIO(download(client, report)))
    (validation,) = wb["Báo cáo"].data_validations.dataValidation
    assert validation.formula1 == "'_danh_muc'!$A$1:$A$4"
    assert wb["_danh_muc"].sheet_state == "hidden"
    assert [wb["_danh_muc"].cell(r, 1).value for r in range(1, 5)] == [
        "Chưa triển khai",
        "Đang thực hiện",
        "Đã hoàn thành",
        "Gặp vướng mắc, chưa thực hiện được",
    ]


def edited(client, report, change) -> bytes:  # type: ignore[no-untyped-def]
    wb = load_workbook(io.BytesIO(download(client, report)))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def refused(client, report, data: bytes) -> str:  # type: ignore[no-untyped-def]
    response = upload(client, report, data)
    body = response.content.decode()
    assert response.status_code == 422
    assert "Traceback" not in body and "Error" not in body
    assert everything(report) == EXPECTED  # nothing saved
    return body


def test_a_formula_in_the_task_code_column_is_refused_with_its_cell(client, report):
    def change(wb) -> None:  # type: ignore[no-untyped-def]
        wb["Báo cáo"]["A8"] = '=IF(1,"T-BQL-2")'

    body = refused(client, report, edited(client, report, change))
    assert "Trang “Báo cáo”, dòng 8, cột A: có công thức “=IF(1,&quot;T-BQL-2&quot;)”" in body


def test_a_formula_with_a_cached_value_is_refused_not_trusted(client, report):
    def change(wb) -> None:  # type: ignore[no-untyped-def]
        wb["Báo cáo"]["E7"] = "=70"
        wb["Báo cáo"]["G8"] = "=G7"

    body = refused(client, report, edited(client, report, change))
    assert "Trang “Báo cáo”, dòng 7, cột E: có công thức “=70”" in body
    assert "Trang “Báo cáo”, dòng 8, cột G: có công thức “=G7”" in body
    assert "Đã nhập" not in body


def test_a_row_whose_task_code_was_erased_is_refused_not_the_end_of_the_table(client, report):
    def change(wb) -> None:  # type: ignore[no-untyped-def]
        wb["Báo cáo"]["A7"] = None

    body = refused(client, report, edited(client, report, change))
    assert "Dòng 7, cột A (Mã nhiệm vụ): thiếu mã nhiệm vụ" in body


def test_a_workbook_bloated_in_a_hidden_sheet_is_refused_quickly(client, report):
    data = hostile.with_hidden_sheet(download(client, report), "_meta", hostile.bloated_rows(600_000))
    body = refused(client, report, data)
    assert "Tệp “bao-cao.xlsx”:" in body and "vượt mức" in body


def test_a_truncated_workbook_is_a_broken_file(client, report):
    data = download(client, report)
    body = refused(client, report, data[: len(data) * 2 // 3])
    assert "Tệp “bao-cao.xlsx”: tệp hỏng hoặc không đúng định dạng" in body


def test_a_truncated_sheet_names_its_sheet(client, report):
    data = download(client, report)
    data = hostile.rewrite(data, hostile.sheet_part(data, "Chỉ số"), lambda x: x[: len(x) // 2])
    assert "tệp hỏng hoặc không đúng định dạng (trang “Chỉ số”" in refused(client, report, data)


def test_nan_in_a_value_cell_is_refused_with_its_sheet(client, report):
    data = download(client, report)
    part = hostile.sheet_part(data, "Chỉ số")
    data = hostile.rewrite(data, part, lambda x: x.replace(b"<v>1234</v>", b"<v>NaN</v>"))
    assert "tệp hỏng hoặc không đúng định dạng (trang “Chỉ số”" in refused(client, report, data)


def test_values_breaking_the_indicator_rules_are_refused_with_their_cells(client, report):
    def change(wb) -> None:  # type: ignore[no-untyped-def]
        ws = wb["Chỉ số"]
        ws["D2"], ws["D3"], ws["D4"] = 1e308, 12.5, 250

    body = refused(client, report, edited(client, report, change))
    assert "Trang “Chỉ số”, dòng 2, cột D (Giá trị): giá trị 1e+308 vượt quá mức hợp lý" in body
    assert "Trang “Chỉ số”, dòng 3, cột D (Giá trị): số đếm phải là số nguyên, không phải 12,5." in body
    assert "Trang “Chỉ số”, dòng 4, cột D (Giá trị): tỷ lệ phải từ 0 đến 100 %, không phải 250." in body


def test_a_part_above_its_whole_is_refused_from_excel(client, report):
    def change(wb) -> None:  # type: ignore[no-untyped-def]
        wb["Chỉ số"]["D3"] = 1300

    body = refused(client, report, edited(client, report, change))
    assert (
        "Chỉ số DVC_HS_TT (Số hồ sơ nộp trực tuyến): DVC_HS_TT (1.300) không được lớn hơn DVC_HS "
        "“Số hồ sơ dịch vụ công” (1.234) của cùng đơn vị, cùng kỳ." in body
    )
