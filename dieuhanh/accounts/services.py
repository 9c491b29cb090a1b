"""Writes on users."""

from __future__ import annotations

from functools import lru_cache

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction

from dieuhanh.accounts.models import Role, User
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
