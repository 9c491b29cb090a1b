"""Who may see what in the zones app.

The Board (Ban Quản lý KCN Hải Dương until 30/06/2025, Ban Quản lý Khu kinh tế Hải Phòng
since) manages the registry and answers enterprises; Sở KH&CN's administrators may do what
the Board does; leaders read. An enterprise user sees only its own enterprise.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from dieuhanh.accounts.models import Role, User
from dieuhanh.units.selectors import province_board_unit_ids

View = Callable[..., HttpResponseBase]


def is_board_staff(user: User) -> bool:
    if not user.is_active:
        return False
    if user.is_programme_admin:
        return True
    # The Board's units are data of the province record.
    return user.role == Role.AGENCY_REPORTER and user.unit_id in province_board_unit_ids()


def can_read_zones(user: User) -> bool:
    return is_board_staff(user) or user.sees_whole_programme


def is_enterprise_user(user: User) -> bool:
    return user.is_active and user.role == Role.ENTERPRISE and user.unit_id is not None


def _guard(check: Callable[[User], bool], message: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not check(request.user):  # type: ignore[arg-type]
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


board_reader = _guard(can_read_zones, "Trang này dành cho Ban Quản lý các khu công nghiệp và lãnh đạo.")
board_staff = _guard(is_board_staff, "Chỉ cán bộ Ban Quản lý các khu công nghiệp được thực hiện việc này.")
enterprise_only = _guard(is_enterprise_user, "Trang này dành cho tài khoản doanh nghiệp.")
zones_user = _guard(
    lambda u: can_read_zones(u) or is_enterprise_user(u), "Tài khoản của bạn không có quyền xem trang này."
)
