"""What changed since a moment, for the API's `updated_since`: read from the rows' own history
(simple-history's `history_date`), the audit trail every write of the loop already keeps, so no
second clock is added and nothing can be changed without showing up."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from dieuhanh.core.history import changed_since, history_model_of
from dieuhanh.steering.models import Conclusion, Meeting


def meetings_changed_since(qs: QuerySet[Meeting], *, since: dt.datetime | None) -> QuerySet[Meeting]:
    """`qs` narrowed to the meetings made or changed at or after `since`, or with a conclusion
    recorded or changed then (a meeting's representation carries its conclusions)."""
    if since is None:
        return qs
    concluded = history_model_of(Conclusion)._default_manager.filter(history_date__gte=since)
    return changed_since(qs, since=since) | qs.filter(pk__in=concluded.values("meeting_id"))
