from django.contrib import admin

from dieuhanh.exchange.models import Dhis2Combo


@admin.register(Dhis2Combo)
class Dhis2ComboAdmin(admin.ModelAdmin):
    list_display = ["disaggregation", "category_option_combo", "attribute_option_combo", "note"]
    search_fields = ["disaggregation", "category_option_combo", "attribute_option_combo"]
