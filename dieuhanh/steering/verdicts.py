"""One verdict per target: the only place that says whether a target will be reached.

It combines what the lower layers measure — the Open SDG progress status (indicators.progress),
the forecast's probability of reaching the target (indicators.forecast) and how fresh the data
is — into one of five verdicts with the reasons in Vietnamese. Every page, the warnings, the
synthesis and the API read this verdict, so a target is never green and "at risk" at once.

The rule: each signal is graded good (0), at risk (1) or off track (2). With one signal, the
verdict is its grade. With two, off track needs both signals to be at least at risk and one of
them off track; one bad signal against a good one makes the target at risk, since the methods
disagree and a leader should look.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from dieuhanh.core.text import RANK, format_number, with_unit
from dieuhanh.indicators.figures import TargetRow, target_rows_of
from dieuhanh.indicators.forecast import Projection
from dieuhanh.indicators.models import Indicator
from dieuhanh.indicators.progress import Progress
from dieuhanh.plans.models import Target
from dieuhanh.steering.lists import latest_target_levels
from dieuhanh.steering.models import Confidence

LABELS = {
    "achieved": "Đã đạt",
    "on_track": "Đúng tiến độ",
    "at_risk": "Có nguy cơ không đạt",
    "off_track": "Chậm, khó đạt",
    "insufficient_data": "Chưa đủ số liệu",
}
TONES = {
    "achieved": "ok",
    "on_track": "ok",
    "at_risk": "warn",
    "off_track": "bad",
    "insufficient_data": "muted",
}
GRADES = ("on_track", "at_risk", "off_track")
# Open SDG's statuses graded like the forecast's probability.
PROGRESS_GRADE = {"on_track": 0, "progress_needs_acceleration": 1, "limited_progress": 2, "deterioration": 2}
ON_TRACK_PROBABILITY = 0.5  # at least an even chance of reaching the target
OFF_TRACK_PROBABILITY = 0.1
# An annual series whose latest year is older than this many years before today is stale.
STALE_AFTER_YEARS = 2


@dataclass(frozen=True)
class Forecast:
    """The forecast's figures, formatted once for every page: "26,6 (24,1 – 29,0) %"."""

    year: int
    value: str
    low: str
    high: str
    unit: str
    probability: float | None

    @property
    def text(self) -> str:
        if self.unit == RANK:
            return f"hạng {self.value} ({self.low} – {self.high})"
        return f"{self.value} ({self.low} – {self.high}) {self.unit}".strip()


@dataclass(frozen=True)
class Verdict:
    code: str
    reasons: tuple[str, ...]
    probability: float | None
    forecast: Forecast | None = None

    @property
    def label(self) -> str:
        return LABELS[self.code]

    @property
    def tone(self) -> str:
        return TONES[self.code]

    @property
    def needs_attention(self) -> bool:
        return self.code in ("at_risk", "off_track")

    @property
    def summary(self) -> str:
        """The reasons as one Vietnamese sentence."""
        if not self.reasons:
            return ""
        text = "; ".join(self.reasons)
        return text[0].upper() + text[1:] + "."


def figure(value: float, indicator: Indicator) -> str:
    """A forecast or current figure with the indicator's decimals, at least one: 1,7 not 2;
    a rank is a whole place (hạng 13, not hạng 12,7)."""
    decimals = 0 if indicator.unit_of_measure == RANK else max(indicator.decimals, 1)
    return format_number(round(value, decimals), decimals)


# The five-point judgement of delivery graded like the other signals: 1–2 good, 3 at risk, 4–5 off.
CONFIDENCE_GRADE = {1: 0, 2: 0, 3: 1, 4: 2, 5: 2}


def target_verdict(row: TargetRow, *, on: dt.date, confidence: Confidence | None = None) -> Verdict:
    """The verdict on one target as of `on`, from its indicator's progress and forecast, and
    the judgement of delivery (the lead unit's, else the Sở's) when one is recorded."""
    verdict = _measured_verdict(row, on=on)
    if confidence is None or verdict.code in ("achieved", "insufficient_data"):
        return verdict
    who = "đơn vị chủ trì" if confidence.judge == "lead" else confidence.judge_label
    reason = f"{who} đánh giá “{confidence.get_level_display().lower()}”"
    grades = [GRADES.index(verdict.code), CONFIDENCE_GRADE[confidence.level]]
    code = GRADES[_combine(grades)]
    return Verdict(code, (*verdict.reasons, reason), verdict.probability, verdict.forecast)


