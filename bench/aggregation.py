"""Benchmark of the province dashboard's three aggregation queries, against DuckDB.

    .venv/bin/python bench/aggregation.py             # 114 communes + 60 agencies, 200 indicators, 120 months
    .venv/bin/python bench/aggregation.py --national   # 3,321 communes in 34 provinces

It builds a synthetic dataset in the configured database (units coded "bench:…", indicators
"BENCH_…", removed at the end unless --keep), with a reorganisation like 01/07/2025's: every
commune reported under a legacy predecessor until 30/06/2025, and every tenth legacy commune
was divided 0,6 / 0,4 between two new ones. Then it times, cold and warm, the queries behind
the dashboard, through the functions the pages call (dieuhanh.indicators.selectors):

  (a) every indicator's value at the root for the latest month, the month before and the
      same month a year earlier;
  (b) one indicator's value in each commune for the latest month (the map);
  (c) one indicator's 10-year monthly series at the root.

"Cold" is the first call after dropping the process caches and the database connection;
"warm" is the median of repeated calls. The rollup (derived table, built once per hierarchy
epoch and indicator, dropped when values change) is built before and timed on its own.
DuckDB answers the same three questions in the same run from the same numbers, mapping units
through successions and parents in its own SQL; the answers must agree.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Loopback, plain HTTP, a key kept under var/: the local demo settings (docs/serving.md).
os.environ.setdefault("DIEUHANH_DEMO", "1")

import django  # noqa: E402

django.setup()

import duckdb  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from dieuhanh.accounts.models import Role, User  # noqa: E402
from dieuhanh.core.periods import Period  # noqa: E402
from dieuhanh.indicators import aggregation, hierarchy, importers, selectors  # noqa: E402
from dieuhanh.indicators.importers import RawRow  # noqa: E402
from dieuhanh.indicators.models import DataValue, HierarchyMap, Indicator, Rollup, RollupState  # noqa: E402
from dieuhanh.indicators.services import ValueInput, data_value_record, data_values_apply  # noqa: E402
from dieuhanh.units.models import Unit, UnitParent, UnitSuccession  # noqa: E402

REORG = dt.date(2025, 7, 1)
LEGACY_END = dt.date(2025, 6, 30)
PREFIX = "bench:"
WARM_RUNS = 7


def main() -> None:
    args = _args()
    last = Period.containing("M", timezone.localdate()).shift(-1)
    months = [last.shift(-i) for i in range(args.months - 1, -1, -1)]
    on = last.end + dt.timedelta(days=1)
    t0 = time.perf_counter()
    world = _reload(args) if args.reuse else None
    if world is None:
        _cleanup()
        world = _build(args, months)
        _vacuum()
    world["build_s"] = time.perf_counter() - t0
    print(
        f"dataset: {world['rows']:,} values, {args.communes} communes, {args.agencies} agencies, "
        f"{args.indicators} indicators, {args.months} months; built in {world['build_s']:.1f} s "
        f"({connection.vendor})"
    )
    try:
        _run(world, months, on)
    finally:
        if not args.keep:
            _cleanup()


def _args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--national", action="store_true", help="3,321 communes in 34 provinces")
    p.add_argument("--communes", type=int, default=None)
    p.add_argument("--agencies", type=int, default=60)
    p.add_argument("--indicators", type=int, default=200)
    p.add_argument("--months", type=int, default=120)
    p.add_argument("--keep", action="store_true", help="leave the synthetic data in the database")
    p.add_argument(
        "--reuse", action="store_true", help="use the data set a --keep run left (same sizes), do not build"
    )
    args = p.parse_args()
    args.communes = args.communes or (3321 if args.national else 114)
    args.provinces = 34 if args.national else 1
    return args


# ---- the synthetic dataset ------------------------------------------------------------------


@transaction.atomic
def _build(args: argparse.Namespace, months: list[Period]) -> dict[str, Any]:
    root = Unit.objects.create(code=f"{PREFIX}root", kind=Unit.Kind.PROVINCE, name="Tỉnh thử nghiệm (bench)")
    provinces = [root]
    if args.national:
        provinces = Unit.objects.bulk_create(
            [
                Unit(code=f"{PREFIX}p:{i}", kind=Unit.Kind.PROVINCE, name=f"Tỉnh {i}")
                for i in range(args.provinces)
            ]
        )
        UnitParent.objects.bulk_create([UnitParent(child=p, parent=root) for p in provinces])
    new = Unit.objects.bulk_create(
        [
            Unit(code=f"{PREFIX}w:{i}", kind=Unit.Kind.COMMUNE, name=f"Xã mới {i}", valid_from=REORG)
            for i in range(args.communes)
        ]
    )
    old = Unit.objects.bulk_create(
        [
            Unit(code=f"{PREFIX}lw:{i}", kind=Unit.Kind.COMMUNE, name=f"Xã cũ {i}", valid_to=LEGACY_END)
            for i in range(args.communes)
        ]
    )
    agencies = Unit.objects.bulk_create(
        [Unit(code=f"{PREFIX}a:{i}", kind=Unit.Kind.AGENCY, name=f"Sở {i}") for i in range(args.agencies)]
    )
    edges, successions = [], []
    for i, (n, o) in enumerate(zip(new, old, strict=True)):
        province = provinces[i % len(provinces)]
        edges.append(UnitParent(child=n, parent=province, valid_from=REORG))
        edges.append(UnitParent(child=o, parent=province, valid_to=LEGACY_END))
        if i % 10 == 9 and i + 1 < len(new):
            successions.append(
                UnitSuccession(predecessor=o, successor=n, effective_on=REORG, weight="0.6", kind="split")
            )
            successions.append(
                UnitSuccession(
                    predecessor=o, successor=new[i + 1], effective_on=REORG, weight="0.4", kind="split"
                )
            )
        else:
            successions.append(UnitSuccession(predecessor=o, successor=n, effective_on=REORG))
    edges += [UnitParent(child=a, parent=provinces[0]) for a in agencies]
    UnitParent.objects.bulk_create(edges)
    UnitSuccession.objects.bulk_create(successions)
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(
                code=f"BENCH_{i:03d}",
                name=f"Chỉ số thử {i}",
                unit_aggregation="mean" if i % 5 == 4 else "sum",
            )
            for i in range(args.indicators)
        ]
    )
    rows = _insert_values(months, new, old, agencies, indicators)
    return {
        "root": root,
        "provinces": provinces,
        "new": new,
        "old": old,
        "agencies": agencies,
        "indicators": indicators,
        "successions": successions,
        "edges": edges,
        "rows": rows,
        "values": rows,
    }


def _reload(args: argparse.Namespace) -> dict[str, Any] | None:
    """The data set a --keep run left, if it has the asked sizes (else None: build anew)."""
    units = Unit.objects.filter(code__startswith=PREFIX)

    def numbered(prefix: str) -> list[Unit]:
        found = list(units.filter(code__startswith=f"{PREFIX}{prefix}:"))
        return sorted(found, key=lambda u: int(u.code.rsplit(":", 1)[1]))

    root = units.filter(code=f"{PREFIX}root").first()
    indicators = list(Indicator.objects.filter(code__startswith="BENCH_").order_by("code"))
    new, old, agencies = numbered("w"), numbered("lw"), numbered("a")
    provinces = numbered("p") if args.national else [root]
    sizes = (len(new), len(agencies), len(indicators), len(provinces))
    if root is None or sizes != (args.communes, args.agencies, args.indicators, args.provinces):
        print(f"reuse: no kept data set of these sizes ({sizes}), building one")
        return None
    rows = DataValue.objects.filter(indicator__in=indicators, is_current=True).count()
    return {
        "root": root,
        "provinces": provinces,
        "new": new,
        "old": old,
        "agencies": agencies,
        "indicators": indicators,
        "rows": rows,
        "values": rows,
    }


def _vacuum() -> None:
    """What autovacuum does to a loaded table sooner or later: the visibility map lets the
    roll-up read the covering index alone (index-only scans)."""
    if connection.vendor == "postgresql":
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) indicators_datavalue")
        print(f"build: vacuum {time.perf_counter() - t0:.1f} s")


def _insert_values(months, new, old, agencies, indicators) -> int:  # type: ignore[no-untyped-def]
    """Values straight into the table (the ORM would take minutes for millions of rows): on
    PostgreSQL by COPY with the secondary indexes dropped meanwhile, on SQLite by executemany."""
    if connection.vendor == "postgresql":
        return _copy_values(months, new, old, agencies, indicators)
    now = timezone.now().isoformat()
    sql = (
        "INSERT INTO indicators_datavalue (indicator_id, unit_id, period, disaggregation, source, "
        "source_ref, value, comment, is_current, recorded_by_id, recorded_at) "
        "VALUES (%s, %s, %s, '', 'import', 'bench', %s, '', %s, NULL, %s)"
    )
    total = 0
    for period, reporters, values in _monthly_values(months, new, old, agencies, indicators):
        batch = [
            (ind.pk, unit, period.code, float(values[i, j]), True, now)
            for i, ind in enumerate(indicators)
            for j, unit in enumerate(reporters)
        ]
        _executemany(sql, batch)
        total += len(batch)
    return total


def _monthly_values(months, new, old, agencies, indicators):  # type: ignore[no-untyped-def]
    """(month, reporting unit ids, indicator × unit values) for each month, the same numbers
    on both databases."""
    rng = np.random.default_rng(4)
    base = rng.uniform(10, 1000, size=(len(indicators), len(new) + len(agencies)))
    for m, period in enumerate(months):
        communes = new if period.start >= REORG else old
        reporters = [u.pk for u in communes] + [a.pk for a in agencies]
        noise = rng.normal(1 + m / 400, 0.05, size=base.shape)
        yield period, reporters, np.round(base * noise, 3)


def _copy_values(months, new, old, agencies, indicators) -> int:  # type: ignore[no-untyped-def]
    connection.ensure_connection()
    raw = connection.connection
    table = "indicators_datavalue"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT LIKE %s",
            [table, "%_pkey"],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        # Foreign keys: a trigger per row and key would cost more than the COPY itself, so they
        # are checked once, set-based, after it (below); the bench's ids come from the rows
        # it has just created. Needs a superuser; otherwise the triggers run (slower, same rows).
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        superuser = bool(cursor.fetchone()[0])
        if superuser:
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
    t0 = time.perf_counter()
    now = timezone.now().isoformat()
    ind_ids = [str(i.pk) for i in indicators]
    total = 0
    columns = (
        "indicator_id, unit_id, period, disaggregation, source, source_ref, value, comment, "
        "is_current, recorded_at"
    )
    with raw.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # type: ignore[union-attr]
        for period, reporters, values in _monthly_values(months, new, old, agencies, indicators):
            units = [str(u) for u in reporters]
            tail = "\t\timport\tbench\t"
            end = f"\t\tt\t{now}\n"
            text = values.astype(str)
            for i, ind in enumerate(ind_ids):
                row = text[i]
                copy.write(
                    "".join(f"{ind}\t{u}\t{period.code}{tail}{row[j]}{end}" for j, u in enumerate(units))
                )
            total += len(units) * len(ind_ids)
    t1 = time.perf_counter()
    with connection.cursor() as cursor:
        if superuser:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
            cursor.execute(
                f"SELECT COUNT(*) FROM {table} v LEFT JOIN units_unit u ON u.id = v.unit_id "
                "LEFT JOIN indicators_indicator i ON i.id = v.indicator_id "
                "WHERE u.id IS NULL OR i.id IS NULL"
            )
            (orphans,) = cursor.fetchone()
            assert orphans == 0, f"{orphans} copied values point at no unit or indicator"
        t2 = time.perf_counter()
        for _, definition in indexes:
            cursor.execute(definition)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    print(
        f"build: copy {t1 - t0:.1f} s, keys checked {t2 - t1:.1f} s, "
        f"{len(indexes)} indexes {time.perf_counter() - t2:.1f} s"
    )
    return total


def _executemany(sql: str, rows: list[tuple]) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        raw = connection.connection
        raw.executemany(sql.replace("%s", "?"), rows)  # type: ignore[union-attr]
        return
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _cleanup() -> None:
    ids = list(Indicator.objects.filter(code__startswith="BENCH_").values_list("id", flat=True))
    with transaction.atomic():
        if ids:
            marks = ",".join(["%s"] * len(ids))
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM indicators_datavalue WHERE indicator_id IN ({marks})", ids)
            # What the bench recorded through the service left history rows too (synthetic
            # rows only; the ORM refuses to delete history, on purpose).
            history = DataValue.history.model._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {history} WHERE indicator_id IN ({marks})", ids)
            Rollup.objects.filter(indicator_id__in=ids).delete()
            RollupState.objects.filter(indicator_id__in=ids).delete()
            Indicator.objects.filter(id__in=ids).delete()
        units = Unit.objects.filter(code__startswith=PREFIX)
        HierarchyMap.objects.filter(source__in=units).delete()
        HierarchyMap.objects.filter(node__in=units).delete()
        Rollup.objects.filter(node__in=units).delete()
        UnitSuccession.objects.filter(predecessor__in=units).delete()
        UnitParent.objects.filter(child__in=units).delete()
        units.delete()
    _forget()


# ---- timing the platform --------------------------------------------------------------------


def _forget() -> None:
    hierarchy.hierarchy_forget()
    aggregation.registry_forget()
    aggregation.rollup_nodes_forget()


def _platform_queries(world: dict[str, Any], last: Period, on: dt.date) -> dict[str, Callable[[], Any]]:
    user = _bench_user()
    root, indicators, first = world["root"], world["indicators"], world["indicators"][0]
    map_parent = root
    return {
        "a": lambda: selectors.dashboard_values(
            user=user, indicators=indicators, unit=root, period=last, on=on
        ),
        "b": lambda: _map_values(user, first, map_parent, last, on, world),
        "c": lambda: selectors.indicator_monthly_series(
            user=user, indicator=first, unit=root, last=last, on=on
        ),
    }


def _map_values(user, indicator, parent, last, on, world):  # type: ignore[no-untyped-def]
    if len(world["provinces"]) == 1:
        return selectors.unit_map_values(user=user, indicator=indicator, parent=parent, period=last, on=on)
    # National: the map of every commune, one query through the same aggregation function.
    values = aggregation.values_by_unit(indicator=indicator, units=world["new"], period=last, on=on)
    return [(u, values[u.pk]) for u in world["new"]]


def _bench_user() -> User:
    user, _ = User.objects.get_or_create(username="bench-admin", defaults={"role": Role.ADMIN})
    return user


def _run(world: dict[str, Any], months: list[Period], on: dt.date) -> None:
    last = months[-1]
    queries = _platform_queries(world, last, on)
    _forget()
    t0 = time.perf_counter()
    hierarchy.ensure_map(hierarchy.hierarchy_key(on))
    map_ms = (time.perf_counter() - t0) * 1000
    # A kept data set (--reuse) has its roll-ups built: drop them, so a full rebuild is timed.
    aggregation.rollup_invalidate(indicator_ids=[i.pk for i in world["indicators"]])
    t0 = time.perf_counter()
    aggregation.rollup_build(on=on, indicator_ids=[i.pk for i in world["indicators"]])
    rollup_ms = (time.perf_counter() - t0) * 1000
    world["rebuild_s"] = rollup_ms / 1000
    print(
        f"precompute: hierarchy map {map_ms:.0f} ms, "
        f"rollup of {len(world['indicators'])} indicators {rollup_ms:.0f} ms"
    )
    cold, answers = {}, {}
    for name, query in queries.items():
        _forget()
        connection.close()
        t0 = time.perf_counter()
        answers[name] = query()
        cold[name] = (time.perf_counter() - t0) * 1000
    warm = {name: _median_ms(query) for name, query in queries.items()}
    duck_ms, duck = _duckdb(world, months, on)
    agree = _agree(world, answers, duck, last)
    for name in "abc":
        print(
            f"({name}) platform cold {cold[name]:.1f} ms, warm {warm[name]:.1f} ms; "
            f"duckdb warm {duck_ms[name]:.1f} ms"
        )
    a, b, c = warm["a"], warm["b"], warm["c"]
    y = sum(duck_ms.values())
    visible_ms, incremental_ms = _visible(world, last, on)
    imported, import_s = _import(world, last)
    filed, file_s = _import_file(world, last)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"cold_total_ms={sum(cold.values()):.1f}")
    print(
        f"dashboard_warm_ms={a + b + c:.1f} duckdb_ms={y:.1f} ratio={(a + b + c) / y:.2f} "
        f"series_warm_ms={c:.1f} agree={'true' if agree else 'false'} "
        f"map_warm_ms={b:.1f} visible_ms={visible_ms:.1f} incremental_ms={incremental_ms:.1f} "
        f"rebuild_s={world['rebuild_s']:.1f} build_s={world['build_s']:.1f} max_rss_mb={rss_mb:.0f} "
        f"import_values={imported} import_values_per_s={imported / import_s:.0f} "
        f"import_file_rows={filed} import_file_rows_per_s={filed / file_s:.0f}"
    )


def _import(world: dict[str, Any], last: Period) -> tuple[int, float]:
    """A month of every indicator in every commune and agency recorded again from another
    source (the API), as one all-or-nothing batch with its roll-up refresh."""
    user = _bench_user()
    reporters = [*world["new"], *world["agencies"]]
    items = [
        ValueInput(ind, unit, last, float(n % 997))
        for n, (ind, unit) in enumerate((i, u) for i in world["indicators"] for u in reporters)
    ]
    t0 = time.perf_counter()
    data_values_apply(items=items, source="api", user=user, source_ref="bench")
    return len(items), time.perf_counter() - t0


def _import_file(world: dict[str, Any], last: Period) -> tuple[int, float]:
    """A file of the importer's largest size (`importers.MAX_ROWS` rows, already read) through
    the whole import: every row checked by the one validator, then recorded all-or-nothing."""
    user = _bench_user()
    reporters = [*world["new"], *world["agencies"]]
    cells = ((i, u) for i in world["indicators"] for u in reporters)
    rows = [
        RawRow(
            f"Dòng {n + 2}", {"indicator": i.code, "unit": u.code, "period": last.code, "value": str(n % 991)}
        )
        for n, (i, u) in zip(range(importers.MAX_ROWS), cells, strict=False)
    ]
    t0 = time.perf_counter()
    report = importers.data_values_import(rows=rows, user=user, source="import", source_ref="bench.csv")
    elapsed = time.perf_counter() - t0
    assert report.ok, report.errors[:3]
    return len(rows), elapsed


def _visible(world: dict[str, Any], last: Period, on: dt.date) -> tuple[float, float]:
    """From a commune's accepted value (recorded as a report's acceptance records it) to the
    root's dashboard showing it: (that whole time, the recording with its roll-up refresh)."""
    user = _bench_user()
    ind, commune, root = world["indicators"][0], world["new"][0], world["root"]
    before = selectors.dashboard_values(user=user, indicators=[ind], unit=root, period=last, on=on)
    t0 = time.perf_counter()
    data_value_record(
        indicator=ind, unit=commune, period=last, value=1_000_000.0, source="report", user=user, today=on
    )
    recorded = time.perf_counter()
    after = selectors.dashboard_values(user=user, indicators=[ind], unit=root, period=last, on=on)
    seen = time.perf_counter()
    key = (ind.pk, last.code)
    if after[key] == before[key]:
        print("visible: the new value is not on the dashboard")
        return float("inf"), (recorded - t0) * 1000
    return (seen - t0) * 1000, (recorded - t0) * 1000


