"""Login throttling on top of django-axes: one count per account, a looser one per address.

Axes compares every lockout parameter with one limit; an office behind a single NAT address
shares its address's count, so that count is scaled to the account limit before comparing.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


class SignInAttemptHandler(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        # One queryset per entry of AXES_LOCKOUT_PARAMETERS, in order: username, ip_address.
        by_account, by_address = (
            qs.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for qs in self.get_user_attempts(request, credentials)
        )
        if get_client_username(request, credentials) is None:
            # A sign-in without a username (SSO) has no account to count: rows without one
            # would otherwise add up, across every address, as if they were one account.
            by_account = 0
        account_limit = settings.AXES_FAILURE_LIMIT
        # Rounded down: the address reaches the account limit exactly at its own limit.
        scaled = by_address * account_limit // settings.SIGNIN_ADDRESS_FAILURE_LIMIT
        return max(by_account, scaled)


def client_address(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind SIGNIN_PROXY_COUNT trusted proxies the
    address the outermost of them saw (X-Forwarded-For read from the right, never the left,
    which the client writes itself)."""
    count = settings.SIGNIN_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if count > 0 and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
