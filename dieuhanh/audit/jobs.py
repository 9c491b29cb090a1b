"""Jobs a crashed worker left 'running': on the next start they are marked failed with a
message, so nobody waits on them, and the periodic command that queued them simply runs
again (each of our jobs is idempotent: a reminder goes out once, see Reminder's constraint).

A worker's id is `host:pid`. A running job whose worker was on this host and whose process is
gone is failed at once; one from another host only once it has run longer than `stale_after`."""

from __future__ import annotations

import datetime as dt
import os
import socket

from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


class WorkerCrashed(Exception):
    """The worker running the job stopped (killed, power cut) before the job finished."""


def worker_id() -> str:
    return f"{socket.gethostname()[:50]}:{os.getpid()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _orphaned(result: DBTaskResult, *, host: str, now: dt.datetime, stale_after: dt.timedelta) -> bool:
    last = result.worker_ids[-1] if result.worker_ids else ""
    worker_host, _, pid = last.rpartition(":")
    if worker_host == host and pid.isdigit():
        return not _alive(int(pid))
    return result.started_at is not None and result.started_at < now - stale_after


@transaction.atomic
def jobs_recover(
    *,
    host: str | None = None,
    now: dt.datetime | None = None,
    stale_after: dt.timedelta = dt.timedelta(hours=6),
) -> list[DBTaskResult]:
    """Mark the orphaned running jobs failed; returns them."""
    host, now = host or socket.gethostname()[:50], now or timezone.now()
    failed = []
    for result in DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING):
        if not _orphaned(result, host=host, now=now, stale_after=stale_after):
            continue
        started = (
            timezone.localtime(result.started_at).strftime("%H:%M:%S %d/%m/%Y") if result.started_at else "?"
        )
        result.set_failed(
            WorkerCrashed(
                f"Tiến trình xử lý {result.worker_ids[-1] if result.worker_ids else ''} đã dừng đột ngột khi "
                f"đang chạy việc này (bắt đầu lúc {started}). Phần đã ghi trong mỗi giao dịch được giữ, "
                "phần dở dang đã được hủy; chạy lại việc này là an toàn."
            )
        )
        failed.append(result)
    return failed
