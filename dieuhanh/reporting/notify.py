"""In-app notifications and e-mail to the people who file a unit's reports."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.utils import timezone

from dieuhanh.accounts.models import User
from dieuhanh.reporting.models import Notification, ReportRegime
from dieuhanh.reporting.rules import rules_of
from dieuhanh.units.models import Unit
from dieuhanh.units.selectors import unit_successors


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


def email_users(*, users: list[User], subject: str, body: str) -> int:
    recipients = [u.email for u in users if u.email]
    if not recipients:
        return 0
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
