"""The API's one guard: the caller passes the rule (`accounts.rules`) or gets a 403."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from ninja.errors import HttpError

from dieuhanh.accounts.models import User


def api_user(request: HttpRequest, rule: Callable[[object], bool], message: str) -> User:
    user = request.user
    if not isinstance(user, User) or not rule(user):
        raise HttpError(403, message)
    return user
