"""Users in the admin. The programme administrator (staff, not superuser) manages accounts,
roles and units, but cannot hand out what they do not hold: superuser status, groups and raw
Django permissions stay with superusers, and superusers' own accounts are out of their reach.
Nobody deletes an account (it is deactivated), so the audit log never loses its author."""

from __future__ import annotations

from typing import Any

from axes.admin import AccessFailureLogAdmin, AccessLogAdmin  # registers axes' admins first
from axes.models import AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest

from dieuhanh.accounts.models import ApiToken, User
from dieuhanh.accounts.services import api_token_create, api_token_fields_check, api_token_revoke

# What only a superuser may grant.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "groups", "user_permissions")


def _is_superuser(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_superuser", False))


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

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields = tuple(super().get_readonly_fields(request, obj))
        if _is_superuser(request):
            return fields
        return (*fields, *SUPERUSER_ONLY_FIELDS, "last_login", "date_joined")

    def _touches_superuser(self, request: HttpRequest, obj: Any) -> bool:
        return obj is not None and obj.is_superuser and not _is_superuser(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._touches_superuser(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # An account is deactivated, never deleted: the audit log keeps who did what.
        return False


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """Groups carry raw permissions: superusers only."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_superuser(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_superuser(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_superuser(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_superuser(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_superuser(request)


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


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ("name", "unit", "access", "expires_on")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            api_token_fields_check(unit=data.get("unit"), expires_on=data.get("expires_on"))
        except ValidationError as problems:
            for field, messages in problems.message_dict.items():
                for message in messages:
                    self.add_error(field, message)
        return data


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Made here (the secret is shown once, in the page's message), revoked by the action;
    never edited nor deleted, so the history keeps who made and who revoked each token."""

    form = ApiTokenForm
    list_display = ("name", "prefix", "unit", "access", "expires_on", "revoked_at", "last_used_at")
    list_filter = ("access", "revoked_at")
    search_fields = ("name", "prefix", "unit__name")
    autocomplete_fields = ("unit",)
    actions = ("revoke",)
    readonly_fields = (
        "name", "unit", "access", "expires_on", "prefix", "principal",
        "created_at", "created_by", "revoked_at", "revoked_by", "last_used_at",
    )  # fmt: skip

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return () if obj is None else self.readonly_fields

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ApiTokenForm.Meta.fields if obj is None else self.readonly_fields

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # read, never saved: a token is replaced by a new one

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        issued = api_token_create(
            user=request.user,  # type: ignore[arg-type]
            name=obj.name,
            unit=obj.unit,
            access=obj.access,
            expires_on=obj.expires_on,
        )
        for field in ApiToken._meta.concrete_fields:
            setattr(obj, field.attname, getattr(issued.token, field.attname))
        messages.warning(
            request,
            f"Mã truy cập API (chỉ hiện một lần, hãy sao chép ngay): {issued.secret}",
        )

    @admin.action(description="Thu hồi các mã truy cập đã chọn")
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for token in queryset:
            api_token_revoke(user=request.user, token=token)  # type: ignore[arg-type]
        messages.success(request, f"Đã thu hồi {len(queryset)} mã truy cập API.")
