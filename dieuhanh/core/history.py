"""Audit trail: every historied model records who changed it, when, and from which address.

`AuditedHistory` is simple-history's `HistoricalRecords` with one extra column on every
history row, `ip_address`, filled from the request that made the change. The column's default
reads the request that simple-history's middleware exposes, so rows written one at a time and
rows written in bulk (`bulk_create_with_history`) both carry it."""

from __future__ import annotations

from collections.abc import Sequence
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


def update_with_history(
    rows: Sequence[models.Model], model: type[models.Model], fields: Sequence[str], *, user: Any
) -> None:
    """Write `fields` of each row and append one history row per row ("~", who, when, from
    where), as `bulk_update_with_history` does, in plain SQL: one UPDATE per row and one
    INSERT … SELECT that copies the rows just written into their history table.

    This is the autosave's hot path (the 15th): the ORM's per-row CASE and the building of
    history objects cost several times the queries themselves. The history row is copied from
    the table inside the same transaction, so it is exactly what was stored."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    meta = model._meta
    written: list[Any] = [meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in written)
    table, pk = quote(meta.db_table), quote(str(meta.pk.column))  # type: ignore[union-attr]
    ids = [row.pk for row in rows]
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        for row in rows:
            values = [f.get_db_prep_save(getattr(row, f.attname), connection) for f in written]
            cursor.execute(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", [*values, row.pk])
        history_copy(cursor, model, f"{pk} IN ({marks})", ids, kind="~", user_id=getattr(user, "pk", None))


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
    quote = connection.ops.quote_name
    history = get_history_manager_for_model(model).model
    tracked = history.tracked_fields  # type: ignore[attr-defined]
    copied = ", ".join(quote(history._meta.get_field(f.name).column) for f in tracked)
    source = ", ".join(quote(f.column) for f in tracked)
    date_field = history._meta.get_field("history_date")
    marks = ["%s"] * 5
    if connection.vendor == "postgresql":
        # Bare parameters in a SELECT list are text to PostgreSQL.
        marks = ["%s::timestamptz", "%s::varchar", "%s::varchar", "%s::bigint", "%s::inet"]
    own = [date_field.get_db_prep_save(timezone.now(), connection), "", kind, user_id, request_ip()]
    insert = (
        f"INSERT INTO {quote(history._meta.db_table)} ({copied}, history_date, history_change_reason,"
        f" history_type, history_user_id, ip_address) SELECT {source}, {', '.join(marks)}"
    )
    if rows:
        cursor.execute(f"WITH changed AS ({rows}) {insert} FROM changed", [*params, *own])
    else:
        cursor.execute(f"{insert} FROM {quote(model._meta.db_table)} WHERE {where}", [*own, *params])
