"""Django's password backend, with the signed-in user read by SQL built once (core.rawread):
every signed-in request reads its user, the autosaves of the 15th most of all."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from dieuhanh.accounts.models import User
from dieuhanh.core import rawread


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        found = rawread.fetch(User, where="t0.id = %s", params=[pk])
        return found[0] if found and self.user_can_authenticate(found[0]) else None
