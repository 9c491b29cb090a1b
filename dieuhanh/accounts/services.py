"""Writes on users."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dieuhanh.accounts.models import ApiToken, Role, User
from dieuhanh.units.models import Unit


@lru_cache(maxsize=8)
def _hashed(password: str) -> str:
    # Hashing is deliberately slow (~0,6 s); the demo gives dozens of accounts one password.
    return make_password(password)


@transaction.atomic
def user_upsert(
    *,
    username: str,
    full_name: str,
    role: Role,
    unit: Unit | None,
    job_title: str = "",
    password: str | None = None,
    email: str | None = None,
) -> User:
    """Create or update a user; administrators also get the Django admin."""
    if role != Role.NONE and unit is None:
        raise ValidationError({"unit": "Người dùng có vai trò phải thuộc một đơn vị."})
    user, _ = User.objects.get_or_create(username=username)
    user.full_name, user.role, user.unit, user.job_title = full_name, role, unit, job_title
    user.is_staff = role == Role.ADMIN
    if password is not None:
        user.password = _hashed(password)
    if email is not None:
        user.email = email
    user.full_clean(exclude=["password"])
    user.save()
    return user


# --- API tokens ----------------------------------------------------------------------------------

TOKEN_MARK = "dh_"
# A unit a token may speak for: the units whose people report (docs/api.md, "Tokens").
_TOKEN_ROLES = {Unit.Kind.AGENCY: Role.AGENCY_REPORTER, Unit.Kind.COMMUNE: Role.COMMUNE_REPORTER}


def secret_hash(secret: str) -> str:
    # The secret is 32 random bytes: a plain digest is enough, a slow password hash would only
    # slow every API call down.
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_fields_check(*, unit: Unit | None, expires_on: dt.date | None) -> None:
    """The admin's form asks this before the token is made (ValidationError per field)."""
    errors: dict[str, str] = {}
    if unit is not None and unit.kind not in _TOKEN_ROLES:
        errors["unit"] = (
            "Mã truy cập chỉ cấp cho một sở, ban, ngành hoặc một xã, phường; để trống để cấp toàn tỉnh."
        )
    if expires_on is not None and expires_on <= timezone.localdate():
        errors["expires_on"] = "Ngày hết hạn phải sau hôm nay."
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once; only its hash is stored


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str,
    unit: Unit | None,
    access: ApiToken.Access,
    expires_on: dt.date | None = None,
) -> IssuedToken:
    """A token and its service account: a reporter of `unit`, or a leader province-wide."""
    from dieuhanh.accounts import rules

    rules.require(rules.is_programme_admin, user, "Chỉ quản trị chương trình được cấp mã truy cập API.")
    api_token_fields_check(unit=unit, expires_on=expires_on)
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_MARK}{prefix}_{secrets.token_urlsafe(32)}"
    principal = User(
        username=f"api-{prefix}",
        full_name=f"Ứng dụng: {name}"[:150],
        role=_TOKEN_ROLES[unit.kind] if unit is not None else Role.LEADER,  # type: ignore[index]
        unit=unit if unit is not None else user.unit,
    )
    principal.set_unusable_password()  # a service account never signs in on the pages
    principal.save()
    token = ApiToken.objects.create(
        name=name,
        unit=unit,
        access=access,
        principal=principal,
        prefix=prefix,
        secret_hash=secret_hash(secret),
        expires_on=expires_on,
        created_by=user,
    )
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken, now: dt.datetime | None = None) -> ApiToken:
    """Revoked for good: the token answers 401 and its service account is deactivated."""
    from dieuhanh.accounts import rules

    rules.require(rules.is_programme_admin, user, "Chỉ quản trị chương trình được thu hồi mã truy cập API.")
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at, token.revoked_by = now or timezone.now(), user
    token.save(update_fields=["revoked_at", "revoked_by"])
    principal = token.principal
    principal.is_active = False
    principal.save(update_fields=["is_active"])
    return token


class TokenRefused(Exception):
    """Why a presented token opens nothing, in Vietnamese (an HTTP 401)."""


def api_token_check(secret: str, *, today: dt.date | None = None) -> ApiToken:
    """The live token the secret belongs to, or TokenRefused saying why not."""
    parts = secret.removeprefix(TOKEN_MARK).split("_", 1)
    token = (
        ApiToken.objects.select_related("principal").filter(prefix=parts[0]).first()
        if secret.startswith(TOKEN_MARK) and len(parts) == 2
        else None
    )
    if token is None or not hmac.compare_digest(token.secret_hash, secret_hash(secret)):
        raise TokenRefused("Mã truy cập API không đúng.")
    if token.revoked_at is not None:
        raise TokenRefused(
            f"Mã truy cập API đã bị thu hồi ngày {timezone.localtime(token.revoked_at):%d/%m/%Y}."
        )
    day = today or timezone.localdate()
    if token.expires_on is not None and token.expires_on < day:
        raise TokenRefused(f"Mã truy cập API đã hết hạn ngày {token.expires_on:%d/%m/%Y}.")
    if not token.principal.is_active:
        raise TokenRefused("Tài khoản dịch vụ của mã truy cập API đã bị khóa.")
    now = timezone.now()
    # The last use is for the administrator's list; one write a minute is plenty.
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
