"""Early warning: indicators whose latest value is out of line (targets at risk: steering.verdicts).

Anomaly rule (Iglewicz & Hoaglin): the robust z-score 0.6745·(x − median)/MAD of the latest
month-on-month change against the earlier changes; |z| > 3.5 is anomalous. Changes, not
levels, so a steady trend (a growing cumulative count) is not flagged for growing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dieuhanh.core.text import change_unit, format_number, with_unit

Z_LIMIT = 3.5
MIN_HISTORY = 6


@dataclass(frozen=True)
class Anomaly:
    z: float
    latest: float
    previous: float
    typical_change: float


# A change within this share of the usual change is never an anomaly (see latest_anomaly).
MIN_DEVIATION = 0.1


def robust_z(history: Sequence[float], latest: float) -> float:
    """The robust z-score of `latest` against `history` (MAD; mean absolute deviation when
    the MAD is zero; ±inf when every earlier value is the same and `latest` differs)."""
    values = np.asarray(history, dtype=float)
    median = float(np.median(values))
    mad = float(np.median(np.abs(values - median)))
    if mad > 0:
        return 0.6745 * (latest - median) / mad
    mean_ad = float(np.mean(np.abs(values - median)))
    if mean_ad > 0:
        return (latest - median) / (1.253314 * mean_ad)
    return 0.0 if latest == median else math.copysign(math.inf, latest - median)


def latest_anomaly(values: Sequence[float | None]) -> Anomaly | None:
    """An Anomaly when the last value's change from the one before is out of line."""
    present = [v for v in values if v is not None]
    if len(present) < MIN_HISTORY + 2:
        return None
    changes = np.diff(np.asarray(present, dtype=float))
    z = robust_z(changes[:-1].tolist(), float(changes[-1]))
    if abs(z) <= Z_LIMIT:
        return None
    typical = float(np.median(changes[:-1]))
    # A very regular series makes any wobble "out of line"; a change within a tenth of the usual
    # one, which reads the same once rounded, is not worth a warning.
    if abs(float(changes[-1]) - typical) <= MIN_DEVIATION * abs(typical):
        return None
    return Anomaly(z=z, latest=present[-1], previous=present[-2], typical_change=typical)


def anomaly_reason(a: Anomaly, *, unit_of_measure: str, period_label: str) -> str:
    change = a.latest - a.previous
    verb, towards = ("tăng", "lên") if change > 0 else ("giảm", "xuống")
    z_text = "rất lớn" if math.isinf(a.z) else format_number(round(abs(a.z), 1), 1)
    step = change_unit(unit_of_measure)
    usual = a.typical_change
    usual_text = "không đổi" if usual == 0 else f"{'tăng' if usual > 0 else 'giảm'} {_n(abs(usual))} {step}"
    before, after = with_unit(_n(a.previous), unit_of_measure), with_unit(_n(a.latest), unit_of_measure)
    return (
        f"{period_label}: {verb} {_n(abs(change))} {step} so với kỳ trước "
        f"(từ {before} {towards} {after}), "
        f"trong khi mức thay đổi thường gặp là {usual_text.strip()}; "
        f"điểm z bền vững {z_text} vượt ngưỡng 3,5."
    ).replace("  ", " ")


def _n(value: float) -> str:
    return format_number(round(value, 2))
