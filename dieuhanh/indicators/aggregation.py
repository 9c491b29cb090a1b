"""Indicator values of any unit and period, over the hierarchy as of any day.

Three steps, each cheap:
1. cells — for an entered indicator, a node and a native period: Σ share·x·value and Σ share·x
   over the reporters mapped to the node (x = 1, or the denominator's value for indicators
   weighted by one). Read from `Rollup` for nodes with descendants (built once per
   hierarchy epoch and indicator, dropped when the indicator's values change), computed
   live for the others.
2. time — the native periods inside the asked period are combined by the indicator's rule
   (sum, last, mean).
3. formulas — computed indicators are evaluated on their inputs' aggregated values (a share
   of sums, never a sum of shares).

Only totals (empty disaggregation) and each cell's current source are aggregated.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import connection, transaction

from dieuhanh.core.memo import TransactionMemo
from dieuhanh.core.periods import MONTHS, Period
from dieuhanh.indicators import formula
from dieuhanh.indicators.hierarchy import HierarchyKey, ensure_map, hierarchy_key
from dieuhanh.indicators.models import DataValue, HierarchyMap, Indicator, Rollup, RollupState
from dieuhanh.units.models import Unit

Cells = dict[tuple[int, str], tuple[float, float]]  # (indicator id, period code) → (total, weight_sum)


@dataclass(frozen=True)
class Spec:
    """What aggregation needs to know about an indicator, without touching the ORM."""

    id: int
    code: str
    periodicity: str
    unit_aggregation: str
    time_aggregation: str
    weight_indicator_id: int | None
    tree: formula.Node | None


@dataclass
class _Registry:
    by_id: dict[int, Spec] = field(default_factory=dict)
    by_code: dict[str, Spec] = field(default_factory=dict)
    rows: tuple[Any, ...] = ()  # the rows it was read from: a key for what is computed on it


SPEC_FIELDS = ("id", "code", "periodicity", "unit_aggregation", "time_aggregation", "weight_indicator_id")
_registries: TransactionMemo[_Registry] = TransactionMemo(limit=4)


# A reading that changes nothing (a GET) may read the indicators once and use them throughout:
# registry_pinned() holds the first reading for the rest of the block (indicators.middleware).
_pinned: ContextVar[list[_Registry] | None] = ContextVar("indicator_registry_pinned", default=None)


# Within the same block the values cannot change either, so what the aggregation reads (a
# value, a latest period, which rollups are built) is read once: a page showing one figure in
# several places — a target's series in its row, its projection and its verdict — pays once.
_read_once: ContextVar[dict[Hashable, Any] | None] = ContextVar("indicator_reads_pinned", default=None)


@contextmanager
def registry_pinned() -> Iterator[None]:
    """Within the block, the indicators are read at most once and each aggregated figure is
    computed at most once (for requests that write nothing)."""
    token = _pinned.set([])
    reads = _read_once.set({})
    try:
        yield
    finally:
        _read_once.reset(reads)
        _pinned.reset(token)


def read_once[V](key: Hashable, compute: Callable[[], V]) -> V:
    """`compute()`, remembered for the rest of the pinned block under `key` (outside one, no
    memory: a write may come between two reads)."""
    memo = _read_once.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[no-any-return]


def registry() -> _Registry:
    """The indicators as aggregation needs them, keyed by the rows themselves: the table is
    small, so it is read on every call (once per pinned block) and only the parsing is
    remembered — an edit, in any process, is seen at once, and a rolled-back one is never seen."""
    held = _pinned.get()
    if held:
        return held[0]
    found = _registry_read()
    if held is not None:
        held.append(found)
    return found


def _registry_read() -> _Registry:
    rows = tuple(Indicator.objects.order_by("pk").values_list(*SPEC_FIELDS, "formula"))
    found = _registries.get(rows)
    if found is None:
        specs = [_spec(row) for row in rows]
        found = _Registry({s.id: s for s in specs}, {s.code: s for s in specs}, rows)
        _registries.put(rows, found)
    return found


def values_version() -> tuple[int, int, int]:
    """A fingerprint of every recorded value: how many rows, the newest row and the newest
    history row. Values are never edited in place — a revision is a new row, a change of which
    one counts writes a history row, a removal lowers the count — so any change moves it, and
    what is computed from the values can be remembered under it (read once per pinned block)."""
    return read_once("values_version", _values_version_read)


def _values_version_read() -> tuple[int, int, int]:
    history = DataValue.history.model._meta.db_table  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), MAX(id) FROM indicators_datavalue")
        count, top = cursor.fetchone()
        cursor.execute(f"SELECT MAX(history_id) FROM {history}")  # noqa: S608 (a table name)
        (changed,) = cursor.fetchone()
    return (count or 0, top or 0, changed or 0)


def registry_forget(**_: object) -> None:
    _registries.clear()


def _spec(row: tuple[Any, ...]) -> Spec:
    pk, code, periodicity, unit_aggregation, time_aggregation, weight_id, text = row
    try:
        tree = formula.parse(text) if text.strip() else None
    except formula.FormulaError:
        tree = formula.Num(float("nan"))  # saved before validation existed; shows as no value
    return Spec(pk, code, periodicity, unit_aggregation, time_aggregation, weight_id, tree)


# ---- public reads ---------------------------------------------------------------------------


def values_at(
    *, indicators: Iterable[Indicator | int], unit: Unit, periods: Sequence[Period], on: dt.date
) -> dict[tuple[int, str], float | None]:
    """(indicator id, period code) → the value at `unit` for each asked indicator and period."""
    ids = tuple(_id(i) for i in indicators)
    codes = tuple(p.code for p in periods)
    found = read_once(("values_at", ids, unit.pk, codes, on), lambda: _values_at(ids, unit, periods, on))
    return dict(found)  # the caller's own copy


def _values_at(
    ids: Sequence[int], unit: Unit, periods: Sequence[Period], on: dt.date
) -> dict[tuple[int, str], float | None]:
    reg = registry()
    asked = [reg.by_id[i] for i in ids]
    key = hierarchy_key(on)
    entered = _entered_closure(asked, reg)
    cells = _cells(key, unit.pk, entered, periods)
    calc = _Calculator(reg, cells)
    return {(s.id, p.code): calc.value(s, p) for s in asked for p in periods}


def series(
    *, indicator: Indicator | int, unit: Unit, first: Period, last: Period, on: dt.date
) -> list[tuple[Period, float | None]]:
    """The indicator's values at `unit` for every period from `first` to `last` (same kind)."""
    periods = []
    current = first
    while current <= last:
        periods.append(current)
        current = current.shift(1)
    values = values_at(indicators=[indicator], unit=unit, periods=periods, on=on)
    ident = _id(indicator)
    return [(p, values[(ident, p.code)]) for p in periods]


