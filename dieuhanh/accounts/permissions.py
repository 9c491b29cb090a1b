"""Who may open what. Anonymous users go to the login page; a signed-in user without the
right gets 403 (a page) or 404 (an object outside their scope)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from dieuhanh.accounts.models import Role

View = Callable[..., HttpResponse]


def role_required(*roles: str) -> Callable[[View], View]:
    allowed = frozenset(roles)

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not (user.is_superuser or getattr(user, "role", None) in allowed):
                raise PermissionDenied("Tài khoản của bạn không có quyền truy cập trang này.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def register_reader(view: View) -> View:
    """The task register and targets: programme-wide roles and reporters with a unit."""

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(request.user, "can_read_register", False):
            raise PermissionDenied("Tài khoản của bạn không có quyền xem danh mục nhiệm vụ và chỉ tiêu.")
        return view(request, *args, **kwargs)

    return wrapped


programme_admin = role_required(Role.ADMIN)
# Programme-wide reading (administrators and leaders), e.g. the whole province's units.
programme_reader = role_required(Role.ADMIN, Role.LEADER)
