"""The administrator chooses what is public: add or remove a published indicator or target."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from dieuhanh.core.history_admin import HistoryAdmin
from dieuhanh.opendata.models import PublishedIndicator, PublishedTarget


class PublicationAdmin(HistoryAdmin):
    readonly_fields = ("published_on", "published_by")

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.published_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(PublishedIndicator)
class PublishedIndicatorAdmin(PublicationAdmin):
    list_display = ("indicator", "published_on", "published_by")
    search_fields = ("indicator__code", "indicator__name")
    autocomplete_fields = ("indicator",)


@admin.register(PublishedTarget)
class PublishedTargetAdmin(PublicationAdmin):
    list_display = ("target", "published_on", "published_by")
    search_fields = ("target__code", "target__name")
    autocomplete_fields = ("target",)
