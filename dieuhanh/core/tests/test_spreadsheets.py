"""The bounded reader and the honest writer, on hostile files: every refusal names its place,
in Vietnamese, and nothing is parsed that should not be."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from dieuhanh.core import spreadsheets as ss
from dieuhanh.core.tests import hostile

SMALL = ss.Limits(cells=1_000, rows=100, package_bytes=2 * 1024 * 1024, part_bytes=1024 * 1024)


def refusal(data: bytes, name: str = "tep.xlsx", limits: ss.Limits | None = None) -> str:
    with pytest.raises(ss.SpreadsheetError) as exc:
        book = ss.open_workbook(data, name, limits or SMALL)
        for sheet in book.sheetnames:
            list(book.rows(sheet))
    text = " ".join(exc.value.messages)
    assert "Error" not in text and "Traceback" not in text
    return text


def base() -> bytes:
    return hostile.workbook({"Dữ liệu": [["Mã", "Giá trị"], ["A", 1]], "Ẩn": [["x"]]}, hidden=["Ẩn"])


def test_a_clean_workbook_is_read_with_its_row_numbers() -> None:
    book = ss.open_workbook(base(), "tep.xlsx", SMALL)
    assert list(book.rows("Dữ liệu")) == [(1, ("Mã", "Giá trị")), (2, ("A", 1))]


def test_a_formula_anywhere_is_refused_with_its_sheet_row_and_column() -> None:
    data = hostile.workbook(
        {"Dữ liệu": [["Mã", "Giá trị"], ["A", "=1+1"]], "Ẩn": [[None, None, "=SUM(A1:A9)"]]}, hidden=["Ẩn"]
    )
    text = refusal(data)
    assert "Trang “Dữ liệu”, dòng 2, cột B: có công thức “=1+1”" in text
    assert "Trang “Ẩn” (đang ẩn), dòng 1, cột C: có công thức “=SUM(A1:A9)”" in text


def test_a_formula_hidden_by_a_lying_dimension_is_still_found() -> None:
    data = hostile.with_hidden_sheet(base(), "Ẩn", b'<row r="1"><c r="D4"><f>1+1</f><v>2</v></c></row>')
    data = hostile.rewrite(
        data, hostile.sheet_part(base(), "Ẩn"), lambda x: x.replace(b'<dimension ref="A1"/>', b"")
    )
    assert "dòng 4, cột D: có công thức “=1+1”" in refusal(data)


def test_600000_cells_in_a_hidden_sheet_are_refused_before_parsing() -> None:
    data = hostile.with_hidden_sheet(base(), "Ẩn", hostile.bloated_rows(600_000))
    assert len(data) < 3_000_000
    text = refusal(data, limits=ss.Limits())
    assert "có hơn 250.000 ô (tính cả các trang ẩn; vượt mức ở trang “Ẩn” (đang ẩn))" in text


def test_too_many_rows_are_refused() -> None:
    rows = b"".join(b'<row r="%d"><c><v>1</v></c></row>' % r for r in range(1, 202))
    assert "có hơn 100 dòng" in refusal(hostile.with_hidden_sheet(base(), "Ẩn", rows))


def test_a_sheet_claiming_a_million_rows_is_not_padded_out() -> None:
    data = hostile.with_hidden_sheet(base(), "Ẩn", b'<row r="1048576"><c r="A1048576"><v>7</v></c></row>')
    data = hostile.rewrite(
        data, hostile.sheet_part(base(), "Ẩn"), lambda x: x.replace(b'ref="A1"', b'ref="A1:XFD1048576"')
    )
    assert list(ss.open_workbook(data, "tep.xlsx", SMALL).rows("Ẩn")) == [(1048576, (7,))]


def test_a_truncated_sheet_is_a_broken_file_with_its_sheet() -> None:
    part = hostile.sheet_part(base(), "Dữ liệu")
    data = hostile.rewrite(base(), part, lambda x: x[: len(x) // 2])
    assert "tệp hỏng hoặc không đúng định dạng (trang “Dữ liệu”" in refusal(data)


@pytest.mark.parametrize("content", [b"not a zip", b"PK\x03\x04" + b"\0" * 40])
def test_something_that_is_not_a_zip_is_a_broken_file(content: bytes) -> None:
    assert refusal(content) == (
        "Tệp “tep.xlsx”: tệp hỏng hoặc không đúng định dạng (không phải tệp Excel .xlsx)."
    )


def test_a_cut_download_is_a_broken_file() -> None:
    text = refusal(base()[:-200])
    assert "tệp hỏng hoặc không đúng định dạng" in text


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    assert "không phải tệp Excel .xlsx" in refusal(out.getvalue())


def number_cell(raw: bytes) -> bytes:
    return hostile.with_hidden_sheet(base(), "Dữ liệu", b'<row r="3"><c r="B3"><v>' + raw + b"</v></c></row>")


def test_a_number_cell_overflowing_to_infinity_is_refused_with_its_cell() -> None:
    assert refusal(number_cell(b"1e999")) == (
        "Tệp “tep.xlsx”: trang “Dữ liệu”, dòng 3, cột B: “inf” không phải là số hữu hạn."
    )


def test_a_number_cell_holding_nan_is_a_broken_file_with_its_sheet() -> None:
    assert "tệp hỏng hoặc không đúng định dạng (trang “Dữ liệu”" in refusal(number_cell(b"NaN"))


def test_an_error_cell_is_refused_with_its_cell() -> None:
    data = hostile.with_hidden_sheet(
        base(), "Dữ liệu", b'<row r="2"><c r="C2" t="e"><v>#DIV/0!</v></c></row>'
    )
    assert "trang “Dữ liệu”, dòng 2, cột C: ô báo lỗi “#DIV/0!”" in refusal(data)


def test_huge_shared_strings_are_refused_before_they_are_loaded() -> None:
    strings = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    strings += b"<si><t>" + b"x" * (2 * 1024 * 1024) + b"</t></si></sst>"
    data = hostile.rewrite(base(), "xl/sharedStrings.xml", lambda _: strings)
    limits = ss.Limits(strings_bytes=1024 * 1024)
    assert "phần “xl/sharedStrings.xml” khi giải nén lớn 2,0 MB, vượt mức 1,0 MB" in refusal(
        data, limits=limits
    )


def test_a_string_longer_than_excel_allows_is_refused_with_its_cell() -> None:
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + b"y" * 40_000 + b"</t></is></c></row>"
    data = hostile.with_hidden_sheet(base(), "Dữ liệu", row)
    assert "trang “Dữ liệu”, dòng 2, cột A: ô dài 40.000 ký tự, tối đa 32.767." in refusal(data)


def test_a_zip_bomb_is_refused_by_its_declared_size_without_inflating_it() -> None:
    data = hostile.rewrite(base(), "xl/media/bomb.bin", lambda _: b"\0" * (3 * 1024 * 1024))
    assert len(data) < 100_000
    assert "khi giải nén lớn" in refusal(data) and "vượt mức" in refusal(data)


def test_too_many_parts_are_refused() -> None:
    data = base()
    for i in range(10):
        data = hostile.rewrite(data, f"xl/extra{i}.bin", lambda _: b"x")
    assert "phần, tối đa 12)" in refusal(data, limits=ss.Limits(parts=12))


def test_a_document_type_declaration_is_refused() -> None:
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><sst>&lol;</sst>'
    data = hostile.rewrite(base(), "xl/sharedStrings.xml", lambda _: laughs)
    assert "khai báo DTD, không được chấp nhận" in refusal(data)


def test_a_file_too_large_is_refused_without_reading_it_all() -> None:
    assert (
        refusal(base(), limits=ss.Limits(file_bytes=2048))
        == "Tệp “tep.xlsx”: lớn hơn 2 KB; hãy chia nhỏ tệp."
    )


def test_a_file_that_is_not_xlsx_by_name_is_refused() -> None:
    assert refusal(base(), name="tep.xls") == "Tệp “tep.xls”: không phải tệp Excel .xlsx."


# --- writing ------------------------------------------------------------------------------

TEXTS = [
    "- Đã triển khai Kế hoạch số 12/KH-UBND",
    "=SUM(A1:A3)",
    "+84 912 345 678",
    "@mention",
    "dòng 1\r\ndòng 2\ttab",
    "ký tự điều khiển \x0b giữa",
    "_x0041_ giữ nguyên",
    '=HYPERLINK("http://x","bấm")',
]


def written() -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row, text in enumerate(TEXTS, start=1):
        ss.write_cell(ws, row, 1, text)
        ss.write_cell(ws, row, 2, row * 1.5)
    return ss.workbook_bytes(wb)


def test_user_text_round_trips_exactly_and_numbers_stay_numbers() -> None:
    rows = list(ss.open_workbook(written(), "tep.xlsx", SMALL).rows("Sheet"))
    assert [r[1][0] for r in rows] == TEXTS
    assert [r[1][1] for r in rows] == [1.5, 3, 4.5, 6, 7.5, 9, 10.5, 12]


def test_user_text_is_never_a_formula_and_is_marked_as_text() -> None:
    data = written()
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet
    ws = load_workbook(io.BytesIO(data)).active
    assert ws is not None
    for row in range(1, len(TEXTS) + 1):
        cell = ws.cell(row, 1)
        assert cell.data_type == "s" and cell.quotePrefix, row


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+84", "'+84"),
        ("-5 đơn vị", "'-5 đơn vị"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Bình thường", "Bình thường"),
        (-5, "-5"),
        (None, ""),
    ],
)
def test_csv_cells_that_look_like_formulas_get_an_apostrophe(value: object, expected: str) -> None:
    assert ss.csv_cell(value) == expected


def test_csv_bytes_are_utf8_with_a_bom_and_neutralised() -> None:
    data = ss.csv_bytes([["Lỗi", "=cmd|' /C calc'!A0"]])
    assert data == "\ufeffLỗi,'=cmd|' /C calc'!A0\r\n".encode()


# --- CSV reading --------------------------------------------------------------------------


def csv_refusal(content: bytes) -> str:
    with pytest.raises(ss.SpreadsheetError) as exc:
        list(ss.read_csv(content, "so-lieu.csv", SMALL))
    return " ".join(exc.value.messages)


def test_a_csv_field_over_131072_characters_is_a_broken_file_not_a_crash() -> None:
    text = csv_refusal(b"a,b\n1," + b"x" * 140_000 + b"\n")
    assert text == (
        "Tệp “so-lieu.csv”: tệp hỏng hoặc không đúng định dạng "
        "(gần dòng 2; một ô quá dài hoặc sai dấu ngoặc kép)."
    )


def test_a_csv_field_longer_than_excel_allows_is_refused_with_its_cell() -> None:
    assert "dòng 2, cột B: ô dài 40.000 ký tự" in csv_refusal(b"a,b\n1," + b"x" * 40_000 + b"\n")


def test_a_csv_with_a_nul_byte_or_not_utf8_is_refused() -> None:
    assert "tệp hỏng hoặc không đúng định dạng" in csv_refusal(b"a,b\n1,\0\n")
    assert "bảng mã UTF-8" in csv_refusal("a,b\nđ,1\n".encode("cp1258"))


# --- garbage in, a Vietnamese message out ---------------------------------------------------

BASE = base()


def read_all(data: bytes) -> None:
    book = ss.open_workbook(data, "tep.xlsx", SMALL)
    for sheet in book.sheetnames:
        list(book.rows(sheet))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(BASE) - 1), st.binary(min_size=1, max_size=8), st.booleans())
def test_a_damaged_workbook_is_read_or_refused_in_vietnamese_never_crashes(
    at: int, noise: bytes, cut: bool
) -> None:
    data = BASE[:at] if cut else BASE[:at] + noise + BASE[at + len(noise) :]
    try:
        read_all(data)
    except ss.SpreadsheetError as exc:
        assert all(m.startswith("Tệp “tep.xlsx”") for m in exc.messages)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_as_csv_are_read_or_refused_in_vietnamese(content: bytes) -> None:
    try:
        list(ss.read_csv(content, "so-lieu.csv", SMALL))
    except ss.SpreadsheetError as exc:
        assert all(m.startswith("Tệp “so-lieu.csv”") for m in exc.messages)
