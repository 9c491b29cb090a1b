"""Users belong to a unit and hold one role; the role decides what they may see and do."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from dieuhanh.core.history import AuditedHistory
from dieuhanh.units.models import Unit


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị chương trình"
    LEADER = "leader", "Lãnh đạo"
    AGENCY_REPORTER = "agency_reporter", "Cán bộ báo cáo của sở, ban, ngành"
    COMMUNE_REPORTER = "commune_reporter", "Cán bộ báo cáo của xã, phường"
    ENTERPRISE = "enterprise", "Doanh nghiệp"
    NONE = "none", "Chưa được phân quyền"


REPORTER_ROLES = frozenset({Role.AGENCY_REPORTER, Role.COMMUNE_REPORTER})
# Apps whose records the programme administrator manages in the Django admin.
# "axes": the login attempts, so the administrator can lift a lockout from the admin.
ADMIN_APPS = frozenset(
    {
        "units",
        "accounts",
        "plans",
        "reporting",
        "indicators",
        "synthesis",
        "dashboard",
        "zones",
        "evaluation",
        "opendata",  # what is published: the administrator's choice
        "exchange",  # the DHIS2 mapping (option-combo pairs)
        "auth",
        "axes",
    }
)
# Roles that may read the whole programme register.
PROGRAMME_WIDE_ROLES = frozenset({Role.ADMIN, Role.LEADER})


class User(AbstractUser):
    role = models.CharField("vai trò", max_length=20, choices=Role.choices, default=Role.NONE)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name="đơn vị"
    )
    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    job_title = models.CharField("chức vụ", max_length=150, blank=True)
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    # Who gave whom which role and unit, when and from which address (the inspector's audit);
    # the password hash and the last sign-in are not history worth keeping.
    history = AuditedHistory(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.username

    # The rules live in accounts.rules; these properties are their names for templates.
    @property
    def is_programme_admin(self) -> bool:
        from dieuhanh.accounts import rules

        return rules.is_programme_admin(self)

    @property
    def sees_whole_programme(self) -> bool:
        from dieuhanh.accounts import rules

        return rules.sees_whole_programme(self)

    @property
    def is_reporter(self) -> bool:
        from dieuhanh.accounts import rules

        return rules.is_reporter(self)

    @property
    def can_read_register(self) -> bool:
        from dieuhanh.accounts import rules

        return rules.can_read_register(self)

    def has_perm(self, perm: str, obj: models.Model | None = None) -> bool:
        # The programme administrator manages every record of the programme in the admin
        # without per-model grants; other roles go through Django's permissions as usual.
        if self.is_programme_admin and perm.split(".", 1)[0] in ADMIN_APPS:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        if self.is_programme_admin and app_label in ADMIN_APPS:
            return True
        return super().has_module_perms(app_label)

    def display_name(self) -> str:
        return self.full_name or self.get_username()


class ApiToken(models.Model):
    """A machine client's key to the API (`Authorization: Bearer …`).

    A token acts as its own service account (`principal`), a `User` with the role a person of the
    token's unit would hold (a reporter of that unit, or a leader for a province-wide token), so
    every rule of `accounts.rules` and every selector's `user=` scoping applies to it unchanged.
    Only the SHA-256 of the secret is kept: the secret is shown once, when the token is made."""

    class Access(models.TextChoices):
        READ = "read", "Chỉ đọc"
        WRITE = "write", "Đọc và ghi"

    name = models.CharField("tên ứng dụng", max_length=150)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name="đơn vị",
        help_text="Để trống: toàn tỉnh.",
    )
    access = models.CharField("quyền", max_length=5, choices=Access.choices, default=Access.READ)
    principal = models.OneToOneField(
        User, on_delete=models.PROTECT, related_name="api_token", verbose_name="tài khoản dịch vụ"
    )
    # The first characters of the secret, to find the row and to tell tokens apart in the admin.
    prefix = models.CharField("tiền tố", max_length=12, unique=True)
    secret_hash = models.CharField("mã băm", max_length=64)
    expires_on = models.DateField("hết hạn ngày", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, verbose_name="người tạo"
    )
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name="người thu hồi"
    )
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True)
    # Who made and who revoked which token, when and from where; the last use is not history.
    history = AuditedHistory(excluded_fields=["last_used_at"])

    class Meta:
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
