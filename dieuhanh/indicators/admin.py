"""Admin for the indicator register, code mappings and (read-only) data values."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from dieuhanh.core.admin_site import AppendOnlyAdmin
from dieuhanh.core.history_admin import HistoryAdmin
from dieuhanh.indicators.formula import FormulaError
from dieuhanh.indicators.models import CodeMapping, DataValue, Indicator
from dieuhanh.indicators.services import indicator_formula_check


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "description",
            "unit_of_measure",
            "periodicity",
            "direction",
            "baseline_value",
            "baseline_year",
            "formula",
            "unit_aggregation",
            "weight_indicator",
            "time_aggregation",
            "decimals",
            "value_kind",
            "min_value",
            "max_value",
            "whole",
            "targets",
            "dhis2_id",
            "source_note",
            "order",
        ]

    def clean(self) -> dict:  # type: ignore[type-arg]
        data = super().clean() or {}
        text = (data.get("formula") or "").strip()
        if text:
            probe = Indicator(pk=self.instance.pk, code=data.get("code") or self.instance.code)
            try:
                indicator_formula_check(indicator=probe, text=text)
            except FormulaError as exc:
                self.add_error("formula", str(exc))
        low, high = data.get("min_value"), data.get("max_value")
        if low is not None and high is not None and low > high:
            self.add_error("max_value", "Giá trị lớn nhất phải không nhỏ hơn giá trị nhỏ nhất.")
        if data.get("whole") is not None and data["whole"].pk == self.instance.pk:
            self.add_error("whole", "Một chỉ số không thể là một phần của chính nó.")
        if data.get("unit_aggregation") == "weighted" and not data.get("weight_indicator"):
            self.add_error("weight_indicator", "Chỉ số bình quân gia quyền cần chỉ số mẫu số làm trọng số.")
        return data


@admin.register(Indicator)
class IndicatorAdmin(HistoryAdmin):
    form = IndicatorForm
    list_display = [
        "code",
        "name",
        "unit_of_measure",
        "periodicity",
        "direction",
        "unit_aggregation",
        "formula",
    ]
    list_filter = ["periodicity", "direction", "unit_aggregation"]
    search_fields = ["code", "name", "dhis2_id"]
    filter_horizontal = ["targets"]
    autocomplete_fields = ["weight_indicator"]


@admin.register(DataValue)
class DataValueAdmin(AppendOnlyAdmin, HistoryAdmin):
    """Values are recorded through reports, imports and the API; the admin only shows them.
    A revision is a new value that corrects the old one, which stays."""

    list_display = [
        "indicator",
        "unit",
        "period",
        "disaggregation",
        "value",
        "source",
        "is_current",
        "recorded_by",
        "recorded_at",
        "corrects",
    ]
    list_filter = ["source", "is_current"]
    search_fields = ["indicator__code", "unit__code", "unit__name", "period"]
    list_select_related = ["indicator", "unit", "recorded_by", "corrects"]


@admin.register(CodeMapping)
class CodeMappingAdmin(admin.ModelAdmin):
    list_display = ["system", "kind", "external_id", "unit", "disaggregation"]
    list_filter = ["system", "kind"]
    search_fields = ["external_id", "unit__name", "unit__code"]
    autocomplete_fields = ["unit"]