def values_by_unit(
    *, indicator: Indicator | int, units: Sequence[Unit], period: Period, on: dt.date
) -> dict[int, float | None]:
    """Unit id → the indicator's value there (the map): one query for all units."""
    reg = registry()
    spec = reg.by_id[_id(indicator)]
    key = hierarchy_key(on)
    ensure_map(key)
    entered = _entered_closure([spec], reg)
    by_node = _map_cells(key, [u.pk for u in units], entered, _native_codes(entered, [period]))
    out: dict[int, float | None] = {}
    if spec.tree is None and spec.periodicity == period.kind:
        # One native period of an entered indicator: the cell is the value (no time rule).
        cell_key, none = (spec.id, period.code), Cells()
        for ident in (u.pk for u in units):
            out[ident] = _cell_value(spec, by_node.get(ident, none).get(cell_key))
        return out
    for u in units:
        calc = _Calculator(reg, by_node.get(u.pk, {}))
        out[u.pk] = calc.value(spec, period)
    return out


def _map_cells(
    key: HierarchyKey, nodes: list[int], entered: Sequence[Spec], wanted: dict[int, list[str]]
) -> dict[int, Cells]:
    """The cells of many nodes at once (the map of every commune): sums and not-aggregatable
    indicators read the raw values once and spread them through the epoch's map held in
    memory; weighted ones keep the SQL join with their denominator."""
    weighted = [s for s in entered if s.unit_aggregation == "weighted"]
    out = _live_cells(key, nodes, weighted, wanted) if weighted else defaultdict(dict)
    others = [s for s in entered if s.unit_aggregation != "weighted"]
    periods = sorted({c for s in others for c in wanted.get(s.id, [])})
    if not others or not periods:
        return out
    asked = set(nodes)
    only_direct = {s.id for s in others if s.unit_aggregation == "none"}
    spread = _spread_map(key)
    ind_sql, ind_params = _in("indicator_id", [s.id for s in others])
    per_sql, per_params = _in("period", periods)
    sql = f"""
        SELECT unit_id, indicator_id, period, value FROM indicators_datavalue
        WHERE {ind_sql} AND {per_sql} AND is_current = %s AND disaggregation = ''
    """
    sums: dict[tuple[int, int, str], list[float]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ind_params, *per_params, True])
        for unit, ind, per, value in cursor.fetchall():
            direct_only = ind in only_direct
            for node, weight, direct in spread.get(unit, ()):
                if node in asked and (direct or not direct_only):
                    acc = sums.setdefault((node, ind, per), [0.0, 0.0])
                    acc[0] += weight * value
                    acc[1] += weight
    for (node, ind, per), (total, wsum) in sums.items():
        out[node][(ind, per)] = (total, wsum)
    return out


