from __future__ import annotations

from django.http import HttpRequest

from dieuhanh.accounts.rules import can_read_zones, is_enterprise_user


def zones_nav(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_zones": can_read_zones(user), "nav_enterprise": is_enterprise_user(user)}
