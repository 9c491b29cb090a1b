"""The demo's users: one per role, the standard cast of the tests too."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from dieuhanh.accounts.models import ApiToken, Role, User
from dieuhanh.accounts.services import IssuedToken, api_token_create, user_upsert
from dieuhanh.units.models import Unit

DEMO_PASSWORD = "demo@2025"
DEMO_MAIL_DOMAIN = "dieuhanh.local"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: Role
    unit_code: str | None
    job_title: str


# One user per role, the standard cast of the tests too. Units are the ones that carry the
# work today (after the 2025 mergers); their lineage covers the Hải Dương units they succeeded.
DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("quantri", "Nguyễn Thị Quản Trị", Role.ADMIN, "hp:so-khcn", "Chuyên viên Phòng Quản lý CĐS"),
    DemoUser("lanhdao", "Trần Văn Lãnh Đạo", Role.LEADER, "hp:ubnd", "Phó Chủ tịch UBND"),
    DemoUser("bqlkcn", "Lê Thị Báo Cáo", Role.AGENCY_REPORTER, "hp:bql-kkt", "Chuyên viên Văn phòng Ban"),
    DemoUser("sokhcn", "Phạm Văn Tổng Hợp", Role.AGENCY_REPORTER, "hp:so-khcn", "Chuyên viên Văn phòng Sở"),
    DemoUser("xa", "Hoàng Thị Xã", Role.COMMUNE_REPORTER, "vn2025:w:10507", "Công chức Văn phòng - Thống kê"),
    DemoUser("doanhnghiep", "Vũ Văn Doanh", Role.ENTERPRISE, "demo:dn-001", "Giám đốc"),
    DemoUser("khongquyen", "Đỗ Văn Chưa Phân Quyền", Role.NONE, None, ""),
)


@transaction.atomic
def user_load_demo_users(*, password: str = DEMO_PASSWORD) -> list[User]:
    units = {
        u.code: u for u in Unit.objects.filter(code__in=[d.unit_code for d in DEMO_USERS if d.unit_code])
    }
    missing = sorted({d.unit_code for d in DEMO_USERS if d.unit_code} - units.keys())
    if missing:
        raise ValidationError(f"Thiếu đơn vị cho người dùng mẫu: {', '.join(missing)}. Hãy nạp đơn vị trước.")
    return [
        user_upsert(
            username=d.username,
            full_name=d.full_name,
            role=d.role,
            job_title=d.job_title,
            unit=units.get(d.unit_code) if d.unit_code else None,
            password=password,
            # The demo's mail goes to the console: "Quên mật khẩu?" can be tried with these.
            email=f"{d.username}@{DEMO_MAIL_DOMAIN}",
        )
        for d in DEMO_USERS
    ]


def demo_users_loaded() -> dict[str, User]:
    """The demo accounts present in the database, by username, for the console listing printed
    when the demo starts (no request, so nobody to scope by)."""
    wanted = [d.username for d in DEMO_USERS]
    return {u.username: u for u in User.objects.filter(username__in=wanted).select_related("unit")}


# A machine client of the Board (its one-stop-shop software, say): one token that reads, one
# that writes its reports, so both answers of the API can be tried (docs/api.md).
DEMO_TOKEN_ISSUER = "quantri"
DEMO_TOKEN_UNIT = "hp:bql-kkt"
DEMO_TOKENS: tuple[tuple[str, ApiToken.Access], ...] = (
    ("Mẫu: phần mềm của Ban Quản lý (chỉ đọc)", ApiToken.Access.READ),
    ("Mẫu: phần mềm của Ban Quản lý (đọc và ghi)", ApiToken.Access.WRITE),
)


@transaction.atomic
def api_tokens_load_demo() -> list[IssuedToken]:
    """The demo's two tokens, made once by the demo's administrator (a token is found by its
    name, so running the demo again makes none). Only the ones made now come back with their
    secret, to be shown once; the admin lists them all, never their secrets."""
    have = set(ApiToken.objects.filter(name__in=[n for n, _ in DEMO_TOKENS]).values_list("name", flat=True))
    wanted = [(name, access) for name, access in DEMO_TOKENS if name not in have]
    if not wanted:
        return []
    admin = User.objects.get(username=DEMO_TOKEN_ISSUER)
    unit = Unit.objects.get(code=DEMO_TOKEN_UNIT)
    return [api_token_create(user=admin, name=name, unit=unit, access=access) for name, access in wanted]
