"""The units' structure as of a date: the hierarchy, reorganisation lineage and the province
record. This is what access scoping is computed from (`accounts.rules`, `accounts.selectors`), so
it sits below the user-scoped selectors and takes no `user`; pages read units through
`units.selectors`.

The tree is the set of `UnitParent` edges valid on a day; lineage follows `UnitSuccession`
rows. Walks go level by level — one query per level, never one per unit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from dieuhanh.core.memo import read_once_per_request
from dieuhanh.units.models import Province, Unit, UnitParent, UnitSuccession

if TYPE_CHECKING:
    from dieuhanh.reporting.models import ReportRegime

# Reorganisations chain a handful of times at most; the cap only guards against a cycle
# typed by hand in the admin.
MAX_DEPTH = 32


def unit_children(*, unit: Unit, on: dt.date) -> QuerySet[Unit]:
    """The units directly under `unit` on `on`."""
    child_ids = UnitParent.objects.valid_on(on).filter(parent=unit).values("child_id")
    return Unit.objects.valid_on(on).filter(id__in=child_ids)


def unit_descendant_ids(*, unit: Unit, on: dt.date) -> set[int]:
    """Ids of every unit below `unit` on `on` (not `unit` itself)."""
    found: set[int] = set()
    frontier = {unit.pk}
    for _ in range(MAX_DEPTH):
        frontier = _child_ids(parent_ids=frontier, on=on) - found - {unit.pk}
        if not frontier:
            break
        found |= frontier
    return found


def unit_lineage_ids(*, unit: Unit) -> set[int]:
    """`unit` and every unit it succeeded, transitively: whose recorded work it carries."""
    found = {unit.pk}
    frontier = {unit.pk}
    for _ in range(MAX_DEPTH):
        rows = UnitSuccession.objects.filter(successor_id__in=frontier)
        frontier = set(rows.values_list("predecessor_id", flat=True)) - found
        if not frontier:
            break
        found |= frontier
    return found


def unit_successors(*, unit: Unit, on: dt.date) -> list[tuple[Unit, Decimal]]:
    """The units that carry `unit`'s work on `on`, each with its share (the product of the
    weights along the chain; shares reaching one unit by several paths add up).

    A unit valid on `on` carries its own work. A unit that ended without a successor
    (e.g. a district, abolished in 2025) yields nothing.
    """
    shares: dict[int, Decimal] = {unit.pk: Decimal(1)}
    carriers: dict[int, Decimal] = defaultdict(Decimal)
    for _ in range(MAX_DEPTH):
        valid = set(Unit.objects.valid_on(on).filter(id__in=shares).values_list("id", flat=True))
        for unit_id in valid:
            carriers[unit_id] += shares[unit_id]
        shares = _next_shares(shares={k: v for k, v in shares.items() if k not in valid}, on=on)
        if not shares:
            break
    units = Unit.objects.in_bulk(carriers)
    result = [(units[unit_id], share.normalize()) for unit_id, share in carriers.items()]
    return sorted(result, key=lambda pair: (-pair[1], pair[0].name))


def _child_ids(*, parent_ids: set[int], on: dt.date) -> set[int]:
    edges = UnitParent.objects.valid_on(on).filter(parent_id__in=parent_ids)
    return set(edges.values_list("child_id", flat=True))


def _next_shares(*, shares: dict[int, Decimal], on: dt.date) -> dict[int, Decimal]:
    """Pass each ended unit's share on to its successors effective by `on`."""
    rows = UnitSuccession.objects.filter(predecessor_id__in=shares, effective_on__lte=on)
    following: dict[int, Decimal] = defaultdict(Decimal)
    for pred_id, succ_id, weight in rows.values_list("predecessor_id", "successor_id", "weight"):
        following[succ_id] += shares[pred_id] * weight
    return dict(following)


def province_current() -> Province | None:
    """The deployment's province record: its root units, map, issuer, regimes and Board.
    The one place any app learns which province it serves."""
    return read_once_per_request("province_current", _province_read)


