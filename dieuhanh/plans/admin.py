from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dieuhanh.plans.models import Document, Target, Task, TaskGroup


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ("number", "kind", "issued_on", "issuer_name", "implements")
    list_filter = ("kind",)
    search_fields = ("number", "title", "issuer_name")
    autocomplete_fields = ("issuer", "implements")


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "comparator", "value", "unit_of_measure", "horizon_year", "document")
    list_filter = ("horizon_year", "document")
    search_fields = ("code", "name", "text")


@admin.register(TaskGroup)
class TaskGroupAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "document", "order")
    list_filter = ("document",)
    search_fields = ("title",)


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = (
        "code",
        "short_text",
        "issuer_role",
        "lead_unit",
        "deadline_text",
        "due",
        "completed_on",
    )
    list_filter = ("group", "issuer_role", "recurrence", "document")
    search_fields = ("code", "text", "deliverable", "lead_text")
    autocomplete_fields = ("lead_unit", "partner_units", "implements")
    fieldsets = (
        (None, {"fields": ("document", "group", "code", "section", "order", "text", "implements")}),
        ("Rõ người, rõ trách nhiệm", {"fields": ("issuer_role", "lead_unit", "lead_text", "partner_units")}),
        (
            "Rõ thời gian",
            {
                "fields": (
                    "deadline_text",
                    "due",
                    "recurrence",
                    "yearly_due_month",
                    "yearly_due_day",
                    "condition",
                    "condition_met_on",
                    "relative_days",
                )
            },
        ),
        ("Rõ kết quả", {"fields": ("deliverable", "completed_on", "completion_note")}),
    )

    @admin.display(description="nội dung")
    def short_text(self, obj: Task) -> str:
        return obj.text[:90]
