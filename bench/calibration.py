"""Calibration of the forecast's probability of reaching a target, back-tested on real series.

For every real annual series in bench/data/ (World Bank, sources in bench/data/README.md) and
every origin year with WINDOW years of history and the value HORIZON years later known, the
forecast (dieuhanh.indicators.forecast.project — the one the verdict uses) is fitted on the
window as the platform fits it (yearly points at mid-year, six years → five years ahead, like
2020–2025 → 2030) and asked for the probability of reaching a set of targets "grow g % a year"
from the last value. Each stated probability is scored against what happened.

Printed: the Brier score, a reliability table (stated probability → observed frequency) and two
references scored on the same cases:
  - climatology: the share of cases reaching each target growth (known only in hindsight, so a
    strong reference);
  - persistence: "the window's average growth goes on" (1 if that reaches the target, else 0).
Last line: brier=… series=… cases=… climatology_brier=… persistence_brier=… ratio=… where
ratio = brier / climatology_brier (below 1: the forecast knows more than the base rate).

Train/holdout: the series sorted by name, alternately (every other economy). The forecast's
constants (NOISE_INFLATION, TREND_DRIFT, CALIBRATION in dieuhanh/indicators/forecast.py) were
chosen on the training half only; `--fit` refits the calibration map there and prints it.
The last line adds brier_train=/brier_holdout= and each split's climatology.

The demo's yearly series (dieuhanh.indicators.demo.YEARLY, 2021–2025: five points, illustrative
figures) are back-tested apart, as the platform sees them on the demo: fitted on the first
DEMO_WINDOW years, scored on the last one (2023 → 2025), with targets "grow g % a year" in
DEMO_GROWTH; the last line adds demo_brier=… demo_cases=… demo_climatology_brier=… and a
reliability table of its own is printed. Five points leave one origin a series: a small sample,
read it as a check that the demo is not mis-stated, not as calibration evidence.

Usage: .venv/bin/python bench/calibration.py [--window 6] [--horizon 5] [--fit]
No database, no network: the data is in bench/data/ and in the demo module.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from dieuhanh.indicators import forecast  # noqa: E402
from dieuhanh.indicators.forecast import project  # noqa: E402

DATA = ROOT / "bench" / "data" / "world-bank-annual.csv"
# Target growth rates a year, per indicator: GDP targets span shrinking to fast growth,
# population targets the range populations move in.
GROWTH = {
    "NY.GDP.MKTP.CD": (-0.02, 0.0, 0.02, 0.04, 0.06, 0.08, 0.10, 0.12),
    "SP.POP.TOTL": (-0.005, 0.0, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03),
}
BINS = 10
DEMO_WINDOW = 3
DEMO_GROWTH = (-0.05, 0.0, 0.025, 0.05, 0.075, 0.10, 0.15, 0.20)


@dataclass(frozen=True)
class Case:
    series: str
    origin: int
    growth: float
    probability: float
    persistence: float
    reached: bool


def load(path: Path) -> dict[str, tuple[str, dict[int, float]]]:
    series: dict[str, tuple[str, dict[int, float]]] = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            _, values = series.setdefault(row["series"], (row["indicator"], {}))
            values[int(row["year"])] = float(row["value"])
    return series


def cases(series: dict[str, tuple[str, dict[int, float]]], window: int, horizon: int) -> list[Case]:
    out: list[Case] = []
    for name, (indicator, values) in series.items():
        years = sorted(values)
        for origin in years:
            history = [y for y in range(origin - window + 1, origin + 1)]
            if not all(y in values for y in history) or origin + horizon not in values:
                continue
            out.extend(_cases_at(name, indicator, values, history, horizon))
    return out


def demo_series() -> dict[str, tuple[str, dict[int, float]]]:
    """The demo's yearly series with a value every year and none at or below zero (the growth
    targets need a positive base), keyed by indicator code."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DIEUHANH_DEMO", "1")
    django.setup()  # the demo module declares models; no query is made
    from dieuhanh.indicators.demo import YEARLY

    out: dict[str, tuple[str, dict[int, float]]] = {}
    for code, values in YEARLY.items():
        if all(v is not None and v > 0 for v in values):
            out[f"demo:{code}"] = ("demo", {2021 + i: float(v) for i, v in enumerate(values) if v})
    return out


def _cases_at(
    name: str, indicator: str, values: dict[int, float], history: list[int], horizon: int
) -> list[Case]:
    origin = history[-1]
    last, first = values[origin], values[history[0]]
    points = [(y + 0.5, values[y]) for y in history]
    past_growth = (last / first) ** (1 / (len(history) - 1)) - 1 if first > 0 and last > 0 else 0.0
    result = []
    for g in GROWTH.get(indicator, DEMO_GROWTH):
        target = last * (1 + g) ** horizon
        p = project(points, at=origin + horizon + 0.5, target=target, direction="positive", bounds=(0, None))
        if p is None or p.probability is None:
            continue
        persistence = 1.0 if last * (1 + past_growth) ** horizon >= target else 0.0
        reached = values[origin + horizon] >= target
        result.append(Case(name, origin, g, p.probability, persistence, reached))
    return result


def brier(pairs: list[tuple[float, bool]]) -> float:
    return sum((p - float(o)) ** 2 for p, o in pairs) / len(pairs)


