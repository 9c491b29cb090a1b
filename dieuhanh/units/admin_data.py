"""Real administrative units from the PyPI package `vietnamadminunits` (MIT).

Its `data/dataset.db` holds the 34 provinces and 3,321 communes in force since 01/07/2025
(`admin_units`) and the 63 provinces, their districts and 10,040 communes of 2024
(`admin_units_legacy`); `data/converter_2025.json` is the official old → new mapping, with
the communes that were divided between several new ones. We read those files directly, so
the loader depends on the data, not on the package's Python API.

Codes: `vn2025:p:<provinceCode>`, `vn2025:w:<wardCode>`, `vn2024:p:…`, `vn2024:d:…`,
`vn2024:w:…` (the GSO codes; a new commune often reuses an old commune's code, hence the
scheme prefix).

Districts were abolished on 01/07/2025 and have no successor: their work is carried by their
communes' successors. The exception is a district without communes (huyện đảo such as Bạch
Long Vĩ): the converter maps it as a commune, to its đặc khu, and so do we.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from functools import cache
from importlib import metadata, resources
from typing import Any

from django.db import transaction

from dieuhanh.units.models import Unit, UnitSuccession
from dieuhanh.units.sync import (
    EdgeSpec,
    LoadResult,
    SuccessionSpec,
    UnitSpec,
    sync_edges,
    sync_successions,
    sync_units,
)

REFORM_DAY = dt.date(2025, 7, 1)
LAST_LEGACY_DAY = dt.date(2025, 6, 30)
DEFAULT_LEGACY_PROVINCES = ("30", "31")  # Hải Dương and Hải Phòng before the merger
BASIS = "vietnamadminunits converter_2025 (sắp xếp ĐVHC 01/07/2025)"
WEIGHT_STEP = Decimal("0.000001")  # UnitSuccession.weight has 6 decimal places
LABELS = {
    "vn2025:province": "Tỉnh, thành phố (từ 01/07/2025)",
    "vn2025:commune": "Xã, phường, đặc khu (từ 01/07/2025)",
    "vn2024:province": "Tỉnh, thành phố (trước 01/07/2025)",
    "vn2024:district": "Huyện, quận, thị xã, thành phố (trước 01/07/2025)",
    "vn2024:commune": "Xã, phường, thị trấn (trước 01/07/2025)",
    "succession": "Quan hệ kế thừa đơn vị hành chính",
}

Row = dict[str, Any]


@dataclass(frozen=True)
class _Converter:
    """The package's mapping, indexed for lookups by legacy key "province_district_ward"."""

    new_province_of: dict[str, str]  # legacy province key → new province key
    not_divided: dict[str, str]  # legacy key → new ward key
    divided: dict[str, list[Row]]  # legacy key → [{newWardKey, newWardAreaKm2, …}]


@transaction.atomic
def units_load_administrative(
    *,
    provinces: Iterable[str] | None = None,
    legacy_provinces: Iterable[str] = DEFAULT_LEGACY_PROVINCES,
) -> LoadResult:
    """Load the post-2025 provinces with their communes (`provinces`: province codes,
    None = all 34) and the 2024 units of `legacy_provinces`, with the successions from
    the old units to the new. The new provinces that absorbed `legacy_provinces` are
    always loaded. Idempotent: a second run writes nothing."""
    legacy_codes = tuple(legacy_provinces)
    with _dataset() as db:
        legacy_rows = _legacy_rows(db, legacy_codes)
        new_codes = _new_province_codes(db, provinces, legacy_rows)
        new_rows = _new_rows(db, new_codes)
    converter = _converter()
    result = LoadResult(labels=LABELS)
    specs = _new_unit_specs(new_rows, result) + _legacy_unit_specs(legacy_rows, result)
    units, result.units = sync_units(specs)
    result.parents = sync_edges(_new_edges(new_rows) + _legacy_edges(legacy_rows), units)
    successions = _legacy_successions(legacy_rows, new_rows, converter, result)
    result.successions = sync_successions(successions, units)
    result.loaded["succession"] = len(successions)
    return result


# ---- reading the package data -------------------------------------------------------------


@contextmanager
def _dataset() -> Iterator[sqlite3.Connection]:
    with resources.as_file(_data_dir() / "dataset.db") as path:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        db.row_factory = sqlite3.Row
        try:
            yield db
        finally:
            db.close()


def _data_dir() -> Any:
    return resources.files("vietnamadminunits") / "data"


@cache
def _source() -> str:
    return f"vietnamadminunits {metadata.version('vietnamadminunits')}"


def _legacy_rows(db: sqlite3.Connection, codes: tuple[str, ...]) -> list[Row]:
    marks = ",".join("?" * len(codes))
    sql = f"SELECT * FROM admin_units_legacy WHERE provinceCode IN ({marks}) ORDER BY wardCode"
    rows = [dict(r) for r in db.execute(sql, codes)]
    _refuse_unknown(codes, {r["provinceCode"] for r in rows}, "trước 01/07/2025")
    return rows


