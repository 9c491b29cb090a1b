"""The Django admin, for administrators only: a signed-in user who is not staff gets 403
instead of being shown the admin login form again. Its login is the site's (one form, one
throttle, one second factor)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.module_loading import import_string

from dieuhanh.core.append_only import FrozenRecordError

_ViewType = TypeVar("_ViewType", bound=Callable[..., HttpResponse])


class DieuhanhAdminSite(admin.AdminSite):
    site_header = "Quản trị hệ thống điều hành KHCN, ĐMST và CĐS"
    site_title = "Quản trị dieuhanh"
    index_title = "Danh mục quản trị"

    def admin_view(self, view: _ViewType, cacheable: bool = False) -> _ViewType:  # type: ignore[override]
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied("Chỉ quản trị viên mới được vào trang quản trị.")
            try:
                return inner(request, *args, **kwargs)
            except FrozenRecordError as exc:
                # Something (a cascade, an inline) reached a frozen record: say so, stay put.
                messages.error(request, " ".join(exc.messages))
                return HttpResponseRedirect(request.get_full_path())

        return cast(_ViewType, guarded)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied("Chỉ quản trị viên mới được vào trang quản trị.")
        # The sign-in view is named by the settings: the core knows no accounts app.
        return cast(HttpResponse, import_string(settings.ADMIN_LOGIN_VIEW)(request))


class DieuhanhAdminConfig(AdminConfig):
    default_site = "dieuhanh.core.admin_site.DieuhanhAdminSite"


class AppendOnlyAdmin(admin.ModelAdmin):
    """Records that are only ever added by the services (reports, imports, the API): the
    admin shows them and their history, and offers no add, edit or delete."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
