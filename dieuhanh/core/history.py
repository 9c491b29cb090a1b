"""Audit trail: every historied model records who changed it, when, and from which address.

`AuditedHistory` is simple-history's `HistoricalRecords` with one extra column on every
history row, `ip_address`, filled from the request that made the change. The column's default
reads the request that simple-history's middleware exposes, so rows written one at a time and
rows written in bulk (`bulk_create_with_history`) both carry it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


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
