"""The map: the real boundaries of the day (the province record names the file and the level
of units it draws, before and after the reorganisation), each joined to its unit by the
official code, plus points for units with coordinates but no polygon. Coloured by a
reporting period's standings or by an indicator in five quantile classes."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

from django.urls import reverse

from dieuhanh.accounts import rules
from dieuhanh.accounts.models import User
from dieuhanh.core.text import format_number, unit_word, with_unit
from dieuhanh.indicators import aggregation
from dieuhanh.indicators.models import Indicator
from dieuhanh.reporting.models import Period
from dieuhanh.reporting.selectors import STANDING_LABEL, STANDING_TONE, period_board
from dieuhanh.units.models import Unit
from dieuhanh.units.structure import province_current, unit_descendant_ids

GEO = Path(__file__).resolve().parent / "geo"
REPORTING = "bao-cao"


@cache
def _features(filename: str) -> tuple[dict[str, Any], ...]:
    # The name comes from the province record: only a plain file of this folder is read.
    path = GEO / Path(filename).name
    if not path.is_file():
        return ()
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(data["features"])


def map_layer(*, user: User, on: dt.date, period: Period | None, colour_by: str) -> dict[str, Any]:
    rules.require(rules.sees_whole_programme, user)
    record = province_current()
    province = record.root_on(on) if record else None
    layer = record.map_on(on) if record else None
    if province is None:
        return {"polygons": {"type": "FeatureCollection", "features": []}, "points": [], "legend": []}
    filename, kind = (layer.filename, layer.kind) if layer else ("", "")
    below = Unit.objects.filter(pk__in=unit_descendant_ids(unit=province, on=on))
    shaped = {u.admin_code: u for u in below.filter(kind=kind).exclude(admin_code="")}
    points = list(below.filter(kind=Unit.Kind.COMMUNE).exclude(admin_code__in=shaped).exclude(latitude=None))
    colour = _colourer(
        user=user, on=on, period=period, colour_by=colour_by, units=[*shaped.values(), *points]
    )
    features = [_feature(f, feature_unit(f, shaped), colour) for f in _features(filename)] if layer else []
    return {
        "polygons": {"type": "FeatureCollection", "features": features},
        "points": [_point(u, colour) for u in sorted(points, key=lambda u: u.name)],
        "legend": colour.legend,
        "attribution": layer.attribution if layer else "",
        "title": colour.title,
    }


def feature_unit(feature: dict[str, Any], units: dict[str, Unit]) -> Unit | None:
    """The unit of a map feature. The boundaries carry two code systems (geo/README.md): `code`
    from one registry and `source_code` from the other; five wards of 2025 differ, and the units
    (vietnamadminunits) use the second. Try both, so every polygon finds its unit."""
    props = feature["properties"]
    return units.get(props["code"]) or units.get(props.get("source_code", ""))


class _Colour:
    def __init__(
        self,
        title: str,
        legend: list[dict[str, str]],
        by_unit: dict[int, tuple[str, str]],
        sources: str = "",
    ):
        # `sources`: the sources page of the figure shown (an indicator's value), "" otherwise.
        self.title, self.legend, self.by_unit, self.sources = title, legend, by_unit, sources

    def sources_url(self, unit: Unit | None) -> str:
        """Where a unit's figure opens to the values and reports behind it."""
        if unit is None or not self.sources or unit.pk not in self.by_unit:
            return ""
        return f"{self.sources}&don_vi={unit.pk}"

    def of(self, unit: Unit | None) -> tuple[str, str]:
        if unit is None:
            return ("none", "Chưa gắn với đơn vị")
        return self.by_unit.get(unit.pk, ("none", "Không thuộc đối tượng báo cáo / chưa có số liệu"))


def _colourer(
    *, user: User, on: dt.date, period: Period | None, colour_by: str, units: list[Unit]
) -> _Colour:
    if colour_by != REPORTING:
        indicator = Indicator.objects.filter(code=colour_by).first()
        if indicator is not None:
            return _by_indicator(indicator, units, on)
    if period is None:
        return _Colour("Chưa có kỳ báo cáo", [], {})
    board = period_board(user=user, period=period, on=on)
    # One colour per standing on the map (the pages' tones share "warn" among three of them).
    by_unit = {row.unit.pk: (f"s-{row.standing}", row.label) for row in board.rows}
    legend = [{"tone": f"s-{s}", "label": STANDING_LABEL[s]} for s in STANDING_TONE]
    return _Colour(f"Tình trạng báo cáo {period.label}", legend, by_unit)


def _by_indicator(indicator: Indicator, units: list[Unit], on: dt.date) -> _Colour:
    latest = aggregation.latest_period(indicator=indicator, on=on)
    if latest is None:
        return _Colour(f"{indicator.name}: chưa có số liệu", [], {})
    values = aggregation.values_by_unit(indicator=indicator, units=units, period=latest, on=on)
    known = sorted(v for v in values.values() if v is not None)
    edges = class_edges(known)
    by_unit: dict[int, tuple[str, str]] = {}
    for pk, value in values.items():
        if value is not None:
            band = sum(1 for e in edges if value >= e)
            figure = format_number(round(value, max(indicator.decimals, 1)))
            by_unit[pk] = (f"q{band}", with_unit(figure, indicator.unit_of_measure))
    legend = _ranges(edges, known, indicator)
    sources = reverse("indicators:value_sources", args=[indicator.code])
    sources += f"?nam={latest.year}&ngay={on:%d/%m/%Y}"
    return _Colour(f"{indicator.name} — {latest.label()}", legend, by_unit, sources)


def class_edges(known: list[float]) -> list[float]:
    """The lower bounds of the quintile classes after the first. Equal quantiles (many units
    with one value) would make empty classes showing one range twice: they count once."""
    if not known:
        return []
    return sorted({known[int(len(known) * q / 5)] for q in range(1, 5)} - {known[0]})


def _ranges(edges: list[float], known: list[float], indicator: Indicator) -> list[dict[str, str]]:
    """One legend line per quantile class with its value range: "dưới 12,5", "12,5 – 30,0"…"""
    if not known:
        return []

    def n(v: float) -> str:
        return format_number(round(v, max(indicator.decimals, 1)), max(indicator.decimals, 1))

    bounds = [known[0], *edges, known[-1]]
    unit = unit_word(indicator.unit_of_measure)
    lines = []
    last = len(bounds) - 2
    for i in range(last + 1):
        low, high = bounds[i], bounds[i + 1]
        text = f"từ {n(low)} đến dưới {n(high)}" if i < last else f"từ {n(low)} đến {n(high)}"
        lines.append({"tone": f"q{i}", "label": f"{text} {unit}".strip()})
    return lines


def _link(unit: Unit | None) -> str:
    return reverse("dashboard:unit", args=[unit.pk]) if unit else ""


def _shown(unit: Unit | None, colour: _Colour) -> dict[str, Any]:
    """How a unit is drawn: its colour, the figure's label, its page and the figure's sources."""
    tone, label = colour.of(unit)
    return {"tone": tone, "label": label, "url": _link(unit), "sources_url": colour.sources_url(unit)}


def _feature(feature: dict[str, Any], unit: Unit | None, colour: _Colour) -> dict[str, Any]:
    props = feature["properties"]
    return {
        "type": "Feature",
        "geometry": feature["geometry"],
        "properties": {"code": props["code"], "name": props["name"], **_shown(unit, colour)},
    }


def _point(unit: Unit, colour: _Colour) -> dict[str, Any]:
    return {"lat": unit.latitude, "lon": unit.longitude, "name": unit.name, **_shown(unit, colour)}
