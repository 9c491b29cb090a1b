from decimal import Decimal

import pytest

from dieuhanh.core.text import fold, format_number


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
