from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

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
