"""The database session store, with its one read per request done by SQL built once
(core.rawread): every signed-in request reads its session, the autosaves of the 15th most of
all. Writing, expiring and clearing stay Django's."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connection
from django.utils import timezone

from dieuhanh.core import rawread


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        found = rawread.fetch(
            self.model, where="t0.session_key = %s AND t0.expire_date > %s", params=[self.session_key, now]
        )
        if not found:
            self._session_key = None
            return None
        return found[0]