def climatology(all_cases: list[Case]) -> list[tuple[float, bool]]:
    by_growth: dict[tuple[str, float], list[bool]] = defaultdict(list)
    for c in all_cases:
        by_growth[(c.series[:3], c.growth)].append(c.reached)
    rate = {k: sum(v) / len(v) for k, v in by_growth.items()}
    return [(rate[(c.series[:3], c.growth)], c.reached) for c in all_cases]


def reliability(all_cases: list[Case]) -> list[tuple[str, int, float, float]]:
    bins: dict[int, list[Case]] = defaultdict(list)
    for c in all_cases:
        bins[min(int(c.probability * BINS), BINS - 1)].append(c)
    rows = []
    for b in range(BINS):
        got = bins.get(b, [])
        if not got:
            continue
        stated = sum(c.probability for c in got) / len(got)
        observed = sum(c.reached for c in got) / len(got)
        rows.append((f"{b * 10:>3}–{(b + 1) * 10:<3} %", len(got), stated, observed))
    return rows


def split(
    series: dict[str, tuple[str, dict[int, float]]],
) -> tuple[dict[str, tuple[str, dict[int, float]]], dict[str, tuple[str, dict[int, float]]]]:
    names = sorted(series)
    return {n: series[n] for n in names[::2]}, {n: series[n] for n in names[1::2]}


def fit_map(train: list[Case]) -> tuple[float, float]:
    """Logistic recalibration σ(a·logit p + b) of the raw shares, by Newton's method."""
    eps = 0.5 / forecast.DRAWS
    p = np.clip([c.probability for c in train], eps, 1 - eps)
    z = np.log(p / (1 - p))
    o = np.array([c.reached for c in train], dtype=float)
    design = np.stack([z, np.ones_like(z)], axis=1)
    w = np.array([1.0, 0.0])
    for _ in range(50):
        q = 1 / (1 + np.exp(-(design @ w)))
        hessian = design.T @ (design * (q * (1 - q))[:, None]) + 1e-9 * np.eye(2)
        w -= np.linalg.solve(hessian, design.T @ (q - o))
    return float(w[0]), float(w[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--window", type=int, default=6, help="yearly points the forecast sees")
    parser.add_argument("--horizon", type=int, default=5, help="years from the last point to the target")
    parser.add_argument("--fit", action="store_true", help="refit the calibration map on the training half")
    args = parser.parse_args()
    series = load(DATA)
    train_series, holdout_series = split(series)
    if args.fit:
        kept = forecast.CALIBRATION
        forecast.CALIBRATION = (1.0, 0.0)  # raw shares of draws
        a, b = fit_map(cases(train_series, args.window, args.horizon))
        print(f"CALIBRATION = ({a:.3f}, {b:.3f})  # in use: {kept}")
        forecast.CALIBRATION = (a, b)
    train = cases(train_series, args.window, args.horizon)
    holdout = cases(holdout_series, args.window, args.horizon)
    all_cases = cases(series, args.window, args.horizon)
    score = brier([(c.probability, c.reached) for c in all_cases])
    clim = brier(climatology(all_cases))
    pers = brier([(c.persistence, c.reached) for c in all_cases])
    lengths = [len(v) for _, v in series.values()]
    print(f"Chuỗi: {len(series)} (mỗi chuỗi {min(lengths)}–{max(lengths)} năm); trường hợp: {len(all_cases)}")
    print(f"Cửa sổ {args.window} năm, dự báo trước {args.horizon} năm")
    print("khoảng xác suất | số trường hợp | xác suất nêu | tần suất thực tế")
    for label, n, stated, observed in reliability(all_cases):
        print(f"{label:>15} | {n:>13} | {stated:>12.3f} | {observed:>16.3f}")
    demo = demo_series()
    demo_cases = cases(demo, DEMO_WINDOW, 5 - DEMO_WINDOW)
    print(
        f"Dữ liệu mẫu: {len(demo)} chuỗi năm 2021–2025, cửa sổ {DEMO_WINDOW} năm, "
        f"dự báo trước {5 - DEMO_WINDOW} năm; trường hợp: {len(demo_cases)}"
    )
    print("khoảng xác suất | số trường hợp | xác suất nêu | tần suất thực tế")
    for label, n, stated, observed in reliability(demo_cases):
        print(f"{label:>15} | {n:>13} | {stated:>12.3f} | {observed:>16.3f}")
    demo_score = brier([(c.probability, c.reached) for c in demo_cases]) if demo_cases else float("nan")
    demo_clim = brier(climatology(demo_cases)) if demo_cases else float("nan")
    print(
        f"brier={score:.4f} series={len(series)} cases={len(all_cases)} window={args.window} "
        f"horizon={args.horizon} climatology_brier={clim:.4f} persistence_brier={pers:.4f} "
        f"ratio={score / clim:.3f} "
        f"brier_train={brier([(c.probability, c.reached) for c in train]):.4f} "
        f"climatology_train={brier(climatology(train)):.4f} "
        f"brier_holdout={brier([(c.probability, c.reached) for c in holdout]):.4f} "
        f"climatology_holdout={brier(climatology(holdout)):.4f} holdout_cases={len(holdout)} "
        f"demo_brier={demo_score:.4f} demo_cases={len(demo_cases)} demo_climatology_brier={demo_clim:.4f}"
    )


if __name__ == "__main__":
    main()
