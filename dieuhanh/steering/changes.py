"""What changed since a moment, for the API's `updated_since`: read from the rows' own history
(simple-history's `history_date`), the audit trail every write already keeps, so no second
clock is added and nothing can be changed without showing up; and, for what a representation
reads from other rows (a meeting's conclusions, a target's figures and judgements), theirs."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from dieuhanh.core.history import changed_ids, history_model_of
from dieuhanh.indicators.models import DataValue, Indicator
from dieuhanh.plans.models import Target
from dieuhanh.steering.models import Conclusion, Confidence, Meeting


def meetings_changed_since(qs: QuerySet[Meeting], *, since: dt.datetime | None) -> QuerySet[Meeting]:
    """`qs` narrowed to the meetings made or changed at or after `since`, or with a conclusion
    recorded or changed then (a meeting's representation carries its conclusions)."""
    if since is None:
        return qs
    concluded = history_model_of(Conclusion)._default_manager.filter(history_date__gte=since)
    return qs.filter(Q(pk__in=changed_ids(Meeting, since=since)) | Q(pk__in=concluded.values("meeting_id")))


def targets_changed_since(qs: QuerySet[Target], *, since: dt.datetime | None) -> QuerySet[Target]:
    """`qs` narrowed to the targets whose verdict may read differently since `since`: the target
    changed (its history), a figure of one of its indicators recorded, or a judgement of its
    confidence recorded at or after `since`. The days passing alone are no change."""
    if since is None:
        return qs
    figures = DataValue.objects.filter(recorded_at__gte=since).values("indicator_id")
    measured = Indicator.targets.through.objects.filter(indicator_id__in=figures).values("target_id")
    judged = Confidence.objects.filter(target__isnull=False, recorded_at__gte=since).values("target_id")
    return qs.filter(Q(pk__in=changed_ids(Target, since=since)) | Q(pk__in=measured) | Q(pk__in=judged))
