"""The administrator edits a rubric as its JSON (checked on save: a definition that cannot be
read is refused with where the problem is) and exports it as a file."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from dieuhanh.core.admin_site import AppendOnlyAdmin
from dieuhanh.core.downloads import attachment
from dieuhanh.evaluation.models import Entry, EntryEvidence, Evaluation, Round, Rubric
from dieuhanh.evaluation.rubric import RubricError, rubric_parse


class RubricForm(forms.ModelForm):
    class Meta:
        model = Rubric
        fields = ["code", "version", "title", "definition", "complete", "source_note", "active"]

    def clean_definition(self) -> object:
        definition = self.cleaned_data["definition"]
        try:
            rubric_parse(definition)
        except RubricError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return definition


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    form = RubricForm
    list_display = ["title", "code", "version", "complete", "active"]
    list_filter = ["active", "complete"]
    actions = ["export_json"]

    @admin.action(description="Tải JSON của bộ tiêu chí đã chọn")
    def export_json(self, request: HttpRequest, queryset: QuerySet[Rubric]) -> HttpResponse:
        rubric = queryset.order_by("code", "-version").first()
        body = json.dumps(rubric.definition if rubric else {}, ensure_ascii=False, indent=2)
        return attachment(body, f"{rubric.code}-v{rubric.version}.json" if rubric else "rubric.json")


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["__str__", "year", "self_assessment_due", "data_as_of", "status"]
    list_filter = ["year", "status"]
    filter_horizontal = ["units"]


class EntryInline(admin.TabularInline):
    model = Entry
    extra = 0
    fields = [
        "criterion",
        "self_inputs",
        "evidence",
        "appraised_inputs",
        "appraisal_reason",
        "appraiser_unit",
    ]
    # Scores are entered and appraised through the pages (evidence and reasons are checked there).
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Evaluation | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Evaluation | None = None) -> bool:
        return False


@admin.register(Evaluation)
class EvaluationAdmin(AppendOnlyAdmin):
    """An evaluation is opened with its round and moves only through the cycle's pages
    (self-assessment → appraisal → review → publication, then a re-evaluation): edited here its
    status would skip the checks, and a published one is a frozen snapshot. Read only."""

    list_display = ["unit", "round", "version", "status", "submitted_at", "published_at"]
    list_filter = ["round", "status"]
    search_fields = ["unit__name"]
    readonly_fields = ["snapshot", "published_at"]
    inlines = [EntryInline]


@admin.register(EntryEvidence)
class EntryEvidenceAdmin(AppendOnlyAdmin):
    """Evidence is uploaded through the self-assessment page (type and size checked there) and
    is never replaced: the administrator can look, not add, edit or delete."""

    list_display = ["original_name", "entry", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["original_name", "entry__evaluation__unit__name", "entry__criterion"]
    list_select_related = ["entry__evaluation__unit", "uploaded_by"]
