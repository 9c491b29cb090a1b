"""Charts always show their target: the value axis reaches the target line even when the data
stays below it, and changes of percentages read in percentage points."""

from __future__ import annotations

from typing import Any

from dieuhanh.core.text import change_unit
from dieuhanh.indicators.charts import value_axis
from dieuhanh.indicators.warnings import Anomaly, anomaly_reason


def _chart(series: list[float], target: float, band: list[tuple[float, float]]) -> dict[str, Any]:
    return {
        "series": [[f"{2021 + i}-07-02", v] for i, v in enumerate(series)],
        "band": [[f"{2026 + i}-07-02", (lo + hi) / 2, lo, hi] for i, (lo, hi) in enumerate(band)],
        "target": {"value": target, "year": 2030, "label": "CT"},
    }


def test_the_digital_economy_axis_reaches_the_30_percent_target_above_27_percent() -> None:
    # The demo's share of the digital economy: 23,0 → 27,0 % by 2025, target 30 % in 2030; the
    # band stays under the target. Range by hand: 23,0 to 30,0, margin 8 % of 7,0 = 0,56, so
    # 22,44–30,56; a span of 8,12 goes in steps of 1: 22–31.
    chart = _chart([23.0, 24.1, 25.0, 26.2, 27.0], 30.0, [(26.0, 28.5), (26.5, 29.5)])
    axis = value_axis(chart)
    assert axis == {"min": 22.0, "max": 31.0, "interval": 1.0}
    assert axis["min"] < 27.0 < 30.0 < axis["max"]


def test_the_hdi_axis_reaches_the_0_8_target_above_0_79() -> None:
    # HDI 0,770 → 0,790, target 0,8 without a band: 0,770 to 0,800, margin 8 % of 0,03 = 0,0024,
    # so 0,7676–0,8024; a span of 0,0348 goes in steps of 0,01: 0,76–0,81.
    chart = _chart([0.770, 0.775, 0.781, 0.786, 0.790], 0.8, [])
    axis = value_axis(chart)
    assert axis == {"min": 0.76, "max": 0.81, "interval": 0.01}


def test_a_target_below_the_data_is_inside_the_axis_too() -> None:
    chart = _chart([12.0, 11.0, 10.0], 8.0, [])  # a falling rate with a target of at most 8
    axis = value_axis(chart)
    assert axis is not None and axis["min"] < 8.0 and axis["max"] > 12.0


def test_the_axis_ends_on_round_figures_in_steps_of_one_two_or_five() -> None:
    from dieuhanh.indicators.charts import nice_range

    assert nice_range(8.94, 31.56) == {"min": 5.0, "max": 35.0, "interval": 5.0}  # span 22,6: steps of 5
    assert nice_range(0.0, 108.0) == {"min": 0.0, "max": 120.0, "interval": 20.0}  # span 108: steps of 20
    assert nice_range(3.0, 3.0) == {"min": 3.0, "max": 3.0}


def test_a_change_of_a_percentage_is_in_percentage_points() -> None:
    assert change_unit("%") == "điểm %"
    assert change_unit("% GRDP") == "điểm % GRDP"
    assert change_unit("hồ sơ") == "hồ sơ"
    assert change_unit("") == ""


def test_the_anomaly_text_of_a_share_of_grdp_speaks_of_points() -> None:
    found = Anomaly(z=4.2, latest=27.0, previous=24.0, typical_change=1.5)
    text = anomaly_reason(found, unit_of_measure="% GRDP", period_label="Năm 2025")
    assert text == (
        "Năm 2025: tăng 3 điểm % GRDP so với kỳ trước (từ 24 % GRDP lên 27 % GRDP), "
        "trong khi mức thay đổi thường gặp là tăng 1,5 điểm % GRDP; điểm z bền vững 4,2 vượt ngưỡng 3,5."
    )


def test_the_anomaly_text_of_an_index_has_no_unit_word_and_a_rank_reads_as_a_place() -> None:
    index = anomaly_reason(
        Anomaly(z=4.0, latest=0.79, previous=0.75, typical_change=0.01),
        unit_of_measure="chỉ số",
        period_label="Năm 2025",
    )
    assert "(từ 0,75 lên 0,79)" in index and "chỉ số" not in index
    rank = anomaly_reason(
        Anomaly(z=4.0, latest=10.0, previous=22.0, typical_change=-1.0),
        unit_of_measure="hạng",
        period_label="Năm 2025",
    )
    assert "(từ hạng 22 xuống hạng 10)" in rank
