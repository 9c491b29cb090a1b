"""The DHIS2 mapping that is ours to keep: which DHIS2 (categoryOptionCombo,
attributeOptionCombo) pair stands for which of our disaggregations.

Data elements map through `Indicator.dhis2_id` and org units through `CodeMapping` (both in
indicators, where the existing dataValueSets import reads them); this table adds the attribute
option combo, which our values carry inside their one `disaggregation` field. All three are
edited in the admin and loaded from a mapping file (mapping.py)."""

from __future__ import annotations

from django.db import models


class Dhis2Combo(models.Model):
    category_option_combo = models.CharField(
        "categoryOptionCombo", max_length=64, blank=True, help_text="Để trống: “default” của DHIS2."
    )
    attribute_option_combo = models.CharField(
        "attributeOptionCombo", max_length=64, blank=True, help_text="Để trống: “default” của DHIS2."
    )
    disaggregation = models.CharField(
        "phân tổ của nền tảng", max_length=80, unique=True, help_text="Giá trị trường “phân tổ” của số liệu."
    )
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "ánh xạ tổ hợp phân tổ DHIS2"
        verbose_name_plural = "ánh xạ tổ hợp phân tổ DHIS2"
        constraints = [
            models.UniqueConstraint(
                fields=["category_option_combo", "attribute_option_combo"], name="dhis2combo_unique_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(disaggregation=""), name="dhis2combo_disaggregation_set"
            ),
        ]
        ordering = ["disaggregation"]

    def __str__(self) -> str:
        coc = self.category_option_combo or "default"
        aoc = self.attribute_option_combo or "default"
        return f"{coc} × {aoc} → {self.disaggregation}"
