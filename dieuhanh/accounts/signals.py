"""Each sign-in starts owing its own second factor, whatever the session held before."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY

from dieuhanh.accounts.second_factor import SESSION_KEY


@receiver(user_logged_in, dispatch_uid="accounts.second_factor_reset")
def second_factor_reset(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    request.session.pop(SESSION_KEY, None)
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    if hasattr(user, "otp_device"):
        user.otp_device = None
