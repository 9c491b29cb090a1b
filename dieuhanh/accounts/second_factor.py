"""The second factor: a TOTP authenticator app, with single-use recovery codes beside it.

Administrators and leaders must have one outside the demo (settings.SIGNIN_2FA_REQUIRED);
anyone may enrol, and whoever has enrolled is asked for a code at every sign-in.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from dieuhanh.accounts.models import PROGRAMME_WIDE_ROLES, User

# The session remembers whether this sign-in still owes a second factor, so a page costs no
# device query for the many users who have none.
SESSION_KEY = "signin_second_factor"
DEVICE_NAME = "Ứng dụng xác thực"


def second_factor_required(*, user: User) -> bool:
    """Whether this user may not work without a second factor (administrators, leaders, staff)."""
    if not settings.SIGNIN_2FA_REQUIRED:
        return False
    return user.role in PROGRAMME_WIDE_ROLES or user.is_superuser or user.is_staff


def second_factor_enrolled(*, user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_needed(*, user: User) -> bool:
    """Whether signing in as this user takes a code: enrolled, or obliged to enrol."""
    return second_factor_enrolled(user=user) or second_factor_required(user=user)


def recovery_codes_left(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    secret: str  # base32, as authenticator apps take it when typed
    qr_svg_uri: str  # the otpauth:// URI as a QR code, inline (CSP allows data: images)


def _base32(device: TOTPDevice) -> str:
    return base64.b32encode(binascii.unhexlify(device.key)).decode("ascii")


@transaction.atomic
def totp_enrolment_start(*, user: User) -> Enrolment:
    """The pending authenticator of this user, made on first call: the same secret is shown
    until it is confirmed, so a reload does not invalidate what the user already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    qr = segno.make(device.config_url, error="m")
    return Enrolment(device=device, secret=_base32(device), qr_svg_uri=qr.svg_data_uri(scale=5))


@transaction.atomic
def totp_enrolment_confirm(*, request: HttpRequest, user: User, token: str) -> list[str] | None:
    """Confirm the pending authenticator with a code from it; on success it replaces any
    previous one, the session counts as verified, and new recovery codes are returned."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    if device is None or not device.verify_token(_normalise(token)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_renew(user=user)
    second_factor_mark_verified(request=request, device=device)
    return codes


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    """Replace the user's recovery codes with a fresh set; each code opens one sign-in."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Mã khôi phục", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.SIGNIN_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


@transaction.atomic
def second_factor_remove(*, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def _normalise(token: str) -> str:
    return "".join(token.split()).lower()


@dataclass(frozen=True)
class Verification:
    ok: bool
    throttled: bool = False
    used_recovery_code: bool = False


@transaction.atomic
def second_factor_verify(*, request: HttpRequest, user: User, token: str) -> Verification:
    """Check a code: six digits go to the authenticator, anything else is a recovery code.
    django-otp's devices throttle themselves (each failure doubles the wait)."""
    token = _normalise(token)
    model: type[TOTPDevice] | type[StaticDevice] = TOTPDevice if token.isdigit() else StaticDevice
    throttled = False
    for device in model.objects.select_for_update().filter(user=user, confirmed=True):
        allowed, _ = device.verify_is_allowed()
        throttled = throttled or not allowed
        if allowed and device.verify_token(token):
            second_factor_mark_verified(request=request, device=device)
            return Verification(ok=True, used_recovery_code=model is StaticDevice)
    return Verification(ok=False, throttled=throttled)


def second_factor_mark_verified(*, request: HttpRequest, device: TOTPDevice | StaticDevice) -> None:
    otp_login(request, device)
    request.session[SESSION_KEY] = False
