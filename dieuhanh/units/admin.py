"""Admin for units, their parent edges and successions; labels come from the models."""

from __future__ import annotations

from django.contrib import admin

from dieuhanh.units.models import Province, Unit, UnitParent, UnitSuccession


class ParentLinkInline(admin.TabularInline):
    model = UnitParent
    fk_name = "child"
    extra = 0
    autocomplete_fields = ["parent"]
    fields = ["parent", "valid_from", "valid_to"]


class SuccessorInline(admin.TabularInline):
    """Where this unit's work went."""

    model = UnitSuccession
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ["successor"]
    fields = ["successor", "effective_on", "kind", "weight", "basis"]
    verbose_name = "đơn vị kế thừa"
    verbose_name_plural = "chuyển giao cho đơn vị kế thừa"


class PredecessorInline(admin.TabularInline):
    """Whose work this unit took over."""

    model = UnitSuccession
    fk_name = "successor"
    extra = 0
    autocomplete_fields = ["predecessor"]
    fields = ["predecessor", "effective_on", "kind", "weight", "basis"]
    verbose_name = "đơn vị cũ"
    verbose_name_plural = "tiếp nhận từ đơn vị cũ"


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "subtype", "admin_code", "valid_from", "valid_to"]
    list_filter = ["kind", "subtype"]
    search_fields = ["name", "code", "admin_code", "search_text"]
    readonly_fields = ["source"]
    inlines = [ParentLinkInline, SuccessorInline, PredecessorInline]
    list_per_page = 50


@admin.register(UnitParent)
class UnitParentAdmin(admin.ModelAdmin):
    list_display = ["child", "parent", "valid_from", "valid_to"]
    list_filter = ["child__kind", "valid_from", "valid_to"]
    search_fields = ["child__name", "child__code", "parent__name", "parent__code"]
    autocomplete_fields = ["child", "parent"]
    list_select_related = ["child", "parent"]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "effective_on", "kind", "weight", "basis"]
    list_filter = ["kind", "effective_on"]
    search_fields = ["predecessor__name", "predecessor__code", "successor__name", "successor__code"]
    autocomplete_fields = ["predecessor", "successor"]
    list_select_related = ["predecessor", "successor"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    """The deployment's province: an administrator moves it (roots, map, issuer, regimes, Board)."""

    list_display = ["name", "is_deployed", "root_before", "root_after", "issuer", "number_symbol"]
    autocomplete_fields = ["root_before", "root_after", "issuer", "board_units"]
    fieldsets = [
        (None, {"fields": ["name", "is_deployed", "root_before", "root_after"]}),
        (
            "Bản đồ",
            {
                "fields": [
                    "map_before",
                    "map_before_kind",
                    "map_before_attribution",
                    "map_after",
                    "map_after_kind",
                    "map_after_attribution",
                ]
            },
        ),
        ("Báo cáo tổng hợp", {"fields": ["issuer", "number_symbol", "monthly_regime", "enterprise_regime"]}),
        ("Ban Quản lý các khu công nghiệp", {"fields": ["board_units"]}),
    ]
