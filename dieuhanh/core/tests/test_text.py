from decimal import Decimal

import pytest

from dieuhanh.core.text import change_unit, fold, format_number, with_unit


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234.5, None, "1.234,5"),
        (1717420, None, "1.717.420"),
        (Decimal("0.8"), None, "0,8"),
        (12, 1, "12,0"),
        (None, None, "—"),
        (-1234567.891, 2, "-1.234.567,89"),
    ],
)
def test_it_formats_numbers_the_vietnamese_way(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_it_folds_diacritics_and_d_bar_for_search():
    assert fold("Sở Khoa học và Công nghệ ĐÀ") == "so khoa hoc va cong nghe da"
    assert fold("Hải Dương") == fold("HAI DUONG")


@pytest.mark.parametrize(
    ("figure", "unit", "expected"),
    [
        ("26,6", "%", "26,6 %"),
        ("13", "hạng", "hạng 13"),
        ("0,8", "chỉ số", "0,8"),  # an index is a bare number, not eight tenths of an indicator
        ("0,8", "index", "0,8"),
        ("2", "đô thị", "2 đô thị"),
        ("5", "", "5"),
    ],
)
def test_a_figure_takes_its_unit_as_vietnamese_writes_it(figure: str, unit: str, expected: str) -> None:
    assert with_unit(figure, unit) == expected


def test_a_change_of_an_index_has_no_unit_either() -> None:
    assert change_unit("chỉ số") == ""
