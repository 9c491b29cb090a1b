from __future__ import annotations

import json
from pathlib import Path

import pytest

from dieuhanh.indicators.progress import assess_progress

EXAMPLES = Path("/work/shared/contracts/progress-examples.json")
if not EXAMPLES.exists():  # the repository's own copy when the shared folder is absent
    EXAMPLES = Path(__file__).parent / "data" / "progress-examples.json"


def _cases() -> list[dict]:
    return json.loads(EXAMPLES.read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", _cases(), ids=lambda c: f"{c['direction']}-{c['expected']}")
def test_it_gives_open_sdg_s_own_status_for_every_contract_example(case: dict) -> None:
    series = [(p["year"], p["value"]) for p in case["series"]]
    result = assess_progress(
        series,
        base_year=case["base_year"],
        target_year=case["target_year"],
        target=case["target"],
        direction=case["direction"],
        method="opensdg",
    )
    assert result.status == case["expected"]


def assess(series, **kw):  # type: ignore[no-untyped-def]
    defaults = {"base_year": 2020, "target_year": 2030, "target": None, "direction": "positive"}
    return assess_progress(series, **{**defaults, **kw})


def test_a_missing_base_year_moves_to_the_first_year_after_it() -> None:
    result = assess([(2022, 10.0), (2024, 20.0)], base_year=2020, target=30.0)
    assert result.base_year == 2022
    assert result.status == "on_track"


def test_a_base_year_after_the_latest_value_cannot_be_assessed() -> None:
    result = assess([(2019, 10.0), (2020, 11.0)], base_year=2021, target=30.0)
    assert result.status is None
    assert "sau năm có số liệu mới nhất" in result.reason


def test_a_single_year_of_data_cannot_be_assessed() -> None:
    assert assess([(2024, 10.0)], base_year=2024).status is None
    assert assess([], base_year=2024).status is None


def test_gaps_and_missing_values_are_skipped() -> None:
    result = assess([(2020, 10.0), (2021, None), (2022, float("nan")), (2025, 14.0)], target=None)
    assert result.current_year == 2025
    assert result.status == "on_track"  # CAGR ≈ 6.96 %/yr ≥ 1.5 %


def test_a_zero_target_is_replaced_by_a_thousandth() -> None:
    # Decreasing to zero: required growth is computed towards 0.001, not a division by zero.
    result = assess([(2020, 10.0), (2024, 5.0)], target=0, direction="negative")
    assert result.target == 0.001
    assert result.status == "limited_progress"


def test_a_decreasing_indicator_reads_falls_as_progress() -> None:
    falling = [(2020, 100.0), (2021, 95.0), (2022, 90.0)]
    assert assess(falling, direction="negative").status == "on_track"
    assert assess(falling, direction="positive").status == "deterioration"


def test_a_decreasing_indicator_that_reached_its_target_is_achieved() -> None:
    assert (
        assess([(2020, 100.0), (2023, 40.0)], target=50.0, direction="negative").status == "target_achieved"
    )


def test_slow_progress_towards_a_target_needs_acceleration() -> None:
    # Needs 10 → 20 in 10 years (7.18 %/yr); achieved 5 %/yr → ratio 0.68.
    result = assess([(2020, 10.0), (2021, 10.5)], target=20.0)
    assert result.status == "progress_needs_acceleration"
    assert result.ratio == pytest.approx(0.05 / (2**0.1 - 1))


def test_a_zero_base_value_follows_numpy_like_open_sdg() -> None:
    assert assess([(2020, 0.0), (2021, 5.0)]).status == "on_track"  # +inf growth
    assert assess([(2020, 0.0), (2021, 5.0)], target=10.0).status is None  # inf / inf


def test_the_reason_is_vietnamese() -> None:
    result = assess([(2020, 10.0), (2021, 10.5)], target=20.0)
    assert "Tăng trưởng bình quân thực tế" in result.reason
    assert result.label == "Cần đẩy nhanh"