# Per epoch: source → (node, share, direct) for every map row. A key's map never changes
# (the key carries the units data's fingerprint), so nothing needs to forget it but memory — and
# a rollback that removed the map's rows (TransactionMemo).
SpreadMap = dict[int, tuple[tuple[int, float, bool], ...]]
SPREAD_MAPS_KEPT = 4
_spread_maps: TransactionMemo[SpreadMap] = TransactionMemo(limit=SPREAD_MAPS_KEPT)


def _spread_map(key: HierarchyKey) -> SpreadMap:
    spread = _spread_maps.get(key)
    if spread is None:
        rows: dict[int, list[tuple[int, float, bool]]] = defaultdict(list)
        found = HierarchyMap.objects.filter(version=key.version, epoch=key.epoch)
        for source, node, weight, direct in found.values_list("source_id", "node_id", "weight", "direct"):
            rows[source].append((node, weight, direct))
        spread = {s: tuple(r) for s, r in rows.items()}
        _spread_maps.put(key, spread)
    return spread


def latest_period(*, indicator: Indicator | int, on: dt.date | None = None) -> Period | None:
    """The latest native period (not after `on`) with a value of the indicator or its inputs."""
    return latest_periods(indicators=[indicator], on=on)[_id(indicator)]


def latest_periods(
    *, indicators: Iterable[Indicator | int], on: dt.date | None = None
) -> dict[int, Period | None]:
    """Indicator id → its latest native period with data, one index seek per input indicator."""
    out: dict[int, Period | None] = {}
    for ind in indicators:
        ident = _id(ind)
        out[ident] = read_once(("latest_period", ident, on), partial(_latest_period, ident, on))
    return out


def _latest_period(ident: int, on: dt.date | None) -> Period | None:
    reg = registry()
    spec = reg.by_id[ident]
    bound = Period.containing(spec.periodicity, on).code if on else "9999"
    found = []
    with connection.cursor() as cursor:
        for entered in _entered_closure([spec], reg):
            if entered.periodicity != spec.periodicity:
                continue
            cursor.execute(_LATEST_SQL, [entered.id, True, bound])
            (code,) = cursor.fetchone()
            if code:
                found.append(Period.parse(code))
    return max(found) if found else None


_LATEST_SQL = """
    SELECT MAX(period) FROM indicators_datavalue
    WHERE indicator_id = %s AND is_current = %s AND disaggregation = '' AND period <= %s
"""


def entered_ids(*, indicator: Indicator | int) -> list[int]:
    """The entered indicators whose values make this one (itself, when entered)."""
    reg = registry()
    return [s.id for s in _entered_closure([reg.by_id[_id(indicator)]], reg)]


def rollup_build(*, on: dt.date, indicator_ids: Sequence[int] | None = None) -> int:
    """Build the map and the rollups of `on`'s epoch (every entered indicator by default)
    ahead of the first read; return how many indicators."""
    key = hierarchy_key(on)
    ensure_map(key)
    ids = (
        list(indicator_ids)
        if indicator_ids is not None
        else [s.id for s in registry().by_id.values() if s.tree is None]
    )
    if ids:
        _ensure_rollups(key, ids)
    return len(ids)


def rollup_invalidate(*, indicator_ids: Iterable[int]) -> None:
    """Forget the rollups of these indicators (their values changed), and of the indicators
    weighted by them."""
    ids = set(indicator_ids)
    ids |= set(Indicator.objects.filter(weight_indicator_id__in=ids).values_list("id", flat=True))
    RollupState.objects.filter(indicator_id__in=ids).delete()
    Rollup.objects.filter(indicator_id__in=ids).delete()


# ---- cells ----------------------------------------------------------------------------------


def _id(i: Indicator | int) -> int:
    return i if isinstance(i, int) else i.pk


def _entered_closure(specs: Iterable[Spec], reg: _Registry) -> list[Spec]:
    """The entered indicators that the given ones read, directly or through formulas."""
    found: dict[int, Spec] = {}
    stack = list(specs)
    seen: set[int] = set()
    while stack:
        spec = stack.pop()
        if spec.id in seen:
            continue
        seen.add(spec.id)
        if spec.tree is None:
            found[spec.id] = spec
            continue
        stack.extend(reg.by_code[c] for c in formula.references(spec.tree) if c in reg.by_code)
    return list(found.values())


