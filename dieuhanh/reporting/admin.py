from django.contrib import admin
from django.core.exceptions import PermissionDenied

from dieuhanh.core.admin_site import AppendOnlyAdmin
from dieuhanh.core.history_admin import HistoryAdmin
from dieuhanh.reporting.models import (
    Evidence,
    Notification,
    Period,
    RegimeMembership,
    Reminder,
    Report,
    ReportRegime,
    ReportVersion,
    TaskUpdate,
)


class MembershipInline(admin.TabularInline):
    model = RegimeMembership
    autocomplete_fields = ("unit",)
    extra = 0


@admin.register(ReportRegime)
class ReportRegimeAdmin(HistoryAdmin):
    list_display = ("name", "frequency", "due_day", "cutoff_day", "receiving_unit", "active")
    list_filter = ("frequency", "active")
    inlines = (MembershipInline,)
    autocomplete_fields = ("receiving_unit",)


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ("label", "regime", "starts_on", "ends_on", "due_on")
    list_filter = ("regime", "year")


class TaskUpdateInline(admin.TabularInline):
    model = TaskUpdate
    fields = ("task", "progress", "percent", "completed_on", "result")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Report)
class ReportAdmin(AppendOnlyAdmin, HistoryAdmin):
    # Reports change through their pages (services check versions and roles); here they are read,
    # and never deleted: what was sent and accepted is the record.
    list_display = ("unit", "period", "status", "first_submitted_at", "reviewed_at")
    list_filter = ("status", "period__regime", "period__year")
    search_fields = ("unit__name",)
    readonly_fields = [f.name for f in Report._meta.fields]
    inlines = (TaskUpdateInline,)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):  # type: ignore[no-untyped-def]
        # simple-history saves the old version on POST even with every field read-only: that
        # would restore a report behind the engine's back (status, versions, who sent it).
        if request.method == "POST":
            raise PermissionDenied("Báo cáo chỉ thay đổi qua trang báo cáo; lịch sử ở đây chỉ để xem.")
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Evidence)
class EvidenceAdmin(AppendOnlyAdmin, HistoryAdmin):
    list_display = ("__str__", "task_update", "size", "uploaded_at", "uploaded_by", "corrects")


@admin.register(ReportVersion)
class ReportVersionAdmin(AppendOnlyAdmin):
    list_display = ("report", "number", "submitted_at", "submitted_by")
    # Append-only (no add: a version is what a submission froze; one made by hand had no number).
    readonly_fields = ("report", "number", "content", "submitted_at", "submitted_by")


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("period", "unit", "kind", "channel", "sent_at")
    list_filter = ("kind", "channel")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "text", "created_at", "read_at")
