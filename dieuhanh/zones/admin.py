"""The administrator edits the registry and the self-assessment questionnaire here. A
questionnaire version that enterprises have answered is frozen: copy it to a new version,
edit, then publish."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from dieuhanh.core.history_admin import HistoryAdmin
from dieuhanh.zones.assessment import questionnaire_copy, questionnaire_publish
from dieuhanh.zones.models import (
    Assessment,
    Choice,
    Contact,
    Department,
    Enterprise,
    EnterpriseRequest,
    Pillar,
    Project,
    Question,
    Questionnaire,
    Zone,
)


def _frozen(questionnaire: Questionnaire | None) -> bool:
    return questionnaire is not None and questionnaire.assessments.exists()


@admin.register(Zone)
class ZoneAdmin(HistoryAdmin):
    list_display = ("name", "kind", "status", "planned_area_ha", "leased_area_ha", "illustrative")
    list_filter = ("kind", "status", "illustrative")
    search_fields = ("name", "code")
    autocomplete_fields = ("commune",)


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


class ProjectInline(admin.StackedInline):
    model = Project
    extra = 0


@admin.register(Enterprise)
class EnterpriseAdmin(HistoryAdmin):
    list_display = ("name", "tax_code", "zone", "vsic", "ownership", "size", "workers")
    list_filter = ("zone", "ownership", "size", "illustrative")
    search_fields = ("name", "tax_code")
    autocomplete_fields = ("unit",)
    inlines = (ContactInline, ProjectInline)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "duties", "order", "active")


@admin.register(EnterpriseRequest)
class EnterpriseRequestAdmin(HistoryAdmin):
    list_display = ("subject", "enterprise", "department", "state", "respond_by", "sent_at", "answered_at")
    list_filter = ("state", "department")


class PillarInline(admin.TabularInline):
    model = Pillar
    extra = 0
    show_change_link = True


@admin.register(Questionnaire)
class QuestionnaireAdmin(HistoryAdmin):
    list_display = ("title", "version", "status", "provisional", "published_at")
    inlines = (PillarInline,)
    actions = ("copy_to_new_version", "publish")

    def has_change_permission(self, request: HttpRequest, obj: Questionnaire | None = None) -> bool:
        return not _frozen(obj) and super().has_change_permission(request, obj)

    @admin.action(description="Sao chép thành phiên bản mới (để sửa)")
    def copy_to_new_version(self, request: HttpRequest, queryset: QuerySet[Questionnaire]) -> None:
        for q in queryset:
            new = questionnaire_copy(questionnaire=q)
            messages.success(request, f"Đã tạo phiên bản {new.version} (đang soạn) từ phiên bản {q.version}.")

    @admin.action(description="Áp dụng phiên bản đã chọn")
    def publish(self, request: HttpRequest, queryset: QuerySet[Questionnaire]) -> None:
        for q in queryset:
            try:
                questionnaire_publish(questionnaire=q)
                messages.success(request, f"Đã áp dụng phiên bản {q.version}.")
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    show_change_link = True


@admin.register(Pillar)
class PillarAdmin(HistoryAdmin):
    list_display = ("name", "questionnaire", "order", "weight")
    inlines = (QuestionInline,)

    def has_change_permission(self, request: HttpRequest, obj: Pillar | None = None) -> bool:
        return not _frozen(obj.questionnaire if obj else None) and super().has_change_permission(request, obj)


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(HistoryAdmin):
    list_display = ("code", "text", "pillar")
    list_filter = ("pillar__questionnaire",)
    inlines = (ChoiceInline,)

    def has_change_permission(self, request: HttpRequest, obj: Question | None = None) -> bool:
        frozen = _frozen(obj.pillar.questionnaire if obj else None)
        return not frozen and super().has_change_permission(request, obj)


@admin.register(Assessment)
class AssessmentAdmin(HistoryAdmin):
    list_display = ("enterprise", "questionnaire", "status", "score", "level", "submitted_at")
    list_filter = ("status", "level", "questionnaire")
    readonly_fields = ("pillar_scores", "score", "level", "submitted_at", "submitted_by")