def _native_codes(entered: Sequence[Spec], periods: Sequence[Period]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for spec in entered:
        codes: set[str] = set()
        for p in periods:
            codes.update(part.code for part in p.parts(spec.periodicity))
        out[spec.id] = sorted(codes)
    return out


def _cells(key: HierarchyKey, node: int, entered: Sequence[Spec], periods: Sequence[Period]) -> Cells:
    ensure_map(key)
    wanted = _native_codes(entered, periods)
    if not entered:
        return {}
    if _is_rollup_node(key, node):
        return _rollup_cells(key, node, wanted)
    return _live_cells(key, [node], entered, wanted).get(node, {})


_rollup_nodes: TransactionMemo[frozenset[int]] = TransactionMemo(limit=16)


def _is_rollup_node(key: HierarchyKey, node: int) -> bool:
    return node in _rollup_node_set(key)


def _rollup_node_set(key: HierarchyKey) -> frozenset[int]:
    """Nodes that receive other units' values; the map of a key never changes, so remember it
    (never past a rollback that removed the map's rows)."""
    nodes = _rollup_nodes.get(key)
    if nodes is None:
        rows = HierarchyMap.objects.filter(version=key.version, epoch=key.epoch, direct=False)
        nodes = frozenset(rows.values_list("node_id", flat=True).distinct())
        _rollup_nodes.put(key, nodes)
    return nodes


def rollup_nodes_forget() -> None:
    _rollup_nodes.clear()
    _spread_maps.clear()


def _rollup_cells(key: HierarchyKey, node: int, wanted: dict[int, list[str]]) -> Cells:
    _ensure_rollups(key, list(wanted))
    periods = sorted({c for codes in wanted.values() for c in codes})
    if not periods:
        return {}
    memo = _read_once.get()
    if memo is not None:
        return _rollup_cells_held(memo, key, node, wanted)
    ids = list(wanted)
    sql = f"""
        SELECT indicator_id, period, total, weight_sum FROM indicators_rollup
        WHERE version = %s AND epoch = %s AND node_id = %s
          AND period IN ({_marks(periods)}) AND indicator_id IN ({_marks(ids)})
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [key.version, _db_date(key.epoch), node, *periods, *ids])
        return {(ind, per): (total, wsum) for ind, per, total, wsum in cursor.fetchall()}


def _rollup_cells_held(
    memo: dict[Hashable, Any], key: HierarchyKey, node: int, wanted: dict[int, list[str]]
) -> Cells:
    """Within a pinned block: every period of an indicator's rollup at the node is read once
    (a page asks the same node for many period ranges of the same indicator)."""
    held: dict[int, Cells] = memo.setdefault(("rollup_cells", key, node), {})
    unread = [i for i in wanted if i not in held]
    if unread:
        sql = f"""
            SELECT indicator_id, period, total, weight_sum FROM indicators_rollup
            WHERE version = %s AND epoch = %s AND node_id = %s AND indicator_id IN ({_marks(unread)})
        """
        for i in unread:
            held[i] = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, [key.version, _db_date(key.epoch), node, *unread])
            for ind, per, total, wsum in cursor.fetchall():
                held[ind][(ind, per)] = (total, wsum)
    out: Cells = {}
    for ind, codes in wanted.items():
        cells = held[ind]
        for code in codes:
            cell = cells.get((ind, code))
            if cell is not None:
                out[(ind, code)] = cell
    return out


def _marks(values: Sequence[object]) -> str:
    return ",".join(["%s"] * len(values))


def _missing_rollups(key: HierarchyKey, indicator_ids: list[int]) -> list[int]:
    sql = f"""
        SELECT indicator_id FROM indicators_rollupstate
        WHERE version = %s AND epoch = %s AND indicator_id IN ({_marks(indicator_ids)})
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [key.version, _db_date(key.epoch), *indicator_ids])
        built = {row[0] for row in cursor.fetchall()}
    return [i for i in indicator_ids if i not in built]


def _ensure_rollups(key: HierarchyKey, indicator_ids: list[int]) -> None:
    # Reads check without a transaction: on SQLite (IMMEDIATE) one would take the write lock
    # on every dashboard view. Only a missing rollup opens one, and checks again inside it.
    # Within a pinned block, a rollup checked (or built) once stays there.
    # Within a pinned block, which rollups are built is read once, for every indicator.
    memo = _read_once.get()
    if memo is None:
        if _missing_rollups(key, indicator_ids):
            _build_rollups(key, indicator_ids)
        return
    built: set[int] | None = memo.get(("rollups_built", key))
    if built is None:
        built = memo[("rollups_built", key)] = _built_rollups(key)
    missing = [i for i in indicator_ids if i not in built]
    if missing:
        _build_rollups(key, missing)
        built.update(missing)


def _built_rollups(key: HierarchyKey) -> set[int]:
    found = RollupState.objects.filter(version=key.version, epoch=key.epoch)
    return set(found.values_list("indicator_id", flat=True))


