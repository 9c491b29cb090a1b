"""Projection of an indicator to its target year, with an uncertainty band and the
probability of reaching the target.

Method (docs/indicators.md): a straight-line trend fitted by least squares to the points
(fractional years), and a moving-block bootstrap of its residuals — blocks keep the
month-to-month correlation that plain resampling would hide. Each draw refits the trend on
fitted values plus resampled residuals and adds one more resampled residual at the target
point, so the band holds both the uncertainty of the trend and the year-to-year noise. The
band is the 10th–90th percentile of the draws; the probability is the share of draws that
reach the target. The seed is fixed so a page shows the same figures on every load.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

DRAWS = 2000
SEED = 57
MIN_POINTS = 3
BAND = (10.0, 90.0)


@dataclass(frozen=True)
class Projection:
    at: float  # the fractional year projected to
    value: float  # the trend's value there
    low: float
    high: float
    probability: float | None  # of reaching the target; None without a target
    slope_per_year: float
    band: list[tuple[float, float, float, float]]  # (x, trend, low, high) from the last point on
    points: int


def project(
    points: Sequence[tuple[float, float]],
    *,
    at: float,
    target: float | None,
    direction: str,
    bounds: tuple[float | None, float | None] = (None, None),
    steps: int = 12,
) -> Projection | None:
    """Project `points` (x in fractional years, value) to `at`; None with fewer than 3 points."""
    if len(points) < MIN_POINTS:
        return None
    x = np.array([p[0] for p in points], dtype=float)
    y = np.array([p[1] for p in points], dtype=float)
    if np.ptp(x) == 0:
        return None
    slope, intercept = np.polyfit(x, y, 1)
    residuals = y - (intercept + slope * x)
    rng = np.random.default_rng(SEED)
    boot_slope, boot_intercept = _refits(x, intercept + slope * x, residuals, rng)
    xs = np.linspace(x[-1], at, max(2, steps))
    noise = residuals[rng.integers(0, len(residuals), size=(DRAWS, len(xs)))]
    draws = _clip(boot_intercept[:, None] + boot_slope[:, None] * xs[None, :] + noise, bounds)
    low, high = np.percentile(draws, BAND, axis=0)
    trend = _clip(intercept + slope * xs, bounds)
    final = draws[:, -1]
    return Projection(
        at=at,
        value=float(trend[-1]),
        low=float(low[-1]),
        high=float(high[-1]),
        probability=_probability(final, target, direction),
        slope_per_year=float(slope),
        band=[
            (float(a), float(b), float(c), float(d)) for a, b, c, d in zip(xs, trend, low, high, strict=True)
        ],
        points=len(points),
    )


def _refits(
    x: np.ndarray, fitted: np.ndarray, residuals: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Slopes and intercepts refitted on fitted + block-resampled residuals, one per draw."""
    n = len(x)
    block = max(1, round(n ** (1 / 3)))
    starts = rng.integers(0, n - block + 1, size=(DRAWS, -(-n // block)))
    idx = (starts[:, :, None] + np.arange(block)[None, None, :]).reshape(DRAWS, -1)[:, :n]
    ys = fitted[None, :] + residuals[idx]
    xc = x - x.mean()
    slopes = (ys - ys.mean(axis=1, keepdims=True)) @ xc / (xc @ xc)
    intercepts = ys.mean(axis=1) - slopes * x.mean()
    return slopes, intercepts


def _clip(values: np.ndarray, bounds: tuple[float | None, float | None]) -> np.ndarray:
    low, high = bounds
    return np.clip(values, low if low is not None else -np.inf, high if high is not None else np.inf)


def _probability(final: np.ndarray, target: float | None, direction: str) -> float | None:
    if target is None:
        return None
    reached = final <= target if direction == "negative" else final >= target
    return float(reached.mean())
