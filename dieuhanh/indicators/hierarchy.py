"""Where each reporting unit's values count, as of a day.

The hierarchy only changes on a few days (a unit starts or ends, an edge starts or ends, a
succession takes effect), so every day belongs to an *epoch* that starts on the last change
on or before it. For an epoch we compute, in bulk, for every unit:

- its carriers: the units valid in the epoch that carry its work, with the product of the
  succession weights along the way (a unit valid in the epoch carries itself, weight 1);
- for each carrier, the carrier's ancestors in the epoch's tree.

The result is stored as `HierarchyMap` rows (source, node, weight, direct) so SQL can join
values to nodes. The shares of a divided commune sum to 1, so the total over any complete
tree is the same before and after a reorganisation: nothing lost, nothing counted twice.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Max, Model, Q, Sum
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

from dieuhanh.core.memo import TransactionMemo
from dieuhanh.indicators.models import HierarchyMap
from dieuhanh.units.models import Unit, UnitParent, UnitSuccession

BEGINNING = dt.date(1900, 1, 1)
MAX_DEPTH = 32
ONE_DAY = dt.timedelta(days=1)
# Other processes' edits to units are noticed within this many seconds.
VERSION_TTL = 5.0


@dataclass(frozen=True)
class HierarchyKey:
    version: str
    epoch: dt.date


# What this process remembers, in memos that never outlive a rollback (core.memo): the units'
# fingerprint (re-read every VERSION_TTL seconds, so other processes' edits are seen), the
# change days of a fingerprint, and which maps exist. Edits made in this process clear them
# at once (IndicatorsConfig.ready).
_version: TransactionMemo[tuple[str, float]] = TransactionMemo(limit=1)
_change_days_of: TransactionMemo[tuple[dt.date, ...]] = TransactionMemo(limit=8)
_built: TransactionMemo[bool] = TransactionMemo(limit=256)


def hierarchy_key(on: dt.date) -> HierarchyKey:
    """The key of the hierarchy in force on `on`: the units data's version and the epoch."""
    version = _current_version()
    days = _change_days_of.get(version)
    if days is None:
        days = _change_days()
        _change_days_of.put(version, days)
    i = bisect.bisect_right(days, on)
    epoch = days[i - 1] if i else BEGINNING
    return HierarchyKey(version, epoch)


def hierarchy_forget(**_: Any) -> None:
    """Drop what this process remembers (units changed here; tests after a rollback)."""
    for memo in (_version, _change_days_of, _built):
        memo.clear()


def ensure_map(key: HierarchyKey) -> None:
    """Build the map for `key` unless it is there."""
    if _built.get(key):
        return
    if not HierarchyMap.objects.filter(version=key.version, epoch=key.epoch).exists():
        _build_map(key)
    _built.put(key, True)


def _current_version() -> str:
    now = time.monotonic()
    seen = _version.get("units")
    if seen is not None and now - seen[1] < VERSION_TTL:
        return seen[0]
    version = units_version()
    _version.put("units", (version, now))
    return version


def units_version() -> str:
    """A fingerprint of units, edges and successions: counts, ids and every date, so any
    edit changes it (and derived rows under the old fingerprint are simply not read)."""
    parts: list[object] = []
    for model, dates in ((Unit, ("valid_from", "valid_to")), (UnitParent, ("valid_from", "valid_to"))):
        parts.extend(_fingerprint(model, dates))
    parts.extend(_fingerprint(UnitSuccession, ("effective_on",), extra=Sum("weight")))
    return hashlib.sha1(repr(parts).encode()).hexdigest()


def _fingerprint(model: type[Model], dates: tuple[str, ...], extra: Any = None) -> list[object]:
    aggregates: dict[str, Any] = {"n": Count("id"), "top": Max("id")}
    for name in dates:
        aggregates[f"{name}_n"] = Count(name)
        aggregates[f"{name}_sum"] = Sum(
            ExtractYear(name) * 10000 + ExtractMonth(name) * 100 + ExtractDay(name)
        )
    if extra is not None:
        aggregates["extra"] = extra
    row = model._default_manager.aggregate(**aggregates)
    return [row[k] for k in sorted(row)]


def _change_days() -> tuple[dt.date, ...]:
    days: set[dt.date] = set()
    for start, end in [
        *Unit.objects.values_list("valid_from", "valid_to"),
        *UnitParent.objects.values_list("valid_from", "valid_to"),
    ]:
        if start:
            days.add(start)
        if end:
            days.add(end + ONE_DAY)
    days.update(UnitSuccession.objects.values_list("effective_on", flat=True))
    return tuple(sorted(days))


@transaction.atomic
def _build_map(key: HierarchyKey) -> None:
    # Maps of older versions are dead weight once the units changed.
    HierarchyMap.objects.exclude(version=key.version).delete()
    rows = [
        HierarchyMap(
            version=key.version, epoch=key.epoch, source_id=source, node_id=node, weight=weight, direct=direct
        )
        for (source, node, direct), weight in map_rows(key.epoch).items()
    ]
    HierarchyMap.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    if connection.vendor == "postgresql":
        # Fresh rows have no statistics yet: without them the roll-up joins are planned as if
        # the map were one row, and nested loops take seconds instead of milliseconds.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE indicators_hierarchymap")


def map_rows(on: dt.date) -> dict[tuple[int, int, bool], float]:
    """(source, node, direct) → share, for every unit with a carrier on `on`."""
    valid = set(Unit.objects.valid_on(on).values_list("id", flat=True))
    parents = _parents_on(on, valid)
    successors = _successions_by(on)
    rows: dict[tuple[int, int, bool], float] = defaultdict(float)
    for source in Unit.objects.values_list("id", flat=True):
        for carrier, weight in _carriers(source, valid, successors).items():
            rows[(source, carrier, True)] += weight
            for ancestor in _ancestors(carrier, parents):
                rows[(source, ancestor, False)] += weight
    return rows


def _parents_on(on: dt.date, valid: set[int]) -> dict[int, set[int]]:
    edges = UnitParent.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    out: dict[int, set[int]] = defaultdict(set)
    for child, parent in edges.values_list("child_id", "parent_id"):
        if child in valid and parent in valid:
            out[child].add(parent)
    return out


def _successions_by(on: dt.date) -> dict[int, list[tuple[int, float]]]:
    out: dict[int, list[tuple[int, float]]] = defaultdict(list)
    rows = UnitSuccession.objects.filter(effective_on__lte=on)
    for pred, succ, weight in rows.values_list("predecessor_id", "successor_id", "weight"):
        out[pred].append((succ, float(weight)))
    return out


def _carriers(
    source: int, valid: set[int], successors: dict[int, list[tuple[int, float]]]
) -> dict[int, float]:
    """The valid units carrying `source`'s work, with shares (as units.structure.unit_successors)."""
    carriers: dict[int, float] = defaultdict(float)
    shares = {source: 1.0}
    for _ in range(MAX_DEPTH):
        following: dict[int, float] = defaultdict(float)
        for unit, share in shares.items():
            if unit in valid:
                carriers[unit] += share
                continue
            for succ, weight in successors.get(unit, ()):
                following[succ] += share * weight
        if not following:
            break
        shares = following
    return carriers


def _ancestors(unit: int, parents: dict[int, set[int]]) -> set[int]:
    found: set[int] = set()
    frontier = parents.get(unit, set())
    for _ in range(MAX_DEPTH):
        frontier = frontier - found - {unit}
        if not frontier:
            break
        found |= frontier
        frontier = set().union(*(parents.get(p, set()) for p in frontier))
    return found
