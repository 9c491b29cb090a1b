"""One validator for values: the same rules, and the same words, whether a figure comes
from the report form, the report's Excel, the CSV/Excel data import or the API."""

from __future__ import annotations

import math

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dieuhanh.core.tests import hostile
from dieuhanh.indicators.models import DataValue
from dieuhanh.indicators.tests.factories import indicator, put
from dieuhanh.indicators.validation import Candidate, value_problems, values_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def ind(world):  # type: ignore[no-untyped-def]
    """The issue's own example: online dossiers are part of all dossiers; a share in per cent."""
    total = indicator("DVC_HS", name="Số hồ sơ dịch vụ công", value_kind="count")
    online = indicator("DVC_HS_TT", name="Số hồ sơ nộp trực tuyến", value_kind="count", whole=total)
    share = indicator("TL_TT", name="Tỷ lệ hồ sơ trực tuyến", unit_of_measure="%", value_kind="percent")
    growth = indicator(
        "GRDP_TT", name="Tăng trưởng GRDP", unit_of_measure="%", value_kind="percent", min_value=-50
    )
    amount = indicator("VON", name="Vốn đầu tư", unit_of_measure="tỷ đồng", max_value=1_000_000)
    return {"total": total, "online": online, "share": share, "growth": growth, "amount": amount}


# --- the rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("share", 250, ["tỷ lệ phải từ 0 đến 100 %, không phải 250"]),
        ("share", -5, ["tỷ lệ phải từ 0 đến 100 %, không phải -5"]),
        ("share", 100, []),
        ("growth", -5, []),
        ("growth", -60, ["tỷ lệ phải từ -50 đến 100 %, không phải -60"]),
        ("total", 12.5, ["số đếm phải là số nguyên, không phải 12,5"]),
        ("total", -3, ["số đếm không được âm, không phải -3"]),
        ("total", 1234, []),
        ("amount", 1_000_001, ["giá trị không được lớn hơn 1.000.000, không phải 1.000.001"]),
        ("amount", -1, []),
        ("amount", 1e308, ["giá trị 1e+308 vượt quá mức hợp lý (tối đa 1.000.000)"]),
        ("total", math.nan, ["giá trị phải là số hữu hạn"]),
        ("total", math.inf, ["giá trị phải là số hữu hạn"]),
    ],
)
def test_each_rule_gives_its_vietnamese_reason(ind, key, value, expected):
    assert value_problems(ind[key], value) == expected


def test_a_plain_number_has_only_the_sane_limit(world):
    free = indicator("X")
    assert value_problems(free, -1e14) == []
    assert value_problems(free, 2e15) == ["giá trị 2e+15 vượt quá mức hợp lý (tối đa 1e+15)"]
    assert value_problems(indicator("Y", min_value=10), 5) == ["giá trị không được nhỏ hơn 10, không phải 5"]


def test_a_part_above_its_whole_in_the_same_batch_is_refused_on_the_part(world, ind):
    unit = world.units["hd_khcn"].pk
    problems = values_check(
        [
            Candidate(ind["total"], 1234, unit, "202506"),
            Candidate(ind["online"], 1300, unit, "202506"),
            Candidate(ind["online"], 1300, unit, "202505"),  # no whole for May: nothing to compare
        ]
    )
    assert problems == [
        [],
        [
            "DVC_HS_TT (1.300) không được lớn hơn DVC_HS “Số hồ sơ dịch vụ công” (1.234) "
            "của cùng đơn vị, cùng kỳ"
        ],
        [],
    ]


def test_a_part_is_checked_against_the_recorded_whole_and_a_whole_against_recorded_parts(world, ind):
    unit = world.units["hd_khcn"]
    put(ind["total"], unit, "202506", 1234)
    put(ind["online"], unit, "202505", 900)
    assert values_check([Candidate(ind["online"], 1300, unit.pk, "202506")]) == [
        [
            "DVC_HS_TT (1.300) không được lớn hơn DVC_HS “Số hồ sơ dịch vụ công” (1.234) "
            "của cùng đơn vị, cùng kỳ"
        ]
    ]
    assert values_check([Candidate(ind["total"], 800, unit.pk, "202505")]) == [
        [
            "DVC_HS (800) không được nhỏ hơn DVC_HS_TT “Số hồ sơ nộp trực tuyến” (900) "
            "đã ghi nhận cho cùng đơn vị, cùng kỳ"
        ]
    ]
    other_unit = world.units["hd_tc"].pk
    assert values_check([Candidate(ind["online"], 1300, other_unit, "202506")]) == [[]]


# --- through the data import (CSV and Excel) ---------------------------------------------------


def admin(world) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users["admin"])
    return client


def upload(client: Client, name: str, content: bytes):  # type: ignore[no-untyped-def]
    return client.post(reverse("indicators:data_import"), {"tep": SimpleUploadedFile(name, content)})


def test_the_csv_import_refuses_each_broken_rule_by_row_and_saves_nothing(world, ind):
    csv = (
        "ma_chi_so;ma_don_vi;ky;gia_tri\n"
        "DVC_HS;hd:so-khcn;202506;1.234\n"
        "DVC_HS_TT;hd:so-khcn;202506;1.300\n"
        "TL_TT;hd:so-khcn;202506;250\n"
        "DVC_HS;hd:so-tc;202506;12,5\n"
    )
    text = upload(admin(world), "so-lieu.csv", csv.encode()).content.decode()
    assert "Dòng 4: tỷ lệ phải từ 0 đến 100 %, không phải 250." in text
    assert "Dòng 5: số đếm phải là số nguyên, không phải 12,5." in text
    assert (
        "Dòng 3: DVC_HS_TT (1.300) không được lớn hơn DVC_HS “Số hồ sơ dịch vụ công” (1.234) "
        "của cùng đơn vị, cùng kỳ." in text
    )
    assert DataValue.objects.count() == 0