def _measured_verdict(row: TargetRow, *, on: dt.date) -> Verdict:
    indicator, progress, projection = row.indicator, row.progress, row.projection
    if indicator is None:
        return Verdict("insufficient_data", ("chỉ tiêu chưa gắn chỉ số để theo dõi",), None)
    if progress is None or progress.current_value is None or progress.current_year is None:
        return Verdict("insufficient_data", ("chưa có số liệu của chỉ số",), None)
    forecast = _forecast(row, indicator, projection)
    probability = projection.probability if projection else None
    if progress.status == "target_achieved":
        return Verdict("achieved", (_achieved_reason(row, indicator, progress),), probability, forecast)
    reasons = [r for r in (_progress_reason(progress), _forecast_reason(row, forecast)) if r]
    stale = progress.current_year < on.year - STALE_AFTER_YEARS
    missing = _missing_year_reason(progress, on)
    if missing:
        reasons.append(missing)
    grades = [
        g
        for g in (PROGRESS_GRADE.get(progress.status or ""), _probability_grade(probability))
        if g is not None
    ]
    if stale or not grades:
        return Verdict("insufficient_data", tuple(reasons), probability, forecast)
    return Verdict(GRADES[_combine(grades)], tuple(reasons), probability, forecast)


def _combine(grades: list[int]) -> int:
    if len(grades) == 1:
        return grades[0]
    if min(grades) >= 1:
        return max(grades)
    return 1 if max(grades) >= 1 else 0


def _probability_grade(probability: float | None) -> int | None:
    if probability is None:
        return None
    if probability >= ON_TRACK_PROBABILITY:
        return 0
    return 1 if probability >= OFF_TRACK_PROBABILITY else 2


def _forecast(row: TargetRow, indicator: Indicator, projection: Projection | None) -> Forecast | None:
    if projection is None:
        return None
    return Forecast(
        year=row.target.horizon_year,
        value=figure(projection.value, indicator),
        low=figure(projection.low, indicator),
        high=figure(projection.high, indicator),
        unit=indicator.unit_of_measure,
        probability=projection.probability,
    )


def _goal(row: TargetRow, indicator: Indicator) -> str:
    """The target as written: 30 % stays 30 %, 0,8 stays 0,8."""
    if row.target.value is None:
        return ""
    goal = row.target.value.normalize()
    decimals = max(0, -int(goal.as_tuple().exponent))
    if row.target.comparator == "top":
        return f"nhóm {format_number(float(goal), decimals)} dẫn đầu"
    return with_unit(format_number(float(goal), decimals), indicator.unit_of_measure)


def _achieved_reason(row: TargetRow, indicator: Indicator, progress: Progress) -> str:
    current = with_unit(figure(progress.current_value or 0.0, indicator), indicator.unit_of_measure)
    return f"năm {progress.current_year} đạt {current}, đã đạt chỉ tiêu {_goal(row, indicator)}"


def _progress_reason(progress: Progress) -> str:
    if progress.status is None:
        return ""
    years = f"{progress.base_year}–{progress.current_year}" if progress.base_year else ""
    return f"tăng trưởng bình quân {years} (phương pháp Open SDG): {progress.label.lower()}"


def _forecast_reason(row: TargetRow, forecast: Forecast | None) -> str:
    if forecast is None or row.indicator is None:
        return ""
    years = [y for y, v in row.annual if v is not None]
    trend = f"theo xu hướng {years[0]}–{years[-1]}" if len(years) >= 2 else "theo xu hướng"
    reach = "sẽ đứng" if forecast.unit == RANK else "sẽ đạt"
    text = f"{trend} {reach} {with_unit(forecast.value, forecast.unit)} năm {forecast.year}"
    goal = _goal(row, row.indicator)
    if goal and row.target.value is not None and row.projection is not None:
        text += f", {_compare(row, row.projection.value)} chỉ tiêu {goal}"
    if forecast.probability is not None:
        text += f"; xác suất đạt {format_number(round(forecast.probability * 100))} %"
    return text


def _compare(row: TargetRow, projected: float) -> str:
    """How the projection stands against the target, in the target's own sense: a rank or a
    "không quá" target is met from below."""
    goal = float(row.target.value or 0)
    indicator = row.indicator
    if indicator is not None and figure(projected, indicator) == figure(goal, indicator):
        return "bằng"
    lower_is_better = row.target.comparator in ("<=", "<", "top") or (
        indicator is not None and indicator.direction == "negative"
    )
    if lower_is_better:
        return "đạt" if projected < goal else "chưa đạt"
    return "cao hơn" if projected > goal else "thấp hơn"


def _missing_year_reason(progress: Progress, on: dt.date) -> str:
    if progress.current_year is None or progress.current_year >= on.year - 1:
        return ""
    return f"chưa có số liệu năm {on.year - 1} (số liệu mới nhất năm {progress.current_year})"


# ---- standings: rows with their verdict ------------------------------------------------------------


@dataclass(frozen=True)
class TargetStanding(TargetRow):
    verdict: Verdict


def standings_of_rows(rows: list[TargetRow], *, on: dt.date) -> list[TargetStanding]:
    """The one verdict of each row, with the delivery confidence last judged for its target."""
    judged = latest_target_levels(on=on)
    return [
        TargetStanding(**vars(row), verdict=target_verdict(row, on=on, confidence=judged.get(row.target.pk)))
        for row in rows
    ]


def standings_of(*, targets: QuerySet[Target], on: dt.date) -> list[TargetStanding]:
    """The standings of `targets`, computed as for the register. Not scoped: the caller decides
    who may see them (`steering.selectors.target_standings`, or the published targets)."""
    return standings_of_rows(target_rows_of(targets=targets, on=on), on=on)