def _new_rows(db: sqlite3.Connection, codes: set[str]) -> list[Row]:
    rows = [dict(r) for r in db.execute("SELECT * FROM admin_units ORDER BY wardCode")]
    return [r for r in rows if r["provinceCode"] in codes]


def _new_province_codes(
    db: sqlite3.Connection, requested: Iterable[str] | None, legacy: list[Row]
) -> set[str]:
    """The requested provinces plus those that absorbed the loaded legacy provinces."""
    key_to_code = dict(db.execute("SELECT DISTINCT provinceKey, provinceCode FROM admin_units").fetchall())
    if requested is None:
        return set(key_to_code.values())
    requested = tuple(requested)
    _refuse_unknown(requested, set(key_to_code.values()), "từ 01/07/2025")
    new_province_of = _converter().new_province_of
    return set(requested) | {key_to_code[new_province_of[r["provinceKey"]]] for r in legacy}


def _refuse_unknown(codes: Iterable[str], known: set[str], period: str) -> None:
    unknown = sorted(set(codes) - known)
    if unknown:
        raise ValueError(f"Không có tỉnh, thành phố {period} với mã: {', '.join(unknown)}.")


@cache
def _converter() -> _Converter:
    data = json.loads((_data_dir() / "converter_2025.json").read_text(encoding="utf-8"))
    new_province_of = {old: new for new, olds in data["DICT_PROVINCE"].items() for old in olds}
    not_divided = {
        old: f"{province}:{ward}"
        for province, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items()
        for ward, olds in wards.items()
        for old in olds
    }
    divided = {
        old: [{**target, "newWardKey": f"{province}:{target['newWardKey']}"} for target in targets]
        for province, olds in data["DICT_PROVINCE_WARD_DIVIDED"].items()
        for old, targets in olds.items()
    }
    return _Converter(new_province_of=new_province_of, not_divided=not_divided, divided=divided)


# ---- units and edges ----------------------------------------------------------------------


def _new_unit_specs(rows: list[Row], result: LoadResult) -> list[UnitSpec]:
    provinces = _first_per(rows, "provinceCode")
    area: dict[str, float] = defaultdict(float)
    for r in rows:
        area[r["provinceCode"]] += r["wardAreaKm2"] or 0
    specs = [_new_province_spec(r, area[code]) for code, r in provinces.items()]
    specs += [_new_ward_spec(r) for r in rows]
    result.loaded["vn2025:province"] = len(provinces)
    result.loaded["vn2025:commune"] = len(rows)
    return specs


def _new_province_spec(r: Row, area_km2: float) -> UnitSpec:
    # The dataset has no province area; communes partition a province, so add theirs up.
    return UnitSpec(
        code=f"vn2025:p:{r['provinceCode']}",
        kind=Unit.Kind.PROVINCE,
        name=r["province"],
        subtype=_province_type(r["province"]),
        short_name=r["provinceShort"],
        admin_code=r["provinceCode"],
        valid_from=REFORM_DAY,
        latitude=r["provinceLat"],
        longitude=r["provinceLon"],
        area_km2=_km2(area_km2),
        source=_source(),
    )


def _new_ward_spec(r: Row) -> UnitSpec:
    return UnitSpec(
        code=f"vn2025:w:{r['wardCode']}",
        kind=Unit.Kind.COMMUNE,
        name=r["ward"],
        subtype=r["wardType"],
        short_name=r["wardShort"],
        admin_code=r["wardCode"],
        valid_from=REFORM_DAY,
        latitude=r["wardLat"],
        longitude=r["wardLon"],
        area_km2=_km2(r["wardAreaKm2"]),
        source=_source(),
    )


def _legacy_unit_specs(rows: list[Row], result: LoadResult) -> list[UnitSpec]:
    provinces = _first_per(rows, "provinceCode")
    districts = _first_per(rows, "districtCode")
    wards = [r for r in rows if r["wardCode"]]
    specs = [_legacy_spec(r, "province") for r in provinces.values()]
    specs += [_legacy_spec(r, "district") for r in districts.values()]
    specs += [_legacy_spec(r, "ward") for r in wards]
    result.loaded.update(
        {"vn2024:province": len(provinces), "vn2024:district": len(districts), "vn2024:commune": len(wards)}
    )
    return specs


# The 2024 table names its columns by level: province…, district…, ward….
LEGACY_LEVELS = {
    "province": ("p", Unit.Kind.PROVINCE),
    "district": ("d", Unit.Kind.DISTRICT),
    "ward": ("w", Unit.Kind.COMMUNE),
}


