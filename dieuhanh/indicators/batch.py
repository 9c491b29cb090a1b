"""Set-based recording of a batch of values (services.data_values_apply and data_value_record).

The batch goes into a temporary table in one pass — PostgreSQL: `COPY`, SQLite: one
`executemany` — and each step of recording is then one statement over the whole batch:
find each cell's previous value of the source, stop counting the values it replaces, count
an unchanged one again, insert the new ones, and copy every changed row into the history.
No statement is issued per value, so a million values take seconds, not minutes; all of it
runs in the caller's transaction (all-or-nothing).

The rules are those of the row-by-row code they replace (models.DataValue): values are
append-only, a revised figure is a new row that `corrects` the same source's latest one,
and the newest recorded source of a cell is the only current one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection

from dieuhanh.core.history import history_copy
from dieuhanh.indicators.models import DataValue

if TYPE_CHECKING:
    from dieuhanh.indicators.services import ValueInput

STAGE = "dh_value_stage"
FLIP = "dh_value_flip"
TABLE = DataValue._meta.db_table
# The columns of a new value, in the order of the INSERT below.
COLUMNS = (
    "indicator_id, unit_id, period, disaggregation, source, source_ref, value, comment, "
    "is_current, recorded_by_id, recorded_at, corrects_id"
)
CELL = (
    "v.indicator_id = s.indicator_id AND v.unit_id = s.unit_id AND v.period = s.period "
    "AND v.disaggregation = s.disaggregation"
)


@dataclass(frozen=True)
class Written:
    created: int  # cells with no earlier value of the source
    updated: int  # cells re-recorded by the source (a correction, or the same figure again)


def values_write(
    items: Sequence[ValueInput], *, source: str, user_id: int | None, source_ref: str, at: dt.datetime
) -> Written:
    """Record `items` (validated, one per cell) from `source`, in the current transaction."""
    with connection.cursor() as cursor:
        _stage(cursor, items)
        _find_previous(cursor, source)
        cursor.execute(f"SELECT COUNT(*), COUNT(prev_id) FROM {STAGE}")
        total, updated = cursor.fetchone()
        _flip(cursor, user_id)
        _insert(cursor, source=source, source_ref=source_ref, user_id=user_id, at=at)
    return Written(created=total - updated, updated=updated)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _typed(sql_type: str) -> str:
    """A parameter in a SELECT list: PostgreSQL reads a bare one as text, so it is cast; SQLite
    would turn a timestamp cast to NUMERIC into its year, so it is left bare there."""
    return f"CAST(%s AS {sql_type})" if _postgres() else "%s"


def _current(alias: str) -> str:
    """The condition of the partial indexes of current values, as each database matches it
    (SQLite uses such an index only for the very term it was created with)."""
    return f"{alias}.is_current" if _postgres() else f"{alias}.is_current = 1"


def _ordered_join() -> str:
    """A join SQLite takes in the order written (its CROSS JOIN); PostgreSQL plans it itself."""
    return "JOIN" if _postgres() else "CROSS JOIN"


def _stage(cursor: Any, items: Sequence[ValueInput]) -> None:
    """The batch in the temporary table, numbered in its order. PostgreSQL drops the table at
    commit (nothing is left on a pooled connection); SQLite keeps it for the connection."""
    tail = " ON COMMIT DROP" if _postgres() else ""
    cursor.execute(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {STAGE} (n bigint PRIMARY KEY, indicator_id bigint NOT NULL, "
        "unit_id bigint NOT NULL, period varchar(8) NOT NULL, disaggregation varchar(80) NOT NULL, "
        "value double precision NOT NULL, comment varchar(500) NOT NULL, prev_id bigint, "
        "prev_current boolean, keep boolean NOT NULL DEFAULT FALSE, "
        f"UNIQUE (indicator_id, unit_id, period, disaggregation)){tail}"
    )
    cursor.execute(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {FLIP} (id bigint NOT NULL, cur boolean NOT NULL){tail}"
    )
    # Several batches in one transaction (a report's figures) reuse the tables.
    cursor.execute(f"DELETE FROM {STAGE}")
    cursor.execute(f"DELETE FROM {FLIP}")
    rows = (
        (n, i.indicator.pk, i.unit.pk, i.period.code, i.disaggregation, i.value, i.comment)
        for n, i in enumerate(items)
    )
    columns = "n, indicator_id, unit_id, period, disaggregation, value, comment"
    if _postgres():
        with cursor.cursor.copy(f"COPY {STAGE} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        # A temporary table is never analysed by autovacuum: without statistics the planner
        # would guess a few rows and probe the values' indexes once per staged value.
        cursor.execute(f"ANALYZE {STAGE}")
    else:
        cursor.executemany(f"INSERT INTO {STAGE} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)


def _candidates(condition: str) -> str:
    """A WITH clause: `c`, the stored values of the batch's (period, indicator) pairs that meet
    `condition`, read by one index range per pair and then hash-joined to the staged cells.
    Planned otherwise, PostgreSQL scans all values (tens of millions) or probes a period's
    range once per staged value; both are materialised so that neither is chosen."""
    return f"""
        WITH k AS MATERIALIZED (SELECT DISTINCT period, indicator_id FROM {STAGE}),
        c AS MATERIALIZED (
            SELECT v.id, v.indicator_id, v.unit_id, v.period, v.disaggregation, v.value, v.comment,
                v.is_current, v.recorded_at
            FROM k {_ordered_join()} {TABLE} v ON v.period = k.period AND v.indicator_id = k.indicator_id
            WHERE {condition}
        )
    """


def _find_previous(cursor: Any, source: str) -> None:
    """Each staged cell's latest value of `source` (current or displaced by another source),
    and whether the batch repeats it (same figure, same comment: kept, not re-recorded)."""
    cursor.execute(
        f"""
        {_candidates("v.source = %s")}
        UPDATE {STAGE} SET prev_id = p.id, prev_current = p.is_current,
            keep = (p.value = {STAGE}.value AND p.comment = {STAGE}.comment)
        FROM (
            SELECT s.n, v.id, v.value, v.comment, v.is_current,
                ROW_NUMBER() OVER (PARTITION BY s.n ORDER BY v.recorded_at DESC, v.id DESC) AS r
            FROM c v {_ordered_join()} {STAGE} s ON {CELL}
        ) p
        WHERE p.n = {STAGE}.n AND p.r = 1
        """,
        [source],
    )


def _flip(cursor: Any, user_id: int | None) -> None:
    """Stop counting every current value of the batch's cells but a kept one; count a kept one
    again if another source had displaced it. One history row ("~") per flipped value."""
    cursor.execute(
        f"{_candidates(_current('v'))} INSERT INTO {FLIP} (id, cur) SELECT v.id, FALSE "
        f"FROM c v {_ordered_join()} {STAGE} s ON {CELL} WHERE NOT (s.keep AND v.id = s.prev_id)"
    )
    cursor.execute(
        f"INSERT INTO {FLIP} (id, cur) SELECT prev_id, TRUE FROM {STAGE} WHERE keep AND NOT prev_current"
    )
    # Off before on: the unique index allows one current value per cell and source. The flip
    # table is left without statistics (nor a key) on purpose: PostgreSQL then assumes few
    # distinct ids and reaches each row by its primary key instead of scanning the table.
    for flag in ("FALSE", "TRUE"):
        update = (
            f"UPDATE {TABLE} SET is_current = {flag} WHERE id IN (SELECT id FROM {FLIP} WHERE cur = {flag})"
        )
        if _postgres():
            # The updated rows feed their history themselves: no second reading by id.
            history_copy(cursor, DataValue, "", [], kind="~", user_id=user_id, rows=f"{update} RETURNING *")
        else:
            cursor.execute(update)
    if not _postgres():
        history_copy(cursor, DataValue, f"id IN (SELECT id FROM {FLIP})", [], kind="~", user_id=user_id)


def _insert(cursor: Any, *, source: str, source_ref: str, user_id: int | None, at: dt.datetime) -> None:
    """The new values, in the batch's order, and their history rows ("+")."""
    insert = (
        f"INSERT INTO {TABLE} ({COLUMNS}) SELECT s.indicator_id, s.unit_id, s.period, s.disaggregation, "
        f"{_typed('varchar')}, {_typed('varchar')}, s.value, s.comment, TRUE, {_typed('bigint')}, "
        f"{_typed('timestamp with time zone')}, s.prev_id FROM {STAGE} s WHERE NOT s.keep ORDER BY s.n"
    )
    params = [source, source_ref, user_id, connection.ops.adapt_datetimefield_value(at)]
    if _postgres():
        # The inserted rows themselves feed their history: no second pass over the table.
        history_copy(cursor, DataValue, "", params, kind="+", user_id=user_id, rows=f"{insert} RETURNING *")
        return
    # SQLite's ids only grow (AUTOINCREMENT) and its one writer is this transaction.
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {TABLE}")
    (before,) = cursor.fetchone()
    cursor.execute(insert, params)
    history_copy(cursor, DataValue, "id > %s", [before], kind="+", user_id=user_id)
