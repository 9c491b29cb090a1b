"""The steering loop in the admin: read-mostly lists; writes go through the pages (services)."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dieuhanh.steering.models import Conclusion, Confidence, Explanation, Meeting, Proposal


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("held_on", "title", "period", "notice")


@admin.register(Conclusion)
class ConclusionAdmin(SimpleHistoryAdmin):
    list_display = ("meeting", "number", "lead_unit", "deadline_text", "task")


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):
    list_display = ("unit", "text", "addressee", "state", "respond_by")
    list_filter = ("state", "addressee")


@admin.register(Confidence)
class ConfidenceAdmin(admin.ModelAdmin):
    """Append-only: a judgement is corrected by a new one."""

    list_display = ("recorded_at", "judge", "unit", "task", "target", "level")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Explanation)
class ExplanationAdmin(SimpleHistoryAdmin):
    list_display = ("unit", "subject", "due_on", "answered_at")
