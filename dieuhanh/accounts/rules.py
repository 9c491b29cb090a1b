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

# The Board of the industrial zones: Ban Quản lý Khu kinh tế Hải Phòng, and the Hải Dương
# Board it took over on 01/07/2025.
BOARD_UNIT_CODES = frozenset({"hp:bql-kkt", "hd:bql-kcn"})


def _active(user: object) -> bool:
    return isinstance(user, User) and user.is_active


def is_programme_admin(user: object) -> bool:
    """Sở KH&CN's administrators of the programme (and superusers)."""
    return _active(user) and (user.role == Role.ADMIN or user.is_superuser)  # type: ignore[attr-defined]


def sees_whole_programme(user: object) -> bool:
    """Administrators and leaders: every unit's work, province-wide."""
    return _active(user) and (user.role in PROGRAMME_WIDE_ROLES or user.is_superuser)  # type: ignore[attr-defined]


def is_reporter(user: object) -> bool:
    """An agency's or a commune's reporter, attached to a unit."""
    return _active(user) and user.role in REPORTER_ROLES and user.unit_id is not None  # type: ignore[attr-defined]


def can_read_register(user: object) -> bool:
    """The task register, targets and indicators: programme-wide roles and reporters."""
    return sees_whole_programme(user) or is_reporter(user)


def can_send_indicator_values(user: object) -> bool:
    """Figures are sent by reporters for their units, or by the administrators for any."""
    return is_programme_admin(user) or is_reporter(user)


def is_enterprise_user(user: object) -> bool:
    return _active(user) and user.role == Role.ENTERPRISE and user.unit_id is not None  # type: ignore[attr-defined]


def is_board_staff(user: object) -> bool:
    """The Board's agency staff manage the zones' registry; the administrators may too."""
    if is_programme_admin(user):
        return True
    return (
        _active(user)
        and user.role == Role.AGENCY_REPORTER  # type: ignore[attr-defined]
        and user.unit is not None  # type: ignore[attr-defined]
        and user.unit.code in BOARD_UNIT_CODES  # type: ignore[attr-defined]
    )


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
