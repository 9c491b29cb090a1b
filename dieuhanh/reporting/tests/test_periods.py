import datetime as dt

import pytest

from dieuhanh.reporting.periods import period_bounds, period_numbers_between

D = dt.date


@pytest.mark.parametrize(
    ("frequency", "number", "label", "starts", "ends", "due"),
    [
        ("monthly", 6, "Tháng 6/2025", D(2025, 5, 15), D(2025, 6, 14), D(2025, 6, 15)),
        ("monthly", 1, "Tháng 1/2025", D(2024, 12, 15), D(2025, 1, 14), D(2025, 1, 15)),
        ("quarterly", 2, "Quý II/2025", D(2025, 3, 15), D(2025, 6, 14), D(2025, 6, 15)),
        ("half_yearly", 1, "6 tháng đầu năm 2025", D(2024, 12, 15), D(2025, 6, 14), D(2025, 6, 15)),
        ("half_yearly", 2, "6 tháng cuối năm 2025", D(2025, 6, 15), D(2025, 12, 14), D(2025, 12, 15)),
        ("yearly", 1, "Năm 2025", D(2024, 12, 15), D(2025, 12, 14), D(2025, 12, 15)),
    ],
)
def test_periods_cut_off_on_the_14th_as_decree_09_2019_says(frequency, number, label, starts, ends, due):
    bounds = period_bounds(frequency=frequency, year=2025, number=number)
    assert (bounds.label, bounds.starts_on, bounds.ends_on, bounds.due_on) == (label, starts, ends, due)


def test_a_due_day_past_the_months_end_falls_on_its_last_day():
    assert period_bounds(frequency="monthly", year=2025, number=2, due_day=31).due_on == D(2025, 2, 28)


def test_a_period_number_out_of_range_is_refused_in_vietnamese():
    with pytest.raises(ValueError, match="Kỳ số 5 không hợp lệ"):
        period_bounds(frequency="quarterly", year=2025, number=5)


def test_it_lists_the_quarters_due_between_two_dates():
    assert period_numbers_between(frequency="quarterly", first=D(2025, 2, 1), last=D(2025, 12, 31)) == [
        (2025, 1),
        (2025, 2),
        (2025, 3),
        (2025, 4),
    ]


def test_every_kind_of_period_is_labelled_one_way_for_data_and_for_reports() -> None:
    from dieuhanh.core.periods import Period
    from dieuhanh.reporting.models import Frequency
    from dieuhanh.reporting.periods import period_label

    expected = {
        (Frequency.MONTHLY, "M", 6): "Tháng 6/2025",
        (Frequency.QUARTERLY, "Q", 2): "Quý II/2025",
        (Frequency.HALF_YEARLY, "S", 1): "6 tháng đầu năm 2025",
        (Frequency.YEARLY, "Y", 1): "Năm 2025",
    }
    for (frequency, kind, number), label in expected.items():
        assert period_label(frequency, 2025, number) == label
        assert Period(kind, 2025, number).label() == label
