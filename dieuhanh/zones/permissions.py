"""The zones' view guards, on the rules of `accounts.rules`: the Board manages the registry
and answers enterprises, the administrators at the province record's issuer may do what the
Board does, leaders read, an enterprise user sees only its own enterprise."""

from __future__ import annotations

from dieuhanh.accounts import rules
from dieuhanh.accounts.permissions import guard

board_reader = guard(rules.can_read_zones, "Trang này dành cho Ban Quản lý các khu công nghiệp và lãnh đạo.")
board_staff = guard(
    rules.is_board_staff, "Chỉ cán bộ Ban Quản lý các khu công nghiệp được thực hiện việc này."
)
enterprise_only = guard(rules.is_enterprise_user, "Trang này dành cho tài khoản doanh nghiệp.")
zones_user = guard(rules.uses_zones, "Tài khoản của bạn không có quyền xem trang này.")