def _legacy_spec(r: Row, level: str) -> UnitSpec:
    letter, kind = LEGACY_LEVELS[level]
    # The table has no province type column; it is read off the name ("Tỉnh …", "Thành phố …").
    subtype = _province_type(r["province"]) if level == "province" else r[f"{level}Type"]
    return UnitSpec(
        code=f"vn2024:{letter}:{r[f'{level}Code']}",
        kind=kind,
        name=r[level],
        subtype=subtype,
        short_name=r[f"{level}Short"],
        admin_code=r[f"{level}Code"],
        valid_to=LAST_LEGACY_DAY,
        latitude=r[f"{level}Lat"],
        longitude=r[f"{level}Lon"],
        source=_source(),
    )


def _new_edges(rows: list[Row]) -> list[EdgeSpec]:
    return [
        EdgeSpec(
            child=f"vn2025:w:{r['wardCode']}", parent=f"vn2025:p:{r['provinceCode']}", valid_from=REFORM_DAY
        )
        for r in rows
    ]


def _legacy_edges(rows: list[Row]) -> list[EdgeSpec]:
    districts = _first_per(rows, "districtCode")
    edges = [
        EdgeSpec(child=f"vn2024:d:{code}", parent=f"vn2024:p:{r['provinceCode']}", valid_to=LAST_LEGACY_DAY)
        for code, r in districts.items()
    ]
    edges += [
        EdgeSpec(
            child=f"vn2024:w:{r['wardCode']}",
            parent=f"vn2024:d:{r['districtCode']}",
            valid_to=LAST_LEGACY_DAY,
        )
        for r in rows
        if r["wardCode"]
    ]
    return edges


# ---- successions --------------------------------------------------------------------------


def _legacy_successions(
    legacy: list[Row], new: list[Row], converter: _Converter, result: LoadResult
) -> list[SuccessionSpec]:
    """Old province → new province, old commune → new commune(s). Districts with communes
    get none (abolished; their communes carry their work)."""
    new_ward_code = {f"{r['provinceKey']}:{r['wardKey']}": r["wardCode"] for r in new}
    new_province_code = {r["provinceKey"]: r["provinceCode"] for r in new}
    specs = []
    for r in _first_per(legacy, "provinceCode").values():
        new_code = new_province_code[converter.new_province_of[r["provinceKey"]]]
        specs.append(_spec(f"vn2024:p:{r['provinceCode']}", f"vn2025:p:{new_code}"))
    for r in legacy:
        # A row without a commune is an island district, which the converter maps itself.
        old_code = f"vn2024:w:{r['wardCode']}" if r["wardCode"] else f"vn2024:d:{r['districtCode']}"
        targets = _ward_targets(r, converter, new_ward_code)
        if not targets:
            result.without_successor[old_code] = "không có trong bảng chuyển đổi converter_2025"
        specs += [_spec(old_code, f"vn2025:w:{code}", weight, len(targets)) for code, weight in targets]
    return specs


def _ward_targets(r: Row, converter: _Converter, new_ward_code: dict[str, str]) -> list[tuple[str, Decimal]]:
    """The new commune codes a legacy commune went into, with the share of each."""
    key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
    if key in converter.divided:
        parts = converter.divided[key]
        weights = _area_shares([p["newWardAreaKm2"] for p in parts])
        return [(new_ward_code[p["newWardKey"]], w) for p, w in zip(parts, weights, strict=True)]
    new_key = converter.not_divided.get(key)
    if new_key is None or new_key not in new_ward_code:
        return []
    return [(new_ward_code[new_key], Decimal(1))]


def _area_shares(areas: list[float | None]) -> list[Decimal]:
    """Shares proportional to area, 6 decimals, summing to exactly 1 (largest remainder);
    equal shares when an area is missing."""
    if any(not a for a in areas):
        areas = [1.0] * len(areas)
    total = sum(Decimal(str(a)) for a in areas if a)
    raw = [Decimal(str(a)) / total for a in areas if a]
    shares = [r.quantize(WEIGHT_STEP, rounding=ROUND_DOWN) for r in raw]
    missing = int((Decimal(1) - sum(shares)) / WEIGHT_STEP)
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - shares[i], reverse=True)[:missing]:
        shares[i] += WEIGHT_STEP
    return shares


def _spec(old: str, new: str, weight: Decimal = Decimal(1), parts: int = 1) -> SuccessionSpec:
    kind = UnitSuccession.Kind.SPLIT if parts > 1 else UnitSuccession.Kind.MERGE
    return SuccessionSpec(
        predecessor=old, successor=new, effective_on=REFORM_DAY, kind=kind, weight=weight, basis=BASIS
    )


# ---- small helpers ------------------------------------------------------------------------


def _first_per(rows: list[Row], key: str) -> dict[str, Row]:
    """The first row for each distinct value of `key`, in row order."""
    first: dict[str, Row] = {}
    for r in rows:
        first.setdefault(r[key], r)
    return first


def _province_type(name: str) -> str:
    return "Thành phố" if name.startswith("Thành phố") else "Tỉnh"


def _km2(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 2))).quantize(Decimal("0.01"))