def _median_ms(fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(WARM_RUNS):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


# ---- the same answers in DuckDB -------------------------------------------------------------


def _duckdb(
    world: dict[str, Any], months: list[Period], on: dt.date
) -> tuple[dict[str, float], dict[str, Any]]:
    con = duckdb.connect()
    _load_duckdb(con, world)
    last = months[-1]
    year_ago = last.shift(-12)
    root = world["root"].pk
    first = world["indicators"][0].pk
    carrier_sql = """
        WITH valid AS (SELECT id FROM units WHERE (valid_from IS NULL OR valid_from <= $on)
                                           AND (valid_to IS NULL OR valid_to >= $on)),
        carrier AS (
            SELECT id AS source, id AS carrier, 1.0 AS w FROM valid
            UNION ALL
            SELECT s.pred, s.succ, s.weight FROM succ s JOIN valid v ON v.id = s.succ
            WHERE s.effective_on <= $on AND s.pred NOT IN (SELECT id FROM valid)
        ),
        edge AS (SELECT child, parent FROM parents WHERE (valid_from IS NULL OR valid_from <= $on)
                                                   AND (valid_to IS NULL OR valid_to >= $on)),
        up AS (  -- carrier → itself and every ancestor (two levels at most here)
            SELECT c.source, c.carrier AS node, c.w FROM carrier c
            UNION ALL SELECT c.source, e.parent, c.w FROM carrier c JOIN edge e ON e.child = c.carrier
            UNION ALL SELECT c.source, e2.parent, c.w FROM carrier c JOIN edge e ON e.child = c.carrier
                                                      JOIN edge e2 ON e2.child = e.parent
        )
    """
    agg = (
        "CASE WHEN any_value(i.agg) = 'sum' THEN SUM(up.w * d.value) ELSE SUM(up.w * d.value) / SUM(up.w) END"
    )
    queries = {
        "a": (
            carrier_sql
            + f"""
            SELECT d.indicator, d.period, {agg}
            FROM dv d JOIN up ON up.source = d.unit JOIN ind i ON i.id = d.indicator
            WHERE up.node = $root AND d.period IN ($p0, $p1, $p2) GROUP BY d.indicator, d.period""",
            {"on": on, "root": root, "p0": last.code, "p1": last.shift(-1).code, "p2": year_ago.code},
        ),
        "b": (
            carrier_sql
            + f"""
            SELECT c.carrier, {agg.replace("up.w", "c.w")} FROM dv d JOIN carrier c ON c.source = d.unit
            JOIN ind i ON i.id = d.indicator
            WHERE d.indicator = $ind AND d.period = $p0 GROUP BY c.carrier""",
            {"on": on, "ind": first, "p0": last.code},
        ),
        "c": (
            carrier_sql
            + f"""
            SELECT d.period, {agg} FROM dv d JOIN up ON up.source = d.unit JOIN ind i ON i.id = d.indicator
            WHERE up.node = $root AND d.indicator = $ind GROUP BY d.period""",
            {"on": on, "root": root, "ind": first},
        ),
    }
    answers = {name: con.execute(sql, params).fetchall() for name, (sql, params) in queries.items()}
    timings: dict[str, float] = {}
    for name, (sql, params) in queries.items():
        timings[name] = _median_ms(lambda s=sql, p=params: con.execute(s, p).fetchall())
    return timings, answers


def _load_duckdb(con: duckdb.DuckDBPyConnection, world: dict[str, Any]) -> None:
    """The same numbers, read back from the platform's table, and the units as arrays."""
    ids = [i.pk for i in world["indicators"]]
    marks = ",".join(["%s"] * len(ids))
    select = (
        "SELECT indicator_id, unit_id, period, value FROM indicators_datavalue "
        f"WHERE indicator_id IN ({marks}) AND is_current = TRUE AND disaggregation = ''"
    )
    if connection.vendor == "postgresql":
        # Tens of millions of rows: through a CSV file, never as Python tuples.
        with tempfile.NamedTemporaryFile(suffix=".csv") as f:
            connection.ensure_connection()
            with connection.connection.cursor() as cur:  # type: ignore[union-attr]
                query = select % tuple(int(i) for i in ids)  # integers only
                with cur.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv)") as copy:
                    for block in copy:
                        f.write(block)
            f.flush()
            columns = "{'indicator': 'BIGINT', 'unit': 'BIGINT', 'period': 'VARCHAR', 'value': 'DOUBLE'}"
            con.execute(
                f"CREATE TABLE dv AS SELECT * FROM read_csv('{f.name}', header=false, columns={columns})"
            )
    else:
        with connection.cursor() as cursor:
            cursor.execute(select, ids)
            rows = cursor.fetchall()
        cols = list(zip(*rows, strict=True))
        con.register(
            "dv_np",
            {
                "indicator": np.array(cols[0]),
                "unit": np.array(cols[1]),
                "period": np.array(cols[2], dtype=object),
                "value": np.array(cols[3], dtype=float),
            },
        )
        con.execute("CREATE TABLE dv AS SELECT * FROM dv_np")
    units = [world["root"], *world["provinces"], *world["new"], *world["old"], *world["agencies"]]
    units = list({u.pk: u for u in units}.values())
    con.execute("CREATE TABLE units (id BIGINT, valid_from DATE, valid_to DATE)")
    con.executemany("INSERT INTO units VALUES (?, ?, ?)", [(u.pk, u.valid_from, u.valid_to) for u in units])
    con.execute("CREATE TABLE parents (child BIGINT, parent BIGINT, valid_from DATE, valid_to DATE)")
    edges = UnitParent.objects.filter(child__code__startswith=PREFIX).values_list(
        "child_id", "parent_id", "valid_from", "valid_to"
    )
    con.executemany("INSERT INTO parents VALUES (?, ?, ?, ?)", list(edges))
    con.execute("CREATE TABLE succ (pred BIGINT, succ BIGINT, weight DOUBLE, effective_on DATE)")
    succs = UnitSuccession.objects.filter(predecessor__code__startswith=PREFIX).values_list(
        "predecessor_id", "successor_id", "weight", "effective_on"
    )
    con.executemany("INSERT INTO succ VALUES (?, ?, ?, ?)", [(a, b, float(w), d) for a, b, w, d in succs])
    con.execute("CREATE TABLE ind (id BIGINT, agg VARCHAR)")
    con.executemany(
        "INSERT INTO ind VALUES (?, ?)", [(i.pk, i.unit_aggregation) for i in world["indicators"]]
    )