def test_the_excel_import_refuses_an_absurd_number_by_row(world, ind):
    data = hostile.workbook(
        {"Số liệu": [["ma_chi_so", "ma_don_vi", "ky", "gia_tri"], ["VON", "hd:so-khcn", 202506, 1e308]]}
    )
    text = upload(admin(world), "so-lieu.xlsx", data).content.decode()
    assert "Dòng 2: giá trị 1e+308 vượt quá mức hợp lý (tối đa 1.000.000)." in text
    assert DataValue.objects.count() == 0


def test_the_excel_import_refuses_a_formula_with_its_cell(world, ind):
    data = hostile.workbook(
        {"Số liệu": [["ma_chi_so", "ma_don_vi", "ky", "gia_tri"], ["VON", "hd:so-khcn", 202506, "=1/0"]]}
    )
    text = upload(admin(world), "so-lieu.xlsx", data).content.decode()
    assert "Trang “Số liệu”, dòng 2, cột D: có công thức “=1/0”" in text
    assert DataValue.objects.count() == 0


def test_a_csv_field_over_131072_characters_gets_a_message_not_a_crash(world, ind):
    csv = b"ma_chi_so,ma_don_vi,ky,gia_tri,ghi_chu\nVON,hd:so-khcn,2025,1," + b"x" * 140_000 + b"\n"
    response = upload(admin(world), "dai.csv", csv)
    assert response.status_code == 200
    assert "Tệp “dai.csv”: tệp hỏng hoặc không đúng định dạng (gần dòng 2;" in response.content.decode()


def test_the_errors_of_a_refused_data_import_download_as_csv_for_the_admin_only(world, ind):
    client = admin(world)
    upload(client, "so-lieu.csv", b"ma_chi_so,ma_don_vi,ky,gia_tri\nTL_TT,hd:so-khcn,202506,250\n")
    response = client.get(reverse("indicators:data_import_errors"))
    assert response.content.decode("utf-8-sig").splitlines() == [
        "STT,Vị trí,Lỗi",
        '1,Dòng 2,"tỷ lệ phải từ 0 đến 100 %, không phải 250."',
    ]
    for who in ("bql", "nobody"):
        other = Client()
        other.force_login(world.users[who])
        assert other.get(reverse("indicators:data_import_errors")).status_code in (403, 404)
    assert Client().get(reverse("indicators:data_import_errors")).status_code in (302, 403)


# --- through the API --------------------------------------------------------------------------


def api(world, values: list[dict[str, str]]):  # type: ignore[no-untyped-def]
    return admin(world).post("/api/v1/dataValueSets", {"dataValues": values}, content_type="application/json")


def test_the_api_refuses_1e308_and_a_percentage_out_of_range(world, ind):
    response = api(
        world,
        [
            {"dataElement": "VON", "orgUnit": "hd:so-khcn", "period": "202506", "value": "1e308"},
            {"dataElement": "TL_TT", "orgUnit": "hd:so-khcn", "period": "202506", "value": "-5"},
            {"dataElement": "DVC_HS", "orgUnit": "hd:so-khcn", "period": "202506", "value": "NaN"},
        ],
    )
    assert response.status_code == 409
    conflicts = [c["value"] for c in response.json()["conflicts"]]
    assert conflicts == [
        "Phần tử 1: giá trị 1e+308 vượt quá mức hợp lý (tối đa 1.000.000).",
        "Phần tử 2: tỷ lệ phải từ 0 đến 100 %, không phải -5.",
        "Phần tử 3: giá trị “NaN” không phải là số.",
    ]
    assert DataValue.objects.count() == 0


def test_the_api_refuses_a_part_above_the_recorded_whole(world, ind):
    put(ind["total"], world.units["hd_khcn"], "202506", 1234)
    response = api(
        world, [{"dataElement": "DVC_HS_TT", "orgUnit": "hd:so-khcn", "period": "202506", "value": "1300"}]
    )
    assert response.status_code == 409
    assert "DVC_HS_TT (1.300) không được lớn hơn DVC_HS" in response.json()["conflicts"][0]["value"]
    ok = api(
        world, [{"dataElement": "DVC_HS_TT", "orgUnit": "hd:so-khcn", "period": "202506", "value": "1200"}]
    )
    assert ok.status_code == 200


def test_recording_a_single_value_applies_the_same_rules(world, ind):
    from django.core.exceptions import ValidationError

    from dieuhanh.indicators.services import data_value_record

    with pytest.raises(ValidationError) as exc:
        data_value_record(
            indicator=ind["share"],
            unit=world.units["hd_khcn"],
            period="202506",
            value=250,
            source="manual",
            user=None,
        )
    assert exc.value.messages == ["Chỉ số TL_TT: tỷ lệ phải từ 0 đến 100 %, không phải 250."]
    assert DataValue.objects.count() == 0


def test_a_dhis2_set_with_a_nul_or_a_lone_surrogate_is_read_as_text_a_database_can_hold() -> None:
    from dieuhanh.indicators.importers import rows_from_dhis2

    for bad in ("DVC\x00HS", "DVC\udaa6HS"):
        rows = rows_from_dhis2({"dataValues": [{"dataElement": bad, "period": "202506", "value": "1"}]})
        assert rows[0].data["indicator"] == "DVC\ufffdHS"  # then refused as an unknown indicator
