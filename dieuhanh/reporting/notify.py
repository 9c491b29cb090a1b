"""In-app notifications and e-mail to the people who report for a unit."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.utils import timezone

from dieuhanh.accounts.models import REPORTER_ROLES, User
from dieuhanh.reporting.models import Notification
from dieuhanh.units.models import Unit
from dieuhanh.units.selectors import unit_successors


def unit_reporters(*, unit: Unit) -> QuerySet[User]:
    """Active reporters of the unit, or of the units that now carry its work after a merger."""
    carriers = {unit.pk} | {u.pk for u, _ in unit_successors(unit=unit, on=timezone.localdate())}
    return User.objects.filter(unit_id__in=carriers, role__in=REPORTER_ROLES, is_active=True)


def notify_unit(*, unit: Unit, text: str, url: str = "") -> list[User]:
    users = list(unit_reporters(unit=unit))
    Notification.objects.bulk_create([Notification(user=u, text=text[:500], url=url) for u in users])
    return users


def email_users(*, users: list[User], subject: str, body: str) -> int:
    recipients = [u.email for u in users if u.email]
    if not recipients:
        return 0
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
