"""Audit trail: every historied model records who changed it, when, and from which address.

`AuditedHistory` is simple-history's `HistoricalRecords` with one extra column on every
history row, `ip_address`, filled from the request that made the change. The column's default
reads the request that simple-history's middleware exposes, so rows written one at a time and
rows written in bulk (`bulk_create_with_history`) both carry it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connections, models, router
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import get_history_manager_for_model


def request_ip() -> str | None:
    """The client address of the request being served, or None outside a request (a command,
    the worker). Behind a reverse proxy the address is the last one the proxy appended."""
    request = getattr(HistoricalRecords.context, "request", None)
    if request is None:
        return None
    meta = request.META
    if getattr(settings, "AUDIT_BEHIND_PROXY", False):
        forwarded = [a.strip() for a in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if forwarded:
            return forwarded[-1]
    return meta.get("REMOTE_ADDR") or None


class HistoryOrigin(models.Model):
    """Abstract base of every history row: where the change came from."""

    ip_address = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True, default=request_ip)

    class Meta:
        abstract = True


class AuditedHistory(HistoricalRecords):
    """The project's history: `HistoricalRecords` whose rows also record the address."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("bases", [HistoryOrigin])
        super().__init__(*args, **kwargs)


@cache
def history_model_of(model: type[models.Model]) -> type[models.Model]:
    """The history table's model. Read once per model: simple-history's descriptor builds a
    new manager class on every access, which costs more than the autosave's own queries."""
    return get_history_manager_for_model(model).model  # type: ignore[no-any-return]


@dataclass(frozen=True)
class _HistoryInsert:
    sql: str  # INSERT INTO <history> (…) SELECT <tracked columns>, <the history row's own five>
    date_field: Any


@cache
def _history_insert(model: type[models.Model], alias: str) -> _HistoryInsert:
    """The history INSERT … SELECT of a model, built once per model and database."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    history: Any = history_model_of(model)
    tracked = history.tracked_fields
    copied = ", ".join(quote(history._meta.get_field(f.name).column) for f in tracked)
    source = ", ".join(quote(f.column) for f in tracked)
    # When, why, the kind of change, who, from where.
    marks = ["%s"] * 5
    if connection.vendor == "postgresql":
        # Bare parameters in a SELECT list are text to PostgreSQL.
        marks = ["%s::timestamptz", "%s::varchar", "%s::varchar", "%s::bigint", "%s::inet"]
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({copied}, history_date, history_change_reason,"
        f" history_type, history_user_id, ip_address) SELECT {source}, {', '.join(marks)}"
    )
    return _HistoryInsert(sql, history._meta.get_field("history_date"))


def history_copy(
    cursor: Any,
    model: type[models.Model],
    where: str,
    params: Sequence[Any],
    *,
    kind: str,
    user_id: int | None,
    rows: str = "",
) -> None:
    """Append one history row (`kind`: "+" created, "~" changed) for each row of `model`
    matching `where`, copied from the table in one INSERT … SELECT — or, when `rows` is a
    data-modifying statement with `RETURNING *` (PostgreSQL), for each row it returns, so the
    rows are written and historied in one statement. Who, when and from where as
    simple-history records them; the copy is exactly what was stored."""
    connection = cursor.db
    insert = _history_insert(model, connection.alias)
    own = [insert.date_field.get_db_prep_save(timezone.now(), connection), "", kind, user_id, request_ip()]
    if rows:
        cursor.execute(f"WITH changed AS ({rows}) {insert.sql} FROM changed", [*params, *own])
    else:
        cursor.execute(
            f"{insert.sql} FROM {connection.ops.quote_name(model._meta.db_table)} WHERE {where}",
            [*own, *params],
        )


@cache
def _update_of(model: type[models.Model], fields: tuple[str, ...], alias: str) -> tuple[str, tuple[Any, ...]]:
    """The UPDATE of one row's `fields` and those fields, built once per model and fields."""
    quote = connections[alias].ops.quote_name
    meta = model._meta
    written = tuple(meta.get_field(name) for name in fields)
    assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in written)  # type: ignore[union-attr]
    table, pk = quote(meta.db_table), quote(str(meta.pk.column))  # type: ignore[union-attr]
    return f"UPDATE {table} SET {assignments} WHERE {pk} = %s", written


def update_with_history(
    rows: Sequence[models.Model], model: type[models.Model], fields: Sequence[str], *, user: Any
) -> None:
    """Write `fields` of each row and append one history row per row ("~", who, when, from
    where), as `bulk_update_with_history` does, in plain SQL: one UPDATE per row and one
    INSERT … SELECT that copies the rows just written into their history table (on PostgreSQL
    both in one statement per row).

    This is the autosave's hot path (the 15th): the ORM's per-row CASE and the building of
    history objects cost several times the queries themselves. The history row is copied from
    the table inside the same transaction, so it is exactly what was stored."""
    if not rows:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    update, written = _update_of(model, tuple(fields), alias)
    user_id = getattr(user, "pk", None)
    with connection.cursor() as cursor:
        for row in rows:
            values = [*(f.get_db_prep_save(getattr(row, f.attname), connection) for f in written), row.pk]
            if connection.vendor == "postgresql":
                # One round trip per row: the UPDATE hands the row it wrote to the history INSERT.
                history_copy(
                    cursor, model, "", values, kind="~", user_id=user_id, rows=f"{update} RETURNING *"
                )
            else:
                cursor.execute(update, values)
        if connection.vendor != "postgresql":
            ids = [row.pk for row in rows]
            pk = connection.ops.quote_name(str(model._meta.pk.column))  # type: ignore[union-attr]
            history_copy(
                cursor, model, f"{pk} IN ({', '.join(['%s'] * len(ids))})", ids, kind="~", user_id=user_id
            )


def changed_ids(model: type[models.Model], *, since: dt.datetime) -> QuerySet:
    """The ids of `model`'s rows with a history entry (made, changed) at or after `since`, as a
    subquery (`pk__in=`), so the caller's scoped queryset filters on it in one query."""
    return history_model_of(model)._default_manager.filter(history_date__gte=since).values("id")


def changed_since[M: models.Model](qs: QuerySet[M], *, since: dt.datetime | None) -> QuerySet[M]:
    """`qs` narrowed to the rows changed at or after `since` (`changed_ids`); every row without
    `since`. The API's `updated_since` of historied records: the audit trail is their
    modification time."""
    return qs if since is None else qs.filter(pk__in=changed_ids(qs.model, since=since))
