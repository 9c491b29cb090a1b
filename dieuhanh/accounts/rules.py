"""The permission rules: every "may this user…" of the programme is a named predicate here.

Views (through `accounts.permissions`), the API, importers, selectors and the admin ask these
and nothing else; what a predicate refuses is a 403 on a page the role may not use, while an
object outside the user's unit scope is a 404 (the selectors' scoping, `docs/access.md`).
Inactive accounts pass no rule.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied

from dieuhanh.accounts.models import PROGRAMME_WIDE_ROLES, REPORTER_ROLES, Role, User
from dieuhanh.units.structure import province_board_unit_ids


def _member(user: object) -> User | None:
    """The signed-in, active account, or None (anonymous, deactivated)."""
    return user if isinstance(user, User) and user.is_active else None


def has_role(user: object) -> bool:
    """Any signed-in, active account given a role in the programme (enterprises included)."""
    u = _member(user)
    return u is not None and (u.role != Role.NONE or u.is_superuser)


def is_programme_admin(user: object) -> bool:
    """The programme's administrators, at the province record's issuer (and superusers)."""
    u = _member(user)
    return u is not None and (u.role == Role.ADMIN or u.is_superuser)


def sees_whole_programme(user: object) -> bool:
    """Administrators and leaders: every unit's work, province-wide."""
    u = _member(user)
    return u is not None and (u.role in PROGRAMME_WIDE_ROLES or u.is_superuser)


def is_reporter(user: object) -> bool:
    """An agency's or a commune's reporter, attached to a unit."""
    u = _member(user)
    return u is not None and u.role in REPORTER_ROLES and u.unit_id is not None


def can_read_register(user: object) -> bool:
    """The task register, targets, indicators and evaluations: programme-wide roles and reporters."""
    return sees_whole_programme(user) or is_reporter(user)


def can_send_indicator_values(user: object) -> bool:
    """Figures are sent by reporters for their units, or by the administrators for any."""
    return is_programme_admin(user) or is_reporter(user)


def is_enterprise_user(user: object) -> bool:
    u = _member(user)
    return u is not None and u.role == Role.ENTERPRISE and u.unit_id is not None


def is_board_staff(user: object) -> bool:
    """The Board's agency staff manage the zones' registry; the administrators may too."""
    u = _member(user)
    if u is None or is_programme_admin(u):
        return u is not None
    # The Board's units (before and after a merger) are data of the province record.
    return u.role == Role.AGENCY_REPORTER and u.unit_id is not None and u.unit_id in province_board_unit_ids()


def can_read_zones(user: object) -> bool:
    return is_board_staff(user) or sees_whole_programme(user)


def uses_zones(user: object) -> bool:
    """The zones' pages: the Board, programme-wide roles, and enterprises for their own."""
    return can_read_zones(user) or is_enterprise_user(user)


REFUSED = "Tài khoản của bạn không có quyền truy cập trang này."


def require(rule: Callable[[object], bool], user: object, message: str = REFUSED) -> None:
    """For selectors and services: a role the rule refuses is a 403, wherever it is asked
    (an object outside the user's scope stays the selectors' 404)."""
    if not rule(user):
        raise PermissionDenied(message)
