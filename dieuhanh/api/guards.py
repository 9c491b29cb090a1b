"""The API's guards: who the caller is (a session or a machine token) and the rule it must pass
(`accounts.rules`) or get a 403."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from dieuhanh.accounts.models import ApiToken, User
from dieuhanh.accounts.services import TokenRefused, api_token_check

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def api_user(request: HttpRequest, rule: Callable[[object], bool], message: str) -> User:
    user = request.user
    if not isinstance(user, User) or not rule(user):
        raise HttpError(403, message)
    return user


class BearerToken(HttpBearer):
    """`Authorization: Bearer dh_…`: the request acts as the token's service account, so the
    rules and the selectors' scoping are a person's of that unit. A read-only token sends only
    GET, HEAD and OPTIONS; anything else is a 403 before the operation runs."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        try:
            found = api_token_check(token)
        except TokenRefused as refused:
            raise HttpError(401, str(refused)) from None
        if request.method not in SAFE_METHODS and found.access != ApiToken.Access.WRITE:
            raise HttpError(403, "Mã truy cập API này chỉ được đọc, không được ghi.")
        request.user = found.principal
        return found
