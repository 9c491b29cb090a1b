from __future__ import annotations

import math

import pytest

from dieuhanh.core.periods import Period, PeriodError
from dieuhanh.indicators.forecast import project
from dieuhanh.indicators.warnings import anomaly_reason, latest_anomaly, robust_z


def line(slope: float, n: int = 24, noise: float = 0.3) -> list[tuple[float, float]]:
    wiggle = [math.sin(i * 1.7) * noise for i in range(n)]
    return [(2022 + i / 12, 50 + slope * i / 12 + wiggle[i]) for i in range(n)]


def test_a_rising_trend_is_projected_with_a_band_around_it() -> None:
    p = project(line(5.0), at=2030.5, target=80.0, direction="positive")
    assert p is not None
    assert p.value == pytest.approx(50 + 5 * (2030.5 - 2022), abs=1.0)
    assert p.low < p.value < p.high
    # The trend ends 12,5 above the target, but the calibrated model never states certainty: even
    # a share of 1 − 1/8000 of draws goes through σ(0,484·logit) to σ(0,484 × 8,99) ≈ 0,987.
    assert p.probability is not None and 0.9 < p.probability < 0.99


def test_the_probability_falls_when_the_trend_misses_the_target() -> None:
    p = project(line(1.0), at=2030.5, target=80.0, direction="positive")
    assert p is not None and p.probability is not None and p.probability < 0.05
    q = project(line(3.5), at=2030.5, target=p.value + 20, direction="positive")
    near = project(line(3.5), at=2030.5, target=(q.value if q else 0), direction="positive")
    assert near is not None and 0.2 < (near.probability or 0) < 0.8


def test_a_decreasing_indicator_reaches_its_target_from_above() -> None:
    p = project(line(-4.0), at=2030.5, target=30.0, direction="negative")
    assert p is not None and p.probability is not None and p.probability > 0.95


def test_percentages_stay_between_0_and_100() -> None:
    p = project(line(9.0), at=2035.5, target=100.0, direction="positive", bounds=(0.0, 100.0))
    assert p is not None and p.high <= 100.0 and p.value == 100.0


def test_too_few_points_give_no_projection() -> None:
    assert project([(2024.5, 1.0), (2025.5, 2.0)], at=2030.5, target=3.0, direction="positive") is None


def test_the_projection_is_the_same_on_every_call() -> None:
    assert project(line(2.0), at=2030.5, target=70, direction="positive") == project(
        line(2.0), at=2030.5, target=70, direction="positive"
    )


def test_robust_z_uses_the_median_absolute_deviation() -> None:
    assert robust_z([1, 2, 3, 4, 5], 3) == 0
    assert robust_z([1, 2, 3, 4, 5], 13) == pytest.approx(0.6745 * 10 / 1)
    assert robust_z([2, 2, 2, 2, 3], 2) == 0  # MAD 0: falls back to the mean absolute deviation
    assert math.isinf(robust_z([2, 2, 2, 2], 5))


def test_a_steady_trend_is_not_an_anomaly_but_a_jump_is() -> None:
    steady = [100 + 10 * i + (i % 3) for i in range(24)]
    assert latest_anomaly(steady) is None
    jump = [*steady[:-1], steady[-2] + 200]
    found = latest_anomaly(jump)
    assert found is not None and found.z > 3.5
    reason = anomaly_reason(found, unit_of_measure="hồ sơ", period_label="Tháng 10/2026")
    assert reason.startswith("Tháng 10/2026: tăng 200 hồ sơ so với kỳ trước")
    assert "vượt ngưỡng 3,5" in reason


def test_a_short_history_is_not_judged() -> None:
    assert latest_anomaly([1, 2, 3, 50]) is None


@pytest.mark.parametrize(
    ("code", "label", "months"),
    [
        ("202504", "Tháng 4/2025", 1),
        ("2025Q2", "Quý II/2025", 3),
        ("2025S1", "6 tháng đầu năm 2025", 6),
        ("2025", "Năm 2025", 12),
    ],
)
def test_periods_read_dhis2_codes(code: str, label: str, months: int) -> None:
    p = Period.parse(code)
    assert p.code == code and p.label() == label
    assert len(p.parts("M")) == months


def test_periods_shift_across_years_and_refuse_bad_codes() -> None:
    assert Period.parse("202501").shift(-1).code == "202412"
    assert Period.parse("2025Q1").shift(-1).code == "2024Q4"
    assert Period.parse("2024S2").end.isoformat() == "2024-12-31"
    with pytest.raises(PeriodError, match="không hợp lệ"):
        Period.parse("202513")
    with pytest.raises(PeriodError):
        Period.parse("2025W3")


def test_a_percentage_changes_in_percentage_points_and_the_usual_change_says_its_direction() -> None:
    # 20, 21, 22 … 27 % then 35 %: the usual change is +1 point, the last one +8 points.
    found = latest_anomaly([20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 35.0])
    assert found is not None
    reason = anomaly_reason(found, unit_of_measure="%", period_label="Năm 2025")
    assert reason.startswith(
        "Năm 2025: tăng 8 điểm % so với kỳ trước (từ 27 % lên 35 %), "
        "trong khi mức thay đổi thường gặp là tăng 1 điểm %"
    )


def test_a_wobble_within_a_tenth_of_a_very_regular_change_is_not_an_anomaly() -> None:
    # +3 every year, then +3,2: robust z is infinite (no spread at all), the change is not unusual.
    assert latest_anomaly([10.0, 13.0, 16.0, 19.0, 22.0, 25.0, 28.0, 31.2]) is None
    assert latest_anomaly([10.0, 13.0, 16.0, 19.0, 22.0, 25.0, 28.0, 34.0]) is not None