def _agree(world: dict[str, Any], platform: dict[str, Any], duck: dict[str, Any], last: Period) -> bool:
    ok = True
    a_duck = {(ind, per): v for ind, per, v in duck["a"]}
    ok &= _same(platform["a"], a_duck, "a")
    b_platform = {u.pk: v for u, v in platform["b"]}
    b_duck = {u: v for u, v in duck["b"] if u in b_platform}
    ok &= _same({k: v for k, v in b_platform.items() if v is not None}, b_duck, "b")
    first = world["indicators"][0].pk
    c_platform = {(first, p.code): v for p, v in platform["c"]}
    c_duck = {(first, per): v for per, v in duck["c"]}
    ok &= _same(c_platform, c_duck, "c")
    return ok


def _same(mine: dict, theirs: dict, label: str) -> bool:  # type: ignore[type-arg]
    mine = {k: v for k, v in mine.items() if v is not None}
    if set(mine) != set(theirs):
        print(f"({label}) keys differ: {len(set(mine) ^ set(theirs))} of {len(mine)} / {len(theirs)}")
        return False
    worst = max((abs(mine[k] - theirs[k]) / max(1.0, abs(theirs[k])) for k in mine), default=0.0)
    if worst > 1e-9:
        print(f"({label}) values differ: worst relative difference {worst:.2e}")
        return False
    return True


if __name__ == "__main__":
    main()