@transaction.atomic
def _build_rollups(key: HierarchyKey, indicator_ids: list[int]) -> None:
    fresh = connection.vendor == "postgresql"
    if fresh:
        # Builders of one epoch take turns (SQLite's single writer does this by itself), so
        # the rows are inserted without ON CONFLICT, whose check of each row cost a third of
        # the insert at national scale (840.000 rows: 19 s against 12 s, measured in psql).
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"rollup:{key.version}:{key.epoch}"]
            )
    missing = _missing_rollups(key, indicator_ids)
    if not missing:
        return
    # Rollups under older unit versions will never be read again; rows of this epoch without
    # their state (none are written so, but a fresh insert must not meet any) go too.
    Rollup.objects.filter(indicator_id__in=missing).exclude(version=key.version).delete()
    if fresh:
        Rollup.objects.filter(version=key.version, epoch=key.epoch, indicator_id__in=missing).delete()
    _insert_rollups(key, missing, fresh=fresh)
    RollupState.objects.bulk_create(
        [RollupState(version=key.version, epoch=key.epoch, indicator_id=i) for i in missing],
        ignore_conflicts=True,
    )


# Three shapes of cell, one statement each, so that no statement carries a join it does not
# need (the planner cannot drop a LEFT JOIN guarded by a per-row CASE):
# - "plain" (sums and means): Σ share·value and Σ share;
# - "weighted": x = the denominator's value (NULL when missing: left out of both sums);
# - "none" (not aggregatable): only what the node, or a unit it took over, reported itself.
_PLAIN_FROM = """
    FROM indicators_datavalue v
    JOIN indicators_hierarchymap m ON m.version = %s AND m.epoch = %s AND m.source_id = v.unit_id
"""
_WEIGHTED_FROM = (
    _PLAIN_FROM
    + """
    JOIN indicators_indicator i ON i.id = v.indicator_id
    LEFT JOIN indicators_datavalue d ON d.indicator_id = i.weight_indicator_id
        AND d.unit_id = v.unit_id AND d.period = v.period AND d.disaggregation = '' AND d.is_current = %s
"""
)
_SHAPES = {
    "plain": ("SUM(m.weight * v.value), SUM(m.weight)", _PLAIN_FROM, ""),
    "weighted": ("SUM(m.weight * d.value * v.value), SUM(m.weight * d.value)", _WEIGHTED_FROM, ""),
    "none": ("SUM(m.weight * v.value), SUM(m.weight)", _PLAIN_FROM, " AND m.direct = %s"),
}
_FILTER = "v.is_current = %s AND v.disaggregation = ''"


def _shapes(indicator_ids: Iterable[int]) -> dict[str, list[int]]:
    """The indicators by shape of cell, read from the table (not the registry's cache)."""
    out: dict[str, list[int]] = defaultdict(list)
    rows = Indicator.objects.filter(id__in=list(indicator_ids)).values_list("id", "unit_aggregation")
    for ident, rule in sorted(rows):
        out[rule if rule in ("weighted", "none") else "plain"].append(ident)
    return out


def _cells_sql(shape: str, key: HierarchyKey) -> tuple[str, str, str, list[Any], list[Any]]:
    """(sums, FROM … JOIN …, extra filter, FROM's params, filter's params) of one shape."""
    sums, joins, extra = _SHAPES[shape]
    join_params: list[Any] = [key.version, _db_date(key.epoch)]
    if shape == "weighted":
        join_params.append(True)
    return sums, joins, _FILTER + extra, join_params, [True] + ([True] if extra else [])


