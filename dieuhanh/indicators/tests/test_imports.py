"""Imports: CSV, Excel and DHIS2 JSON, all-or-nothing, with Vietnamese errors by row."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dieuhanh.indicators.models import CodeMapping, DataValue
from dieuhanh.indicators.tests.factories import indicator

pytestmark = pytest.mark.django_db
DHIS2 = Path("/work/shared/data/dhis2")
if not DHIS2.exists():
    DHIS2 = Path(__file__).parent / "data"


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def hs(world):  # type: ignore[no-untyped-def]
    return indicator("HS", dhis2_id="f7n9E0hX8qk")


def upload(client: Client, name: str, content: bytes):  # type: ignore[no-untyped-def]
    return client.post(reverse("indicators:data_import"), {"tep": SimpleUploadedFile(name, content)})


def test_a_vietnamese_csv_is_imported_whole(world, hs) -> None:  # type: ignore[no-untyped-def]
    csv = (
        "ma_chi_so;ma_don_vi;ky;gia_tri;ghi_chu\n"
        "HS;hd:so-khcn;202505;1.234,5;tháng 5\n"
        "HS;hd:bql-kcn;202505;17;\n"
    )
    response = upload(client_for(world.users["admin"]), "so-lieu.csv", csv.encode())
    assert "Đã nhập 2 dòng" in response.content.decode()
    assert sorted(DataValue.objects.values_list("value", flat=True)) == [17.0, 1234.5]
    assert set(DataValue.objects.values_list("source", "recorded_by__username")) == {("import", "alice")}


def test_one_bad_row_saves_nothing_and_every_error_names_its_row(world, hs) -> None:  # type: ignore[no-untyped-def]
    csv = (
        "ma_chi_so,ma_don_vi,ky,gia_tri\n"
        "HS,hd:so-khcn,202505,10\n"
        "XX,hd:so-khcn,202505,10\n"
        "HS,khong-co,2025-05,abc\n"
        "HS,hd:so-khcn,202505,11\n"
        "HS,hd:so-khcn,2099,11\n"
    )
    response = upload(client_for(world.users["admin"]), "loi.csv", csv.encode())
    text = response.content.decode()
    assert "Không có dòng nào được ghi" in text
    assert "Dòng 3: không tìm thấy chỉ số “XX”" in text
    assert "Dòng 4: không tìm thấy đơn vị “khong-co”" in text
    assert "kỳ “2025-05” không hợp lệ" in text
    assert "giá trị “abc” không phải là số" in text
    assert "Dòng 5: trùng chỉ số, đơn vị, kỳ và phân tổ với dòng 2" in text
    assert "Dòng 6: chỉ số HS có kỳ số liệu hằng tháng, kỳ 2099 không phù hợp" in text
    assert DataValue.objects.count() == 0


def test_an_excel_file_is_imported(world, hs) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Mã chỉ số", "Mã đơn vị", "Kỳ", "Giá trị"])
    sheet.append(["HS", "hd:so-khcn", 202504, 88.5])
    buffer = io.BytesIO()
    book.save(buffer)
    response = upload(client_for(world.users["admin"]), "so-lieu.xlsx", buffer.getvalue())
    assert "Đã nhập 1 dòng" in response.content.decode()
    assert DataValue.objects.get().period == "202504"


def test_a_file_without_the_needed_columns_is_refused(world, hs) -> None:  # type: ignore[no-untyped-def]
    response = upload(client_for(world.users["admin"]), "x.csv", b"a,b\n1,2\n")
    assert "Thiếu cột: mã chỉ số, mã đơn vị, kỳ, giá trị" in response.content.decode()


def test_dhis2_csv_maps_uids_through_the_code_mapping(world, hs) -> None:  # type: ignore[no-untyped-def]
    u = world.units
    CodeMapping.objects.create(kind="unit", external_id="DiszpKrYNg8", unit=u["hd_khcn"])
    CodeMapping.objects.create(kind="unit", external_id="BdfsJfj87js", unit=u["hd_bql"])
    content = (DHIS2 / "dataValueSetB.csv").read_bytes()
    response = upload(client_for(world.users["admin"]), "dataValueSetB.csv", content)
    text = response.content.decode()
    # Only f7n9E0hX8qk is mapped to one of ours: the other data elements are refused by row.
    assert "Dòng 6: không tìm thấy chỉ số “Ix2HsbDMLea”" in text
    assert "Dòng 2" not in text
    assert DataValue.objects.count() == 0


def test_the_dhis2_json_sample_posts_to_the_api(world, hs) -> None:  # type: ignore[no-untyped-def]
    CodeMapping.objects.create(kind="unit", external_id="DiszpKrYNg8", unit=world.units["hd_khcn"])
    payload = json.loads((DHIS2 / "dataValueSetCreateDate.json").read_text())
    client = client_for(world.users["admin"])
    response = client.post("/api/v1/dataValueSets", payload, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["importCount"]["imported"] == 1
    value = DataValue.objects.get()
    assert (value.period, value.value, value.source) == ("201201", 20.0, "api")


def test_the_api_refuses_the_whole_set_with_dhis2_style_conflicts(world, hs) -> None:  # type: ignore[no-untyped-def]
    payload = json.loads((DHIS2 / "dataValueSetJ.json").read_text())  # its orgUnit is not mapped
    response = client_for(world.users["admin"]).post(
        "/api/v1/dataValueSets", payload, content_type="application/json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["status"] == "ERROR"
    assert "không tìm thấy đơn vị “DiszpKrYNg8”" in body["conflicts"][0]["value"]
    assert DataValue.objects.count() == 0


def test_a_reporter_may_send_values_only_for_their_own_units(world, hs) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.users["bql"])
    own = {"dataValues": [{"dataElement": "HS", "orgUnit": "hd:bql-kcn", "period": "202505", "value": "3"}]}
    other = {"dataValues": [{"dataElement": "HS", "orgUnit": "hd:so-tc", "period": "202505", "value": "3"}]}
    assert client.post("/api/v1/dataValueSets", own, content_type="application/json").status_code == 200
    response = client.post("/api/v1/dataValueSets", other, content_type="application/json")
    assert response.status_code == 409
    assert "không được nhập số liệu cho đơn vị" in response.json()["conflicts"][0]["value"]


def test_a_malformed_set_is_422(world, hs) -> None:  # type: ignore[no-untyped-def]
    response = client_for(world.users["admin"]).post(
        "/api/v1/dataValueSets", {"x": 1}, content_type="application/json"
    )
    assert response.status_code == 422


def test_the_import_page_shows_a_progress_bar_while_the_file_goes_up_and_is_checked(world, hs) -> None:  # type: ignore[no-untyped-def]
    text = client_for(world.users["admin"]).get(reverse("indicators:data_import")).content.decode()
    assert "data-import-upload" in text
    assert '<progress max="100" value="0">' in text
    assert "Đang kiểm tra và ghi số liệu" in text
    assert "js/plan_import.js" in text


def test_a_failure_after_the_values_were_written_leaves_no_value_of_the_file(world, hs, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from dieuhanh.indicators import services

    # The five values and their history are written; the roll-up refresh after them fails.

    def fail(**_: object) -> int:
        raise RuntimeError("mất kết nối")

    monkeypatch.setattr(services, "rollup_refresh", fail)
    rows = "".join(f"HS,hd:so-khcn,2025{m:02d},{m}\n" for m in range(1, 6))
    with pytest.raises(RuntimeError):
        upload(
            client_for(world.users["admin"]), "nam.csv", ("ma_chi_so,ma_don_vi,ky,gia_tri\n" + rows).encode()
        )
    assert DataValue.objects.count() == 0


def test_a_period_wrong_on_many_rows_is_named_on_each_of_them(world, hs) -> None:  # type: ignore[no-untyped-def]
    # The importer works out each distinct period text and each indicator × period rule once
    # per file; every row that repeats them must still carry the message.
    csv = (
        "ma_chi_so,ma_don_vi,ky,gia_tri\n"
        "HS,hd:so-khcn,2025-05,10\n"
        "HS,hd:bql-kcn,2025-05,11\n"
        "HS,hd:so-khcn,2099,12\n"
        "HS,hd:bql-kcn,2099,13\n"
        "HS,hd:so-khcn,202505,14\n"
    )
    response = upload(client_for(world.users["admin"]), "ky.csv", csv.encode())
    text = response.content.decode()
    assert "Dòng 2: kỳ “2025-05” không hợp lệ" in text
    assert "Dòng 3: kỳ “2025-05” không hợp lệ" in text
    assert "Dòng 4: chỉ số HS có kỳ số liệu hằng tháng, kỳ 2099 không phù hợp" in text
    assert "Dòng 5: chỉ số HS có kỳ số liệu hằng tháng, kỳ 2099 không phù hợp" in text
    assert "Dòng 6" not in text
    assert DataValue.objects.count() == 0
