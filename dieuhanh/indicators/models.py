"""The indicator register, the data values reported against it, and the rollup that makes
province-wide reads fast.

A value is never rewritten when units are reorganised: `DataValue.unit` stays the unit that
reported it, and aggregation maps it onto the hierarchy of the chosen day (see hierarchy.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dieuhanh.core.history import AuditedHistory
from dieuhanh.plans.models import Target
from dieuhanh.units.models import Unit


class Periodicity(models.TextChoices):
    MONTHLY = "M", "Hằng tháng"
    QUARTERLY = "Q", "Hằng quý"
    HALF_YEARLY = "S", "6 tháng"
    YEARLY = "Y", "Hằng năm"


class Direction(models.TextChoices):
    POSITIVE = "positive", "Càng cao càng tốt"
    NEGATIVE = "negative", "Càng thấp càng tốt"


class UnitAggregation(models.TextChoices):
    SUM = "sum", "Cộng dồn"
    MEAN = "mean", "Bình quân"
    WEIGHTED = "weighted", "Bình quân gia quyền theo mẫu số"
    NONE = "none", "Không cộng gộp"


class TimeAggregation(models.TextChoices):
    SUM = "sum", "Cộng các kỳ"
    LAST = "last", "Giá trị kỳ cuối"
    MEAN = "mean", "Bình quân các kỳ"


class ValueKind(models.TextChoices):
    """What kind of figure an indicator takes; the value rules (validation.py) follow from it."""

    NUMBER = "number", "Số (thực)"
    PERCENT = "percent", "Tỷ lệ phần trăm (0–100)"
    COUNT = "count", "Số đếm (số nguyên không âm)"


class Indicator(models.Model):
    code = models.CharField("mã chỉ số", max_length=40, unique=True)
    name = models.CharField("tên chỉ số", max_length=255)
    description = models.TextField("mô tả, cách tính", blank=True)
    unit_of_measure = models.CharField("đơn vị tính", max_length=40, blank=True)
    periodicity = models.CharField(
        "kỳ số liệu", max_length=1, choices=Periodicity.choices, default=Periodicity.MONTHLY
    )
    direction = models.CharField(
        "chiều tốt", max_length=8, choices=Direction.choices, default=Direction.POSITIVE
    )
    baseline_value = models.FloatField("giá trị gốc", null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField("năm gốc", null=True, blank=True)
    # Empty: values are entered. Otherwise an expression over other indicators' codes,
    # e.g. "DVC_HS_TT / DVC_HS * 100", evaluated by formula.py after aggregation.
    formula = models.CharField("công thức", max_length=500, blank=True)
    unit_aggregation = models.CharField(
        "cộng gộp theo đơn vị", max_length=8, choices=UnitAggregation.choices, default=UnitAggregation.SUM
    )
    weight_indicator = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="chỉ số mẫu số (trọng số)",
    )
    time_aggregation = models.CharField(
        "cộng gộp theo thời gian", max_length=4, choices=TimeAggregation.choices, default=TimeAggregation.SUM
    )
    decimals = models.PositiveSmallIntegerField("số chữ số thập phân", default=0)
    # The value rules, one place for the form, the Excel upload, the data import and the API.
    value_kind = models.CharField(
        "loại giá trị", max_length=8, choices=ValueKind.choices, default=ValueKind.NUMBER
    )
    min_value = models.FloatField(
        "giá trị nhỏ nhất",
        null=True,
        blank=True,
        help_text="Để trống: theo loại giá trị (tỷ lệ, số đếm ≥ 0).",
    )
    max_value = models.FloatField(
        "giá trị lớn nhất", null=True, blank=True, help_text="Để trống: theo loại giá trị (tỷ lệ ≤ 100)."
    )
    # A part never above its whole (e.g. online dossiers ≤ all dossiers), same unit and period.
    whole = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name="là một phần của chỉ số",
        help_text="Giá trị chỉ số này không được lớn hơn giá trị chỉ số tổng cùng đơn vị, cùng kỳ.",
    )
    targets = models.ManyToManyField(Target, blank=True, related_name="indicators", verbose_name="chỉ tiêu")
    # The DHIS2 data element uid or code this indicator answers to in dataValueSets imports.
    dhis2_id = models.CharField("mã DHIS2", max_length=64, blank=True, db_index=True)
    source_note = models.CharField("nguồn số liệu", max_length=255, blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)
    history = AuditedHistory()

    class Meta:
        verbose_name = "chỉ số"
        verbose_name_plural = "chỉ số"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def is_computed(self) -> bool:
        return bool(self.formula.strip())


class Source(models.TextChoices):
    REPORT = "report", "Báo cáo định kỳ"
    IMPORT = "import", "Nhập từ tệp CSV/Excel"
    API = "api", "API (DHIS2 dataValueSets)"
    MANUAL = "manual", "Nhập trực tiếp"
    DEMO = "demo", "Dữ liệu mẫu"


class DataValue(models.Model):
    """One reported figure: indicator × unit × period × disaggregation × source, with who and when.

    Several sources may report the same cell; the latest recorded one is `is_current` and is
    the one aggregation reads (one flag, so the hot queries need no window function).

    Values are append-only: a revised figure is a new row that `corrects` the one it replaces,
    which stays (no longer current) for the audit; only the `is_current` flag ever moves."""

    # By indicator: the indexes below lead with it.
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values", db_index=False)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="indicator_values")
    # DHIS2 period codes: 202504, 2025Q2, 2025S1, 2025 (see periods.py).
    period = models.CharField("kỳ", max_length=8)
    disaggregation = models.CharField("phân tổ", max_length=80, blank=True, default="")
    source = models.CharField("nguồn", max_length=8, choices=Source.choices)
    source_ref = models.CharField("tham chiếu nguồn", max_length=120, blank=True)
    value = models.FloatField("giá trị")
    comment = models.CharField("ghi chú", max_length=500, blank=True)
    is_current = models.BooleanField("giá trị đang dùng", default=True)
    # Every index on this table is paid by every recorded and every displaced value (tens of
    # millions a year at national scale), so only those that a read uses exist: none by
    # recorder (accounts are deactivated, never deleted) and one on corrections only.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    recorded_at = models.DateTimeField("thời điểm ghi nhận")
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name="đính chính cho giá trị",
        db_index=False,
    )
    # The history is read by value (`id`), by day and by user; indexes on its other keys would
    # only cost every import (two history rows per re-recorded value, tens of millions a year).
    history = AuditedHistory(no_db_index=["indicator", "unit", "recorded_by", "corrects"])

    class Meta:
        verbose_name = "số liệu"
        verbose_name_plural = "số liệu"
        constraints = [
            # One current value per key and source; the corrected ones stay beside it.
            models.UniqueConstraint(
                fields=["indicator", "unit", "period", "disaggregation", "source"],
                condition=Q(is_current=True),
                name="datavalue_unique_current",
            )
        ]
        indexes = [
            # The aggregation scans: one indicator's periods, or one period of many indicators.
            # The figure is carried in the index (PostgreSQL), so a roll-up reads it alone.
            models.Index(
                fields=["indicator", "period", "unit"],
                name="datavalue_current",
                condition=Q(is_current=True),
                include=["disaggregation", "value"],
            ),
            # Every value of a cell, current or not: recording a batch, an indicator's history.
            models.Index(fields=["indicator", "period"], name="datavalue_period"),
            models.Index(fields=["corrects"], name="datavalue_corrects", condition=Q(corrects__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.unit_id}/{self.period} = {self.value}"


class HierarchyMap(models.Model):
    """For one hierarchy epoch (a day from which the tree and successions stay the same):
    which share of a reporting unit's values counts toward which node. `direct` marks the
    units that carry the reporter's work themselves (not their ancestors). Derived data,
    rebuilt from the units app when it changes."""

    version = models.CharField(max_length=40)  # of the units data, see hierarchy.units_version
    epoch = models.DateField()
    source = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    node = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    weight = models.FloatField()
    direct = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "epoch", "source", "node", "direct"], name="hierarchymap_unique"
            )
        ]
        indexes = [models.Index(fields=["version", "epoch", "node", "source"], name="hierarchymap_node")]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.node_id} × {self.weight}"


class Rollup(models.Model):
    """Aggregated native-period values of an entered indicator at a node with children, for
    one epoch: value = total / weight_sum for means, total for sums. Derived data.

    Its key is its primary key (no id, no second unique index): a rebuild writes hundreds of
    thousands of rows in one statement, and each index is paid per row. The dashboard reads
    every indicator of one node for a few periods, which the key serves by its prefix."""

    pk = models.CompositePrimaryKey("version", "epoch", "node", "indicator", "period")
    version = models.CharField(max_length=40)
    epoch = models.DateField()
    # No database foreign key (a lookup per written row, at commit): the rows go with their
    # unit or indicator through the ORM's cascade, and a rebuild replaces them anyway.
    node = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    period = models.CharField(max_length=8)
    total = models.FloatField()
    weight_sum = models.FloatField()
    count = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.indicator_id}@{self.node_id}/{self.period}"


class RollupState(models.Model):
    """Which (epoch, indicator) rollups are built; deleted when the indicator's values change."""

    version = models.CharField(max_length=40)
    epoch = models.DateField()
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    built_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "epoch", "indicator"], name="rollupstate_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}@{self.epoch}"


class CodeMapping(models.Model):
    """An outside system's identifier (a DHIS2 orgUnit or categoryOptionCombo uid) for ours."""

    class Kind(models.TextChoices):
        UNIT = "unit", "Đơn vị (orgUnit)"
        DISAGGREGATION = "disagg", "Phân tổ (categoryOptionCombo)"

    system = models.CharField("hệ thống", max_length=30, default="dhis2")
    kind = models.CharField("loại", max_length=8, choices=Kind.choices)
    external_id = models.CharField("mã ngoài", max_length=64)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    disaggregation = models.CharField("phân tổ", max_length=80, blank=True)

    class Meta:
        verbose_name = "ánh xạ mã"
        verbose_name_plural = "ánh xạ mã"
        constraints = [
            models.UniqueConstraint(fields=["system", "kind", "external_id"], name="codemapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.system}:{self.external_id}"
