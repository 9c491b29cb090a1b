"""Reminders to units that have not reported: N days before the due date, on it, and after.
Each (period, unit, kind, channel) goes out once — a unique row, so a second worker or a
rerun after a crash sends nothing twice."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from dieuhanh.accounts.models import User
from dieuhanh.core.pause import pause_point
from dieuhanh.reporting.expectations import expected_units
from dieuhanh.reporting.models import Period, Reminder, ReminderKind, Report
from dieuhanh.reporting.notify import email_users, notify_unit, unit_reporters
from dieuhanh.reporting.rules import period_url
from dieuhanh.units.models import Unit

DAYS_BEFORE = 3
# After the due date, one reminder in the first month; later the chasing page takes over.
AFTER_WINDOW_DAYS = 30


@dataclass(frozen=True)
class ReminderRun:
    sent: int
    skipped_already_sent: int


def reminder_kind_on(period: Period, on: dt.date, days_before: int = DAYS_BEFORE) -> ReminderKind | None:
    if period.due_on - dt.timedelta(days=days_before) <= on < period.due_on:
        return ReminderKind.BEFORE
    if on == period.due_on:
        return ReminderKind.DUE
    if period.due_on < on <= period.due_on + dt.timedelta(days=AFTER_WINDOW_DAYS):
        return ReminderKind.AFTER
    return None


def _message(period: Period, unit: Unit, kind: ReminderKind, on: dt.date | None = None) -> str:
    due = period.due_on.strftime("%d/%m/%Y")
    if kind == ReminderKind.NOW:
        late = on is not None and on > period.due_on
        when = f"đã quá hạn gửi ({due})" if late else f"hạn gửi là {due}"
        sender = period.regime.receiving_unit  # the province record's issuer, or the Board for enterprises
        return f"{sender.name} nhắc: {unit.name} chưa gửi báo cáo {period.label}, {when}. Đề nghị gửi sớm."
    if kind == ReminderKind.AFTER:
        return f"{unit.name} chưa gửi báo cáo {period.label}, hạn gửi là {due}. Đề nghị gửi ngay."
    if kind == ReminderKind.DUE:
        return f"Hôm nay ({due}) là hạn gửi báo cáo {period.label} của {unit.name}."
    return f"Nhắc: báo cáo {period.label} của {unit.name} cần gửi trước ngày {due}."


def _claim(
    period: Period, unit: Unit, kind: ReminderKind, channel: str, on: dt.date, by: User | None = None
) -> Reminder | None:
    """Insert the reminder's row; None when it exists already (sent before)."""
    try:
        with transaction.atomic():
            return Reminder.objects.create(
                period=period, unit=unit, kind=kind, channel=channel, sent_on=on, sent_by=by
            )
    except IntegrityError:
        return None


def _remind(period: Period, unit: Unit, kind: ReminderKind, on: dt.date, by: User | None = None) -> int:
    """Tell the unit's filers under the regime (reporters, or an enterprise's accounts) — the
    people carrying its work now, even for a period before a merger."""
    text = _message(period, unit, kind, on)
    regime = period.regime
    sent = 0
    if claimed := _claim(period, unit, kind, Reminder.Channel.APP, on, by):
        url = period_url(regime=regime, period_id=period.pk)
        told = notify_unit(unit=unit, regime=regime, text=text, url=url)
        claimed.recipients = ", ".join(u.display_name() for u in told)
        claimed.save(update_fields=["recipients"])
        sent += 1
    if claimed := _claim(period, unit, kind, Reminder.Channel.EMAIL, on, by):
        users = list(unit_reporters(unit=unit, regime=regime))
        email_users(users=users, subject=f"[dieuhanh] Báo cáo {period.label}", body=text)
        claimed.recipients = ", ".join(u.email for u in users if u.email)
        claimed.save(update_fields=["recipients"])
        sent += 1
    return sent


def remind_now(*, period: Period, unit: Unit, user: User, now: dt.datetime | None = None) -> int:
    """ "Nhắc ngay" from the chasing page: the unit's filers are told at once, in the app and
    by e-mail — at most once per unit and day (a second click is refused, politely)."""
    now = now or timezone.now()
    on = timezone.localdate(now)
    if not expected_units(period=period).filter(pk=unit.pk).exists():
        raise ValidationError(f"{unit.name} không thuộc đối tượng báo cáo {period.label}.")
    if Report.objects.filter(period=period, unit=unit, first_submitted_at__isnull=False).exists():
        raise ValidationError(f"{unit.name} đã gửi báo cáo {period.label}, không cần nhắc nữa.")
    earlier = Reminder.objects.filter(period=period, unit=unit, kind=ReminderKind.NOW, sent_on=on).first()
    if earlier is None and (sent := _remind(period, unit, ReminderKind.NOW, on, user)):
        return sent
    earlier = (
        earlier
        or Reminder.objects.filter(period=period, unit=unit, kind=ReminderKind.NOW, sent_on=on).first()
    )
    at = timezone.localtime(earlier.sent_at).strftime("%H:%M") if earlier else ""
    raise ValidationError(
        f"Hôm nay đã nhắc {unit.name}{f' lúc {at}' if at else ''}. Mỗi đơn vị chỉ được nhắc ngay "
        "một lần mỗi ngày; xin vui lòng nhắc lại vào ngày mai."
    )


def reminders_send(*, on: dt.date) -> ReminderRun:
    sent = skipped = 0
    for period in Period.objects.filter(
        regime__active=True,
        due_on__gte=on - dt.timedelta(days=AFTER_WINDOW_DAYS),
        due_on__lte=on + dt.timedelta(days=DAYS_BEFORE),
    ).select_related("regime"):
        kind = reminder_kind_on(period, on)
        if kind is None:
            continue
        reported = set(
            Report.objects.filter(period=period, first_submitted_at__isnull=False).values_list(
                "unit_id", flat=True
            )
        )
        for unit in expected_units(period=period).exclude(pk__in=reported):
            n = _remind(period, unit, kind, on)
            sent += n
            if n:
                pause_point("reminders")  # test-only: a crash with some reminders sent
            skipped += 2 - n
    return ReminderRun(sent=sent, skipped_already_sent=skipped)
