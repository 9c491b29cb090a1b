"""Background jobs (django.tasks, run by `dieuhanh db_worker`)."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from dieuhanh.reporting.reminders import reminders_send


@task()
def send_reminders_task() -> int:
    return reminders_send(on=timezone.localdate()).sent