def _province_read() -> Province | None:
    return (
        Province.objects.filter(is_deployed=True)
        .select_related("root_before", "root_after", "issuer", "monthly_regime", "enterprise_regime")
        .first()
    )


def province_monthly_regime() -> ReportRegime | None:
    """The regime the dashboard and the synthesis follow: the province record's monthly regime."""
    province = province_current()
    return province.monthly_regime if province else None


def province_issuer(*, on: dt.date, province: Province | None = None) -> Unit | None:
    """The province record's issuing body (else its monthly regime's receiving body), or
    whoever carries its work on `on`; None when no province is recorded."""
    record = province or province_current()
    if record is None:
        return None
    # Labels ask for it once per row (a proposals page named the addressee 500 times).
    return read_once_per_request(("province_issuer", record.pk, on), lambda: _issuer_on(record, on))


def _issuer_on(record: Province, on: dt.date) -> Unit | None:
    receiver = record.issuer or (record.monthly_regime.receiving_unit if record.monthly_regime else None)
    if receiver is None:
        return None
    carriers = unit_successors(unit=receiver, on=on)
    return carriers[0][0] if carriers else receiver


def name_without_place(name: str) -> str:
    """ "Sở Tài chính tỉnh Lai Châu" → "Sở Tài chính": where
    the place is already said (a letterhead's upper line, the site's own pages)."""
    return re.sub(r"\s+(tỉnh|thành phố)\s+\S.*$", "", name)


def issuer_name(*, on: dt.date) -> str:
    """How UI text names the body units report to, from the province record."""
    unit = province_issuer(on=on)
    return name_without_place(unit.name) if unit else "cơ quan tổng hợp báo cáo"


def issuer_short_name(*, on: dt.date) -> str:
    """How UI text abbreviates that body: its short name as the record has it."""
    unit = province_issuer(on=on)
    return unit.short_name if unit and unit.short_name else issuer_name(on=on)


def province_root_on(*, on: dt.date) -> Unit | None:
    """The deployment's province unit as it stood on `on` (the record's root in force)."""
    province = province_current()
    return province.root_on(on) if province else None


def province_board_unit_ids() -> set[int]:
    """The units whose reporters act as the industrial-zone Board (before and after a merger)."""
    deployed = Province.objects.filter(is_deployed=True)
    return set(deployed.exclude(board_units=None).values_list("board_units", flat=True))


def unit_successions_from(*, unit_ids: Iterable[int]) -> dict[int, list[UnitSuccession]]:
    """Where each of these units went, in one query, for showing lineage beside a tree."""
    out: dict[int, list[UnitSuccession]] = defaultdict(list)
    rows = UnitSuccession.objects.filter(predecessor_id__in=list(unit_ids)).select_related("successor")
    for row in rows.order_by("successor__name"):
        out[row.predecessor_id].append(row)
    return out


def unit_lineages(*, unit_ids: Iterable[int]) -> dict[int, set[int]]:
    """`unit_lineage_ids` for many units in one query: the succession edges are few (hundreds
    per province), so they are walked in memory."""
    predecessors: dict[int, set[int]] = defaultdict(set)
    for predecessor_id, successor_id in UnitSuccession.objects.values_list("predecessor_id", "successor_id"):
        predecessors[successor_id].add(predecessor_id)
    out: dict[int, set[int]] = {}
    for unit_id in unit_ids:
        found, frontier = {unit_id}, {unit_id}
        for _ in range(MAX_DEPTH):
            frontier = {p for s in frontier for p in predecessors[s]} - found
            if not frontier:
                break
            found |= frontier
        out[unit_id] = found
    return out


def unit_carriers(*, units: Iterable[Unit], on: dt.date) -> dict[int, Unit]:
    """Each unit's id → the unit carrying its work on `on`: its main successor after a merger,
    else itself."""
    out: dict[int, Unit] = {}
    for unit in units:
        carriers = unit_successors(unit=unit, on=on)
        out[unit.pk] = carriers[0][0] if carriers else unit
    return out
