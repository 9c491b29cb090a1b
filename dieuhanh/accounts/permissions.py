"""Who may open what, for views. Anonymous users go to the login page; a signed-in user whom
the rule (`accounts.rules`) refuses gets 403; an object outside their scope is the selectors' 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from dieuhanh.accounts import rules

View = Callable[..., HttpResponseBase]


def guard(rule: Callable[[object], bool], message: str = rules.REFUSED) -> Callable[[View], View]:
    """A view decorator: signed in, and `rule(user)` holds, else 403 with `message`."""

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not rule(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


programme_admin = guard(rules.is_programme_admin)
# Programme-wide reading (administrators and leaders), e.g. the whole province's units.
programme_reader = guard(rules.sees_whole_programme)
# The task register and targets: programme-wide roles and reporters with a unit.
register_reader = guard(
    rules.can_read_register, "Tài khoản của bạn không có quyền xem danh mục nhiệm vụ và chỉ tiêu."
)
