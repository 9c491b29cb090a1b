from __future__ import annotations

from axes.admin import AccessFailureLogAdmin, AccessLogAdmin  # registers axes' admins first
from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Model
from django.http import HttpRequest

from dieuhanh.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "role", "unit", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "full_name", "email", "unit__name")
    autocomplete_fields = ("unit",)
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Phân quyền trong chương trình", {"fields": ("role", "unit", "full_name", "job_title", "phone")}),
    )
    add_fieldsets = (
        *(BaseUserAdmin.add_fieldsets or ()),
        ("Phân quyền trong chương trình", {"fields": ("role", "unit", "full_name")}),
    )


class _SignInRecord:
    """The sign-in logs are the audit trail of who signed in from where: the programme
    administrator reads them; only the operator (superuser) prunes them. Lifting a lockout
    is deleting its access attempt, which stays the administrator's."""

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return bool(request.user.is_superuser)


class SignInLogAdmin(_SignInRecord, AccessLogAdmin):
    pass


class SignInFailureLogAdmin(_SignInRecord, AccessFailureLogAdmin):
    pass


for _model, _admin in ((AccessLog, SignInLogAdmin), (AccessFailureLog, SignInFailureLogAdmin)):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
        admin.site.register(_model, _admin)
