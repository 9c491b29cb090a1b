from __future__ import annotations

import datetime as dt

import pytest

from dieuhanh.core.dates import DateError, parse_date
from dieuhanh.core.spreadsheets import cell_date, cell_text


def test_a_date_is_read_as_typed_or_as_iso_and_a_blank_is_none():
    assert parse_date(" 30/06/2025 ") == dt.date(2025, 6, 30)
    assert parse_date("2025-06-30") == dt.date(2025, 6, 30)
    assert parse_date("  ") is None


def test_an_impossible_date_gets_one_vietnamese_message():
    with pytest.raises(DateError) as caught:
        parse_date("31/02/2025")
    assert str(caught.value) == (
        "ngày “31/02/2025” không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 30/06/2025)."
    )
    assert caught.value.sentence().startswith("Ngày “31/02/2025”")


def test_a_cell_is_read_as_a_date_whether_excel_stored_a_date_or_text():
    assert cell_date(dt.datetime(2025, 6, 30, 0, 0)) == dt.date(2025, 6, 30)
    assert cell_date(dt.date(2025, 6, 30)) == dt.date(2025, 6, 30)
    assert cell_date("30/06/2025") == dt.date(2025, 6, 30)
    assert cell_date(None) is None
    with pytest.raises(DateError):
        cell_date(45838.0)  # a number is not a date


def test_a_cell_is_read_as_text_the_way_the_person_typed_it():
    assert cell_text(dt.datetime(2025, 6, 30)) == "30/06/2025"
    assert cell_text(dt.datetime(2025, 6, 30, 8, 5)) == "30/06/2025 08:05"
    assert cell_text(202504.0) == "202504"
    assert cell_text(1.5) == "1.5"
    assert cell_text(None) == ""
