"""In-app notifications and e-mail to the people who file a unit's reports and to those who
receive them. Every notification goes both ways: a row in the app and a letter (the console
backend by default, settings.EMAIL_BACKEND)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from dieuhanh.accounts.models import User
from dieuhanh.core.answers import AnswerLetter
from dieuhanh.reporting.models import Notification, ReportRegime
from dieuhanh.reporting.rules import rules_of
from dieuhanh.units.models import Unit
from dieuhanh.units.structure import unit_successors


def unit_reporters(*, unit: Unit, regime: ReportRegime, on: dt.date | None = None) -> QuerySet[User]:
    """Active filers of the unit under the regime (its reporters, or an enterprise's accounts),
    or of the units that now carry its work after a merger."""
    successors = unit_successors(unit=unit, on=on or timezone.localdate())
    carriers = {unit.pk} | {u.pk for u, _ in successors}
    roles = rules_of(regime).filer_roles
    return User.objects.filter(unit_id__in=carriers, role__in=roles, is_active=True)


def notify_users(*, users: list[User], text: str, url: str = "") -> list[User]:
    Notification.objects.bulk_create([Notification(user=u, text=text[:500], url=url) for u in users])
    return users


def notify_unit(
    *, unit: Unit, regime: ReportRegime, text: str, url: str = "", on: dt.date | None = None
) -> list[User]:
    return notify_users(users=list(unit_reporters(unit=unit, regime=regime, on=on)), text=text, url=url)


# Off while the demo writes months of past history: those letters are not sent again.
_LETTERS_ON: ContextVar[bool] = ContextVar("letters_on", default=True)


@contextmanager
def letters_off() -> Iterator[None]:
    token = _LETTERS_ON.set(False)
    try:
        yield
    finally:
        _LETTERS_ON.reset(token)


def email_users(*, users: list[User], subject: str, body: str) -> int:
    recipients = [u.email for u in users if u.email]
    if not recipients or not _LETTERS_ON.get():
        return 0
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)


def tell(*, users: list[User], subject: str, text: str, url: str = "") -> list[User]:
    """In the app now, by e-mail once the transaction commits: a refused submission sends no
    letter, and a mail server that is down never undoes a submission (the failure is logged)."""
    notify_users(users=users, text=text, url=url)
    body = f"{text}\n\nXem trên hệ thống: {url}" if url else text
    if _LETTERS_ON.get():  # decided now, not at commit (the demo's history sends none)
        transaction.on_commit(lambda: email_users(users=users, subject=subject, body=body), robust=True)
    return users


def tell_answer(letter: AnswerLetter) -> list[User]:
    """An answered or escalated item (core.answers), told to whoever sent it."""
    return tell(users=letter.users, subject=letter.subject, text=letter.text, url=letter.url)
