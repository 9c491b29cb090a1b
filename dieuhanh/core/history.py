"""Audit trail: every historied model records who changed it, when, and from which address.

`AuditedHistory` is simple-history's `HistoricalRecords` with one extra column on every
history row, `ip_address`, filled from the request that made the change. The column's default
reads the request that simple-history's middleware exposes, so rows written one at a time and
rows written in bulk (`bulk_create_with_history`) both carry it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connections, models, router
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


# The history row's own columns: when, why, the kind of change, who, from where.
ORIGIN = "%s, %s, %s, %s, %s"


@dataclass(frozen=True)
class _Statements:
    written: tuple[Any, ...]  # the model's fields that are written
    per_row: str  # UPDATE of one row (on PostgreSQL with its history INSERT)
    audit: str  # INSERT … SELECT of the written rows' history ("" on PostgreSQL)
    date_field: Any


@cache
def _statements(model: type[models.Model], fields: tuple[str, ...], alias: str) -> _Statements:
    """The SQL of `update_with_history`, built once per model, fields and database."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    meta = model._meta
    written = tuple(meta.get_field(name) for name in fields)
    assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in written)  # type: ignore[union-attr]
    table, pk = quote(meta.db_table), quote(str(meta.pk.column))  # type: ignore[union-attr]
    history: Any = history_model_of(model)
    tracked = history.tracked_fields
    copied = ", ".join(quote(history._meta.get_field(f.name).column) for f in tracked)
    source = ", ".join(quote(f.column) for f in tracked)
    into = (
        f"INSERT INTO {quote(history._meta.db_table)} ({copied}, history_date, history_change_reason,"
        f" history_type, history_user_id, ip_address)"
    )
    update = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"
    date_field = history._meta.get_field("history_date")
    if connection.vendor == "postgresql":
        # One round trip per row: the UPDATE hands the row it wrote straight to the INSERT.
        cte = f"WITH written AS ({update} RETURNING {source}) {into} SELECT {source}, {ORIGIN} FROM written"
        return _Statements(written, cte, "", date_field)
    audit = f"{into} SELECT {source}, {ORIGIN} FROM {table} WHERE {pk} IN ({{marks}})"
    return _Statements(written, update, audit, date_field)


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
    sql = _statements(model, tuple(fields), alias)
    origin = [
        sql.date_field.get_db_prep_save(timezone.now(), connection),
        "",
        "~",
        getattr(user, "pk", None),
        request_ip(),
    ]
    with connection.cursor() as cursor:
        for row in rows:
            values = [f.get_db_prep_save(getattr(row, f.attname), connection) for f in sql.written]
            cursor.execute(sql.per_row, [*values, row.pk, *(origin if not sql.audit else [])])
        if sql.audit:
            ids = [row.pk for row in rows]
            cursor.execute(sql.audit.format(marks=", ".join(["%s"] * len(ids))), [*origin, *ids])
