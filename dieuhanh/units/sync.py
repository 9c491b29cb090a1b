"""Idempotent bulk upserts of units, parent edges and successions, shared by the loaders.

Loaders describe what should exist as plain specs keyed by unit code; these helpers read
what exists in a few queries, then create the missing rows and update the changed ones in
bulk. Running a loader twice therefore writes nothing the second time. Nothing is deleted:
rows added by hand in the admin are left alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.utils import timezone

from dieuhanh.units.models import Unit, UnitParent, UnitSuccession

BATCH = 500


@dataclass(frozen=True)
class UnitSpec:
    code: str
    kind: str
    name: str
    subtype: str = ""
    short_name: str = ""
    admin_code: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    latitude: float | None = None
    longitude: float | None = None
    area_km2: Decimal | None = None
    source: str = ""


@dataclass(frozen=True)
class EdgeSpec:
    child: str
    parent: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass(frozen=True)
class SuccessionSpec:
    predecessor: str
    successor: str
    effective_on: dt.date
    kind: str
    weight: Decimal
    basis: str


@dataclass
class SyncCount:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(eq=False)
class LoadResult(Mapping[str, int]):
    """What a loader wrote. `loaded` counts units by key ("vn2025:commune"); `labels` names
    those keys in Vietnamese. Read as a mapping, it is {Vietnamese label: count}, so callers
    can merge several loaders' results into one summary."""

    loaded: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    units: SyncCount = field(default_factory=SyncCount)
    parents: SyncCount = field(default_factory=SyncCount)
    successions: SyncCount = field(default_factory=SyncCount)
    # Codes of ended units that get no successor, with the reason, for the operator to see.
    without_successor: dict[str, str] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in (self.units, self.parents, self.successions))

    def summary(self) -> dict[str, int]:
        return {self.labels.get(key, key): count for key, count in self.loaded.items()}

    def __getitem__(self, label: str) -> int:
        return self.summary()[label]

    def __iter__(self) -> Iterator[str]:
        return iter(self.summary())

    def __len__(self) -> int:
        return len(self.loaded)


def sync_units(specs: Sequence[UnitSpec]) -> tuple[dict[str, Unit], SyncCount]:
    """Upsert units by code; return every unit of `specs` by code, with counts."""
    existing = Unit.objects.in_bulk([s.code for s in specs], field_name="code")
    now = timezone.now()
    count = SyncCount()
    to_create: list[Unit] = []
    to_update: list[Unit] = []
    for spec in specs:
        values = asdict(spec)
        unit = existing.get(spec.code)
        if unit is None:
            to_create.append(_new_unit(values))
        elif _assign_changes(unit, values):
            unit.search_text = unit.build_search_text()
            unit.updated_at = now  # bulk_update skips auto_now
            to_update.append(unit)
        else:
            count.unchanged += 1
    Unit.objects.bulk_create(to_create, batch_size=BATCH)
    Unit.objects.bulk_update(to_update, [*_UNIT_FIELDS, "search_text", "updated_at"], batch_size=BATCH)
    count.created, count.updated = len(to_create), len(to_update)
    return Unit.objects.in_bulk([s.code for s in specs], field_name="code"), count


def sync_edges(specs: Iterable[EdgeSpec], units: dict[str, Unit]) -> SyncCount:
    """Upsert parent edges, identified by (child, parent, valid_from)."""
    wanted = {(units[s.child].pk, units[s.parent].pk, s.valid_from): s.valid_to for s in specs}
    child_ids = {child_id for child_id, _, _ in wanted}
    existing = {
        (e.child_id, e.parent_id, e.valid_from): e for e in UnitParent.objects.filter(child_id__in=child_ids)
    }
    count = SyncCount()
    to_create, to_update = [], []
    for (child_id, parent_id, valid_from), valid_to in wanted.items():
        edge = existing.get((child_id, parent_id, valid_from))
        if edge is None:
            to_create.append(
                UnitParent(child_id=child_id, parent_id=parent_id, valid_from=valid_from, valid_to=valid_to)
            )
        elif edge.valid_to != valid_to:
            edge.valid_to = valid_to
            to_update.append(edge)
        else:
            count.unchanged += 1
    UnitParent.objects.bulk_create(to_create, batch_size=BATCH)
    UnitParent.objects.bulk_update(to_update, ["valid_to"], batch_size=BATCH)
    count.created, count.updated = len(to_create), len(to_update)
    return count


def sync_successions(specs: Iterable[SuccessionSpec], units: dict[str, Unit]) -> SyncCount:
    """Upsert successions, identified by (predecessor, successor)."""
    wanted = {(units[s.predecessor].pk, units[s.successor].pk): s for s in specs}
    pred_ids = {pred_id for pred_id, _ in wanted}
    existing = {
        (r.predecessor_id, r.successor_id): r
        for r in UnitSuccession.objects.filter(predecessor_id__in=pred_ids)
    }
    count = SyncCount()
    to_create, to_update = [], []
    for (pred_id, succ_id), spec in wanted.items():
        values = {f: getattr(spec, f) for f in _SUCCESSION_FIELDS}
        row = existing.get((pred_id, succ_id))
        if row is None:
            to_create.append(UnitSuccession(predecessor_id=pred_id, successor_id=succ_id, **values))
        elif _assign_changes(row, values):
            to_update.append(row)
        else:
            count.unchanged += 1
    UnitSuccession.objects.bulk_create(to_create, batch_size=BATCH)
    UnitSuccession.objects.bulk_update(to_update, list(_SUCCESSION_FIELDS), batch_size=BATCH)
    count.created, count.updated = len(to_create), len(to_update)
    return count


def units_by_code(codes: Iterable[str]) -> dict[str, Unit]:
    return Unit.objects.in_bulk(list(codes), field_name="code")


_UNIT_FIELDS = tuple(f for f in UnitSpec.__dataclass_fields__ if f != "code")
_SUCCESSION_FIELDS = ("effective_on", "kind", "weight", "basis")


def _new_unit(values: dict[str, object]) -> Unit:
    unit = Unit(**values)
    unit.search_text = unit.build_search_text()
    return unit


def _assign_changes(obj: Unit | UnitSuccession, values: dict[str, object]) -> bool:
    """Set the attributes that differ; say whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed
