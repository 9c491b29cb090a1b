"""One verdict per target, from hand-made progress and forecasts (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dieuhanh.indicators.figures import TargetRow
from dieuhanh.indicators.forecast import Projection
from dieuhanh.indicators.models import Indicator
from dieuhanh.indicators.progress import Progress
from dieuhanh.plans.models import Target
from dieuhanh.steering.verdicts import target_verdict

ON = dt.date(2026, 11, 23)
ANNUAL: list[tuple[int, float | None]] = [
    (2021, 19.0),
    (2022, 21.0),
    (2023, 22.5),
    (2024, 24.0),
    (2025, 25.2),
]


def _row(
    *,
    status: str | None,
    probability: float | None,
    projected: float = 26.6,
    band: tuple[float, float] = (24.1, 29.04),
    current_year: int = 2025,
    decimals: int = 1,
    indicator: bool = True,
) -> TargetRow:
    target = Target(code="CT-KTS", name="Kinh tế số", value=Decimal("30"), horizon_year=2030, comparator=">=")
    ind = Indicator(code="KTS", name="Tỷ trọng kinh tế số", unit_of_measure="%", decimals=decimals)
    progress = Progress(
        status=status,
        method="opensdg",
        reason="",
        base_year=2021,
        base_value=19.0,
        current_year=current_year,
        current_value=25.2,
        target=30.0,
        target_year=2030,
    )
    projection = (
        Projection(
            at=2030.5,
            value=projected,
            low=band[0],
            high=band[1],
            probability=probability,
            slope_per_year=1.5,
            band=[],
            points=5,
        )
        if probability is not None
        else None
    )
    return TargetRow(target, ind if indicator else None, ANNUAL, progress, projection)


def test_a_target_on_track_by_its_growth_but_almost_sure_to_miss_by_the_forecast_is_at_risk_not_green() -> (
    None
):
    verdict = target_verdict(_row(status="on_track", probability=0.03), on=ON)
    assert verdict.code == "at_risk"
    assert verdict.label == "Có nguy cơ không đạt"
    assert verdict.needs_attention


def test_both_signals_bad_and_one_off_track_make_the_target_off_track() -> None:
    assert (
        target_verdict(_row(status="progress_needs_acceleration", probability=0.05), on=ON).code
        == "off_track"
    )
    assert target_verdict(_row(status="deterioration", probability=0.3), on=ON).code == "off_track"


def test_two_good_signals_make_the_target_on_track() -> None:
    verdict = target_verdict(_row(status="on_track", probability=0.8), on=ON)
    assert verdict.code == "on_track" and not verdict.needs_attention


def test_one_signal_alone_decides() -> None:
    assert target_verdict(_row(status=None, probability=0.3), on=ON).code == "at_risk"
    assert target_verdict(_row(status="limited_progress", probability=None), on=ON).code == "off_track"
    assert target_verdict(_row(status=None, probability=None), on=ON).code == "insufficient_data"


def test_a_reached_target_is_achieved() -> None:
    verdict = target_verdict(_row(status="target_achieved", probability=0.99), on=ON)
    assert verdict.code == "achieved"
    assert verdict.reasons == ("năm 2025 đạt 25,2 %, đã đạt chỉ tiêu 30 %",)


def test_a_target_without_indicator_or_values_has_insufficient_data() -> None:
    assert target_verdict(_row(status="on_track", probability=0.9, indicator=False), on=ON).code == (
        "insufficient_data"
    )


def test_stale_data_gives_insufficient_data_and_says_which_year_is_missing() -> None:
    verdict = target_verdict(_row(status="on_track", probability=0.9, current_year=2022), on=ON)
    assert verdict.code == "insufficient_data"
    assert "chưa có số liệu năm 2025 (số liệu mới nhất năm 2022)" in verdict.reasons


def test_the_reasons_say_the_trend_the_projection_and_the_target_in_vietnamese() -> None:
    verdict = target_verdict(_row(status="progress_needs_acceleration", probability=0.04), on=ON)
    assert verdict.reasons == (
        "tăng trưởng bình quân 2021–2025 (phương pháp Open SDG): cần đẩy nhanh",
        "theo xu hướng 2021–2025 sẽ đạt 26,6 % năm 2030, thấp hơn chỉ tiêu 30 %; xác suất đạt 4 %",
    )
    assert verdict.summary.startswith("Tăng trưởng bình quân") and verdict.summary.endswith("4 %.")


@pytest.mark.parametrize(("decimals", "text"), [(0, "1,7 (0,8 – 2,4) %"), (2, "1,70 (0,80 – 2,40) %")])
def test_the_forecast_figures_are_formatted_once_with_at_least_one_decimal(decimals: int, text: str) -> None:
    row = _row(status="on_track", probability=0.6, projected=1.7, band=(0.8, 2.4), decimals=decimals)
    forecast = target_verdict(row, on=ON).forecast
    assert forecast is not None and forecast.text == text


def test_a_rank_target_is_met_from_below() -> None:
    row = _row(status="on_track", probability=0.95, projected=12.7, band=(11.8, 13.6))
    rank = Target(code="CT-PCI", name="Xếp hạng", value=Decimal("20"), horizon_year=2030, comparator="top")
    row = TargetRow(rank, row.indicator, row.annual, row.progress, row.projection)
    verdict = target_verdict(row, on=ON)
    assert "sẽ đạt 12,7 % năm 2030, đạt chỉ tiêu nhóm 20 dẫn đầu" in verdict.reasons[1]


def test_a_rank_reads_as_a_whole_place_before_its_number() -> None:
    row = _row(status="on_track", probability=0.95, projected=12.7, band=(11.8, 13.6))
    rank = Target(code="CT-PCI", name="Xếp hạng", value=Decimal("20"), horizon_year=2030, comparator="top")
    place = Indicator(code="PCI", name="Xếp hạng PCI", unit_of_measure="hạng", decimals=0)
    row = TargetRow(rank, place, row.annual, row.progress, row.projection)
    verdict = target_verdict(row, on=ON)
    assert "sẽ đứng hạng 13 năm 2030, đạt chỉ tiêu nhóm 20 dẫn đầu" in verdict.reasons[1]
    assert verdict.forecast is not None and verdict.forecast.text == "hạng 13 (12 – 14)"


def _judged(level: int, judge: str = "lead"):  # type: ignore[no-untyped-def]
    from dieuhanh.steering.models import Confidence

    return Confidence(judge=judge, level=level, reason="")


def test_a_target_on_track_whose_lead_says_it_will_hardly_be_reached_is_at_risk_and_says_why() -> None:
    verdict = target_verdict(_row(status="on_track", probability=0.9), on=ON, confidence=_judged(4))
    assert verdict.code == "at_risk"
    assert verdict.reasons[-1] == "đơn vị chủ trì đánh giá “khó đạt”"


def test_a_confident_lead_does_not_turn_a_target_off_track_by_both_measures_green(world, reporting) -> None:  # type: ignore[no-untyped-def]
    verdict = target_verdict(
        _row(status="deterioration", probability=0.02), on=ON, confidence=_judged(1, "centre")
    )
    assert verdict.code == "at_risk"  # one good signal against bad ones: a leader should look
    # The centre is named as the province record has it: here its monthly regime's receiving body.
    assert verdict.reasons[-1] == "Sở Khoa học và Công nghệ đánh giá “chắc chắn đạt”"


def test_a_target_without_a_judgement_keeps_its_measured_verdict() -> None:
    assert target_verdict(_row(status="on_track", probability=0.9), on=ON).code == "on_track"


def test_an_index_reads_as_a_bare_number_in_the_reasons() -> None:
    # HDI is written "0,781", never "0,781 chỉ số" (eight tenths of an indicator).
    row = _row(status="progress_needs_acceleration", probability=0.2, projected=0.781, band=(0.76, 0.8))
    goal = Target(code="CT-HDI", name="HDI", value=Decimal("0.8"), horizon_year=2030, comparator=">=")
    hdi = Indicator(code="HDI", name="Chỉ số phát triển con người", unit_of_measure="chỉ số", decimals=3)
    verdict = target_verdict(TargetRow(goal, hdi, row.annual, row.progress, row.projection), on=ON)
    assert "sẽ đạt 0,781 năm 2030, thấp hơn chỉ tiêu 0,8;" in verdict.reasons[1]
    assert "chỉ số" not in " ".join(verdict.reasons)