def _in(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """`column IN (…)`; on PostgreSQL one array parameter, whatever the count (a map asks
    for thousands of communes)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(values)]
    return f"{column} IN ({_marks(values)})", list(values)


def _insert_rollups(
    key: HierarchyKey,
    indicator_ids: Sequence[int],
    *,
    periods: Sequence[str] | None = None,
    sources: Sequence[int] | None = None,
    replace: bool = False,
    fresh: bool = False,
) -> None:
    """INSERT … SELECT over the map (the unit → node closure of the epoch), one statement per
    shape of cell: the cells of these indicators at every node with descendants, or only of
    `periods` at the nodes that `sources` count toward. `replace` overwrites cells built
    meanwhile by another transaction; `fresh` says none exist (the caller holds the epoch)."""
    nodes = sorted(_rollup_node_set(key))
    if not nodes:
        return
    epoch = _db_date(key.epoch)
    conflict = (
        "ON CONFLICT (version, epoch, node_id, indicator_id, period) DO UPDATE SET total = excluded.total, "
        "weight_sum = excluded.weight_sum, count = excluded.count"
        if replace
        else ""
        if fresh
        else "ON CONFLICT DO NOTHING"
    )
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        # Compiling these short statements costs more than it saves (~70 ms each, measured).
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
    two_step = REBUILD_BY_REPORTER_CLASS and periods is None and sources is None
    if (
        two_step
        and connection.vendor == "postgresql"
        and _insert_rollups_by_reporter_class(key, indicator_ids, nodes, conflict)
    ):
        return
    for shape, ids in _shapes(indicator_ids).items():
        sums, joins, filters, join_params, filter_params = _cells_sql(shape, key)
        ind_sql, ind_params = _in("v.indicator_id", ids)
        node_sql, node_params = _in("m.node_id", nodes)
        where, params = [ind_sql, node_sql], [*ind_params, *node_params]
        if periods is not None:
            period_sql, period_params = _in("v.period", periods)
            where.append(period_sql)
            params += period_params
        if sources is not None:
            source_sql, source_params = _in("s.source_id", sources)
            where.append(
                "m.node_id IN (SELECT s.node_id FROM indicators_hierarchymap s "
                f"WHERE s.version = %s AND s.epoch = %s AND {source_sql})"
            )
            params += [key.version, epoch, *source_params]
        sql = f"""
            INSERT INTO indicators_rollup
                (version, epoch, node_id, indicator_id, period, total, weight_sum, count)
            SELECT %s, {_date_mark()}, m.node_id, v.indicator_id, v.period, {sums}, COUNT(*)
            {joins}
            WHERE {" AND ".join(where)} AND {filters}
            GROUP BY m.node_id, v.indicator_id, v.period
            {conflict}
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [key.version, epoch, *join_params, *params, *filter_params])


# A full rebuild on PostgreSQL, in two steps (measured 2× faster at national scale): the
# reporters that count toward the same nodes with the same shares form a class (most communes
# of a province share one: the province and the country, share 1), so the values are first
# summed per class, indicator and period — each value finds its one class, instead of being
# joined once per node it counts toward — and only those few partial sums are spread to the nodes.
# Σ share·x over the reporters of a node = Σ over classes of share·(Σ x of the class): the same
# cells as the one-step statement (up to the order of float additions).
REBUILD_BY_REPORTER_CLASS = True  # tests compare it with the one-step statement
MAX_LOOKUP_SPAN = 2_000_000  # unit ids: an 8 MB array parameter at most
_PARTS = "dh_rollup_parts"
_CLASS_PARTS = {
    # (stage 1: per class; stage 2: spread to the nodes)
    "plain": (
        "SUM(c.value) AS total, COUNT(*) AS n",
        "SUM(m.weight * p.total), SUM(m.weight * p.n), SUM(p.n)",
    ),
    "weighted": (
        "SUM(c.wvalue * c.value) AS total, SUM(c.wvalue) AS wsum, COUNT(*) AS n",
        "SUM(m.weight * p.total), SUM(m.weight * p.wsum), SUM(p.n)",
    ),
}


def _reporter_classes(
    key: HierarchyKey, nodes: Sequence[int]
) -> tuple[list[int], list[int], list[tuple[int, int, float, bool]]]:
    """(reporters, their classes, each class's (class, node, share, direct) rows): reporters
    with the same map rows toward the roll-up nodes share a class."""
    rows = HierarchyMap.objects.filter(version=key.version, epoch=key.epoch, node_id__in=list(nodes))
    by_source: dict[int, list[tuple[int, float, bool]]] = defaultdict(list)
    for source, node, weight, direct in rows.values_list("source_id", "node_id", "weight", "direct"):
        by_source[source].append((node, weight, direct))
    class_of: dict[tuple[tuple[int, float, bool], ...], int] = {}
    sources, classes = [], []
    spread: list[tuple[int, int, float, bool]] = []
    for source, found in sorted(by_source.items()):
        mark = tuple(sorted(found))
        if mark not in class_of:
            class_of[mark] = len(class_of)
            spread += [(class_of[mark], node, weight, direct) for node, weight, direct in mark]
        sources.append(source)
        classes.append(class_of[mark])
    return sources, classes, spread


