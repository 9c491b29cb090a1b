"""The admin's history pages write old and new values in Vietnamese, not as Python prints them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from dieuhanh.core.history_admin import vietnamese_value


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "(trống)"),
        ("", "(trống)"),
        (True, "Có"),
        (False, "Không"),
        (1.11, "1,11"),
        (Decimal("1234.5"), "1.234,5"),
        (2021, 2021),  # a year, not "2.021"
        (dt.date(2025, 6, 30), "30/06/2025"),
        ("Đã nộp", "Đã nộp"),
    ],
)
def test_a_changed_value_is_written_the_vietnamese_way(value: object, shown: object) -> None:
    assert vietnamese_value(value) == shown


def test_a_moment_is_written_in_vietnam_time() -> None:
    # 17:28 UTC is 00:28 the next day in Hà Nội (UTC+7).
    moment = dt.datetime(2026, 12, 2, 17, 28, tzinfo=dt.UTC)
    with timezone.override("Asia/Ho_Chi_Minh"):
        assert vietnamese_value(moment) == "03/12/2026 00:28"
