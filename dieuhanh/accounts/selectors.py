"""Reads about users, and the unit scope that every other selector applies."""

from __future__ import annotations

from django.db.models import Model, QuerySet

from dieuhanh.accounts import rules
from dieuhanh.accounts.models import Role, User
from dieuhanh.units.structure import unit_lineage_ids


def user_unit_scope(*, user: User) -> set[int] | None:
    """The unit ids whose work the user may see, or None for the whole programme.

    A reporter's scope is their unit and every unit it succeeded, so work recorded under a
    department merged away in 2025 still shows to the people who now carry it.
    """
    if rules.sees_whole_programme(user):
        return None
    if user.unit is None or user.role == Role.NONE or not user.is_active:
        return set()
    return user_lineage_ids(user=user)


def scoped[M: Model](qs: QuerySet[M], *, user: User, field: str = "unit_id") -> QuerySet[M]:
    """`qs` limited to the rows of the units in the user's scope (all rows for the programme)."""
    scope = user_unit_scope(user=user)
    return qs if scope is None else qs.filter(**{f"{field}__in": scope})


def user_lineage_ids(*, user: User) -> set[int]:
    """The user's unit and the units it succeeded, computed once per request: the user object
    lives as long as the request, and several selectors ask for it on the hot paths."""
    if user.unit is None:
        return set()
    cached: set[int] | None = getattr(user, "_lineage_ids", None)
    if cached is None:
        cached = unit_lineage_ids(unit=user.unit)
        user._lineage_ids = cached  # type: ignore[attr-defined]
    return set(cached)