def _insert_rollups_by_reporter_class(
    key: HierarchyKey, indicator_ids: Sequence[int], nodes: Sequence[int], conflict: str
) -> bool:
    """Build the rollups in two steps; False (nothing done) when the unit ids are too spread
    out for one lookup array."""
    epoch = _db_date(key.epoch)
    sources, classes, spread = _reporter_classes(key, nodes)
    if not sources:
        return True
    if sources[-1] - sources[0] > MAX_LOOKUP_SPAN:
        return False
    if connection.in_atomic_block:
        # The default 4 MB sends the per-class sums (~100.000 groups at national scale) to
        # disk in batches.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '128MB'")
    spread_cols = [list(col) for col in zip(*spread, strict=True)]
    low, high = sources[0], sources[-1]
    # -1, not NULL, for the ids that are no reporter: an array with NULLs is subscripted by
    # counting the elements before the index, one walk per value; without, it is one step.
    lookup = [-1] * (high - low + 1)
    for source, class_id in zip(sources, classes, strict=True):
        lookup[source - low] = class_id
    for shape, ids in _shapes(indicator_ids).items():
        stage1, stage2 = _CLASS_PARTS["plain" if shape == "none" else shape]
        direct = " WHERE m.direct" if shape == "none" else ""
        weight_join = ""
        join_params: list[Any] = []
        if shape == "weighted":
            weight_join = """
                JOIN indicators_indicator i ON i.id = v.indicator_id
                LEFT JOIN indicators_datavalue d ON d.indicator_id = i.weight_indicator_id
                    AND d.unit_id = v.unit_id AND d.period = v.period AND d.disaggregation = ''
                    AND d.is_current = %s
            """
            join_params = [True]
        # Each value finds its class by subscript in one array indexed by unit id (a few
        # thousand entries): no join, so nothing hashes the millions of values. The per-class
        # sums go into a temporary table first: PostgreSQL runs the SELECT of a CREATE TABLE AS
        # with parallel workers, never that of an INSERT, and this scan is the whole cost.
        parts = f"""
            CREATE TEMPORARY TABLE {_PARTS} ON COMMIT DROP AS
            SELECT c.class_id, c.indicator_id, c.period, {stage1}
            FROM (
                SELECT (%s::int[])[v.unit_id - %s] AS class_id, v.indicator_id, v.period, v.value
                    {", d.value AS wvalue" if shape == "weighted" else ""}
                FROM indicators_datavalue v
                {weight_join}
                WHERE v.indicator_id = ANY(%s) AND v.unit_id BETWEEN %s AND %s AND {_FILTER}
            ) c
            WHERE c.class_id >= 0
            GROUP BY c.class_id, c.indicator_id, c.period
        """
        spread_sql = f"""
            INSERT INTO indicators_rollup
                (version, epoch, node_id, indicator_id, period, total, weight_sum, count)
            SELECT %s, %s::date, m.node_id, p.indicator_id, p.period, {stage2}
            FROM {_PARTS} p
            JOIN unnest(%s::int[], %s::bigint[], %s::float8[], %s::boolean[])
                AS m(class_id, node_id, weight, direct) ON m.class_id = p.class_id
            {direct}
            GROUP BY m.node_id, p.indicator_id, p.period
            {conflict}
        """
        with connection.cursor() as cursor:
            cursor.execute(parts, [lookup, low - 1, *join_params, list(ids), low, high, True])
            cursor.execute(f"ANALYZE {_PARTS}")
            cursor.execute(spread_sql, [key.version, epoch, *spread_cols])
            cursor.execute(f"DROP TABLE {_PARTS}")
    return True


# Above this many changed units, a refresh recomputes its periods at every node (one scan)
# rather than first finding the nodes they count toward.
REFRESH_NODE_LIMIT = 500


def rollup_refresh(*, cells: Iterable[tuple[int, str, int]]) -> int:
    """Bring the built roll-ups up to date after the total values of these (indicator,
    period, unit) changed: only those indicators' rows, for those periods, at the nodes those
    units count toward, are recomputed (and the rows of indicators weighted by them).
    Run inside the writing transaction; return how many statements it took."""
    by_indicator: dict[int, tuple[set[str], set[int]]] = defaultdict(lambda: (set(), set()))
    for indicator, period, unit in cells:
        by_indicator[indicator][0].add(period)
        by_indicator[indicator][1].add(unit)
    if not by_indicator:
        return 0
    weighted = Indicator.objects.filter(weight_indicator_id__in=list(by_indicator))
    for ind, weight in weighted.values_list("id", "weight_indicator_id"):
        periods, units = by_indicator[ind]
        periods |= by_indicator[weight][0]
        units |= by_indicator[weight][1]
    # Indicators sharing the same periods and units are refreshed by one statement.
    groups: dict[tuple[frozenset[str], frozenset[int]], list[int]] = defaultdict(list)
    for ind, (periods, units) in by_indicator.items():
        groups[(frozenset(periods), frozenset(units))].append(ind)
    states = RollupState.objects.filter(indicator_id__in=list(by_indicator))
    built: dict[HierarchyKey, set[int]] = defaultdict(set)
    for version, epoch, ind in states.values_list("version", "epoch", "indicator_id"):
        built[HierarchyKey(version, epoch)].add(ind)
    statements = 0
    for key, ids in built.items():
        if not HierarchyMap.objects.filter(version=key.version, epoch=key.epoch).exists():
            # Built under units data that has changed since: never read again.
            RollupState.objects.filter(version=key.version, epoch=key.epoch, indicator_id__in=ids).delete()
            Rollup.objects.filter(version=key.version, epoch=key.epoch, indicator_id__in=ids).delete()
            continue
        for (period_set, unit_set), members in groups.items():
            chosen = sorted(set(members) & ids)
            if chosen:
                statements += _refresh_cells(key, chosen, sorted(period_set), sorted(unit_set))
    return statements


