"""What a regime expects: which units owe a report for a period, which tasks and indicators
their reports list, and the regime's calendar. Services, jobs and selectors all ask it; it reads
the regime's structure, never a report's content, so it takes no user (the selectors that show
its answers scope them)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from dieuhanh.plans.models import Recurrence, Task
from dieuhanh.reporting.models import Period, RegimeIndicator, RegimeMembership, ReportRegime
from dieuhanh.units.models import Unit
from dieuhanh.units.structure import unit_lineage_ids


def expected_units(*, period: Period) -> QuerySet[Unit]:
    """Units that owe a report for `period`: the regime's members on the day its data closes
    (Hải Dương's units before 01/07/2025, Hải Phòng's after)."""
    on = period.ends_on
    members = RegimeMembership.objects.filter(regime_id=period.regime_id).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    return Unit.objects.filter(pk__in=members.values("unit_id")).valid_on(on).order_by("kind", "name")


def asked_indicator_ids(*, regime: ReportRegime, unit: Unit) -> list[int]:
    """Indicators the regime asks of this kind of unit, in the regime's order."""
    asked = RegimeIndicator.objects.filter(regime=regime).filter(Q(unit_kind="") | Q(unit_kind=unit.kind))
    return list(dict.fromkeys(asked.order_by("order", "id").values_list("indicator_id", flat=True)))


def report_tasks(*, unit: Unit, period: Period) -> QuerySet[Task]:
    """The tasks the regime expects a unit to report on in a period: the province's own tasks
    (`in_scope`) it (or a unit it succeeded) leads or partners — every one-off task still open
    when the period began (due, overdue, due soon, not yet due), and every ongoing or yearly
    task whatever was completed before (a yearly task done last year is due again). A
    quarterly, 6-month or yearly period's window spans its months, so it gathers all of theirs."""
    lineage = unit_lineage_ids(unit=unit)
    one_off = Q(recurrence=Recurrence.NONE) | Q(relative_days__isnull=False)
    return (
        Task.objects.filter(in_scope=True)
        .filter(Q(lead_unit_id__in=lineage) | Q(partner_units__in=lineage))
        .exclude(one_off & Q(completed_on__lt=period.starts_on))
        .select_related("group", "lead_unit", "document")
        .distinct()
        .order_by("group__order", "order", "id")
    )


def periods_of_regime(*, regime: ReportRegime, on: dt.date) -> QuerySet[Period]:
    return regime.periods.filter(starts_on__lte=on).order_by("-due_on")


def latest_closed_period(*, regime: ReportRegime, on: dt.date) -> Period | None:
    return regime.periods.filter(due_on__lt=on).order_by("-due_on").first()
