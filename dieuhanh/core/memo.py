"""A process-wide memo that never outlives a rollback.

A value remembered outside a transaction reads committed rows and is kept. A value remembered
inside one may rest on rows that transaction wrote: it is seen only while that transaction is
open and not rolled back (its `on_commit` sentinel is still queued — a rolled-back savepoint
drops the sentinels queued inside it), and is kept for good once the transaction commits.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, transaction


class TransactionMemo[V]:
    def __init__(self, *, limit: int = 64) -> None:
        self._kept: dict[Hashable, V] = {}
        self._pending: dict[Hashable, tuple[object, V]] = {}
        self._limit = limit

    def get(self, key: Hashable) -> V | None:
        if key in self._kept:
            return self._kept[key]
        pending = self._pending.get(key)
        if pending is not None and _queued(pending[0]):
            return pending[1]
        self._pending.pop(key, None)
        return None

    def put(self, key: Hashable, value: V) -> None:
        if len(self._kept) >= self._limit:
            self._kept.clear()
        if not connection.in_atomic_block:
            self._kept[key] = value
            return

        def keep() -> None:
            self._pending.pop(key, None)
            self._kept[key] = value

        self._pending[key] = (keep, value)
        transaction.on_commit(keep)

    def clear(self) -> None:
        self._kept.clear()
        self._pending.clear()


def _queued(sentinel: object) -> bool:
    """Is this on_commit callback still waiting (same transaction, not rolled back)?"""
    return connection.in_atomic_block and any(entry[1] is sentinel for entry in connection.run_on_commit)


# One reading request's memo (RequestReadsMiddleware): a page asks for the same small record —
# the deployment's province — from four selectors; GET changes nothing, so one read serves all.
_request_reads: ContextVar[dict[Hashable, object] | None] = ContextVar("dieuhanh_request_reads", default=None)


@contextmanager
def request_reads() -> Iterator[None]:
    token = _request_reads.set({})
    try:
        yield
    finally:
        _request_reads.reset(token)


def read_once_per_request[V](key: Hashable, compute: Callable[[], V]) -> V:
    """`compute()`, remembered for the rest of the reading request (outside one, not at all:
    a command or a write may change the row between two reads)."""
    memo = _request_reads.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[return-value]
