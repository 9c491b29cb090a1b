"""Progress of a target: the Statistics Canada method used by Open SDG (sdg-build's
ProgressMeasure, 2023 methodology), reproduced exactly — see
../shared/contracts/progress.md.

Arithmetic is done in numpy float64 as sdg-build does on its pandas columns, so edge cases
behave the same: a zero base value gives ±inf growth, a negative value under a fractional
power gives NaN, and NaN falls through every threshold to "cannot be assessed" (None).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

STATUS_LABELS = {
    "target_achieved": "Đã đạt chỉ tiêu",
    "on_track": "Đúng tiến độ",
    "progress_needs_acceleration": "Cần đẩy nhanh",
    "limited_progress": "Tiến triển hạn chế",
    "deterioration": "Đi xuống",
    None: "Chưa đánh giá được",
}
THRESHOLDS_NO_TARGET = (0.015, 0.005, 0.0)
THRESHOLDS_TARGET = (0.95, 0.6, 0.0)
ZERO_TARGET = 0.001
NOT_APPLICABLE = (
    "Không tính được tăng trưởng bình quân (giá trị gốc bằng 0, giá trị âm, hoặc mục tiêu bằng giá trị gốc): "
    "phương pháp không áp dụng được cho chuỗi này."
)


@dataclass(frozen=True)
class Progress:
    status: str | None
    method: str
    reason: str  # why, in Vietnamese
    base_year: int | None = None
    base_value: float | None = None
    current_year: int | None = None
    current_value: float | None = None
    target: float | None = None
    target_year: int | None = None
    direction: str = "positive"
    observed_growth: float | None = None  # CAGR from base to current
    required_growth: float | None = None  # CAGR from base to target
    ratio: float | None = None  # observed / required, or the signed growth without a target

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def assess_progress(
    series: Iterable[tuple[int, float | None]],
    *,
    base_year: int,
    target_year: int,
    target: float | None,
    direction: str,
    method: str = "opensdg",
) -> Progress:
    if method != "opensdg":
        raise ValueError(f"Phương pháp đánh giá tiến độ không được hỗ trợ: {method}")
    if direction not in ("positive", "negative"):
        raise ValueError(f"Chiều tốt phải là positive hoặc negative, không phải {direction!r}")
    data = _clean(series)
    base = Progress(
        status=None, method=method, reason="", target=target, target_year=target_year, direction=direction
    )
    if not data:
        return _with(base, reason="Chưa có số liệu năm nào.")
    current_year = max(data)
    years = _pick_base_year(data, base_year)
    if years is None:
        return _with(base, reason=f"Năm gốc {base_year} sau năm có số liệu mới nhất ({current_year}).")
    base = _with(
        base,
        base_year=years,
        base_value=float(data[years]),
        current_year=current_year,
        current_value=float(data[current_year]),
    )
    if current_year - years < 1:
        return _with(base, reason="Cần số liệu của ít nhất hai năm (năm gốc và một năm sau đó).")
    if target is None:
        return _no_target(base, data[current_year], data[years])
    return _with_target(base, data[current_year], data[years], ZERO_TARGET if target == 0 else float(target))


def _clean(series: Iterable[tuple[int, float | None]]) -> dict[int, np.float64]:
    """Year → value, dropping missing values (sdg-build drops NA rows)."""
    out: dict[int, np.float64] = {}
    for year, value in series:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        out[int(year)] = np.float64(value)
    return out


def _pick_base_year(data: dict[int, np.float64], base_year: int) -> int | None:
    if base_year in data:
        return base_year
    later = [y for y in data if y > base_year]
    return min(later) if later else None


def _cagr(v1: float | np.float64, v0: np.float64, t1: float, t0: float) -> float:
    with np.errstate(all="ignore"):
        return float((np.float64(v1) / v0) ** (np.float64(1) / (np.float64(t1) - np.float64(t0))) - 1)


def _no_target(base: Progress, current: np.float64, start: np.float64) -> Progress:
    assert base.current_year is not None and base.base_year is not None
    growth = _cagr(current, start, base.current_year, base.base_year)
    value = -growth if base.direction == "negative" else growth
    status = _classify(value, THRESHOLDS_NO_TARGET)
    if status is None:
        return _with(base, observed_growth=growth, ratio=value, reason=NOT_APPLICABLE)
    reason = (
        f"Không có giá trị mục tiêu: tăng trưởng bình quân năm {_pct(growth)} "
        f"({base.base_year}–{base.current_year}), ngưỡng đúng tiến độ 1,5 %/năm theo chiều tốt."
    )
    return _with(base, status=status, observed_growth=growth, ratio=value, reason=reason)


def _with_target(base: Progress, current: np.float64, start: np.float64, target: float) -> Progress:
    t1, t0, tt = base.current_year, base.base_year, base.target_year
    assert t1 is not None and t0 is not None and tt is not None
    base = _with(base, target=target)
    if (base.direction == "negative" and current <= target) or (
        base.direction == "positive" and current >= target
    ):
        return _with(base, status="target_achieved", reason="Giá trị mới nhất đã đạt mục tiêu.")
    observed = _cagr(current, start, t1, t0)
    required = _cagr(target, start, tt, t0)
    with np.errstate(all="ignore"):
        ratio = float(np.float64(observed) / np.float64(required))
    status = _classify(ratio, THRESHOLDS_TARGET)
    if status is None:
        return _with(
            base, observed_growth=observed, required_growth=required, ratio=ratio, reason=NOT_APPLICABLE
        )
    reason = (
        f"Tăng trưởng bình quân thực tế {_pct(observed)}/năm so với mức cần để đạt mục tiêu "
        f"{_pct(required)}/năm: tỷ lệ {_num(ratio)} (đúng tiến độ khi ≥ 0,95)."
    )
    return _with(
        base, status=status, observed_growth=observed, required_growth=required, ratio=ratio, reason=reason
    )


def _classify(value: float, thresholds: tuple[float, float, float]) -> str | None:
    high, med, low = thresholds
    if value >= high:
        return "on_track"
    if med <= value < high:
        return "progress_needs_acceleration"
    if low <= value < med:
        return "limited_progress"
    if value < low:
        return "deterioration"
    return None  # NaN: sdg-build's comparisons all fail


def _with(progress: Progress, **changes: Any) -> Progress:
    return replace(progress, **changes)


def _pct(value: float) -> str:
    if not math.isfinite(value):
        return "không xác định"
    return f"{value * 100:.2f} %".replace(".", ",")


def _num(value: float) -> str:
    if not math.isfinite(value):
        return "không xác định"
    return f"{value:.2f}".replace(".", ",")