def _refresh_cells(key: HierarchyKey, ids: list[int], periods: list[str], units: list[int]) -> int:
    sources = units if len(units) <= REFRESH_NODE_LIMIT else None
    epoch = _db_date(key.epoch)
    where = [f"indicator_id IN ({_marks(ids)})", f"period IN ({_marks(periods)})"]
    params: list[Any] = [key.version, epoch, *ids, *periods]
    if sources is not None:
        where.append(
            "node_id IN (SELECT node_id FROM indicators_hierarchymap WHERE version = %s AND epoch = %s "
            f"AND source_id IN ({_marks(sources)}))"
        )
        params += [key.version, epoch, *sources]
    # A cell whose last value went away has no row to overwrite: remove, then insert.
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM indicators_rollup WHERE version = %s AND epoch = %s AND {' AND '.join(where)}",
            params,
        )
    _insert_rollups(key, ids, periods=periods, sources=sources, replace=True)
    return 2


def _db_date(day: dt.date) -> Any:
    return connection.ops.adapt_datefield_value(day)


def _date_mark() -> str:
    # A bare parameter in a SELECT list is text to PostgreSQL; the column wants a date.
    return "%s::date" if connection.vendor == "postgresql" else "%s"


def _live_cells(
    key: HierarchyKey, nodes: list[int], entered: Sequence[Spec], wanted: dict[int, list[str]]
) -> dict[int, Cells]:
    periods = sorted({c for codes in wanted.values() for c in codes})
    if not nodes or not periods or not entered:
        return {}
    out: dict[int, Cells] = defaultdict(dict)
    for shape, ids in _shapes_of(entered).items():
        sums, joins, filters, join_params, filter_params = _cells_sql(shape, key)
        ind_sql, ind_params = _in("v.indicator_id", ids)
        per_sql, per_params = _in("v.period", periods)
        node_sql, node_params = _in("m.node_id", nodes)
        sql = f"""
            SELECT m.node_id, v.indicator_id, v.period, {sums}
            {joins}
            WHERE {ind_sql} AND {per_sql} AND {node_sql} AND {filters}
            GROUP BY m.node_id, v.indicator_id, v.period
        """
        params = [*join_params, *ind_params, *per_params, *node_params, *filter_params]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for node, ind, per, total, wsum in cursor.fetchall():
                if total is not None:
                    out[node][(ind, per)] = (total, wsum)
    return out


def _shapes_of(entered: Sequence[Spec]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(list)
    for spec in entered:
        rule = spec.unit_aggregation
        out[rule if rule in ("weighted", "none") else "plain"].append(spec.id)
    return out


# ---- time and formulas ----------------------------------------------------------------------


class _Calculator:
    def __init__(self, reg: _Registry, cells: Cells) -> None:
        self.reg = reg
        self.cells = cells
        self.memo: dict[tuple[int, str], float | None] = {}

    def value(self, spec: Spec, period: Period) -> float | None:
        key = (spec.id, period.code)
        if key not in self.memo:
            self.memo[key] = None  # guards a cycle typed before validation existed
            self.memo[key] = self._compute(spec, period)
        return self.memo[key]

    def _compute(self, spec: Spec, period: Period) -> float | None:
        if spec.tree is not None:
            refs = formula.references(spec.tree)
            inputs = {c: self.value(self.reg.by_code[c], period) for c in refs if c in self.reg.by_code}
            return formula.evaluate(spec.tree, inputs)
        if MONTHS[period.kind] < MONTHS[spec.periodicity]:
            return None
        parts = [self._cell(spec, p) for p in period.parts(spec.periodicity)]
        return combine_time(spec.time_aggregation, parts)

    def _cell(self, spec: Spec, period: Period) -> float | None:
        return _cell_value(spec, self.cells.get((spec.id, period.code)))


def _cell_value(spec: Spec, cell: tuple[float, float] | None) -> float | None:
    if cell is None:
        return None
    total, weight_sum = cell
    if spec.unit_aggregation == "sum":
        return total
    return total / weight_sum if weight_sum else None


def combine_time(rule: str, parts: Sequence[float | None]) -> float | None:
    present = [v for v in parts if v is not None]
    if not present:
        return None
    if rule == "sum":
        return sum(present)
    if rule == "last":
        return present[-1]
    return sum(present) / len(present)
