"""Organisational and administrative units, with effective dating.

A unit never changes in place when the map or the organisation chart changes: it gets a
`valid_to`, its successors get a `valid_from`, and a `UnitSuccession` row links them. So what
was recorded under an old unit still counts under its successor without being rewritten.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q

from dieuhanh.core.text import fold


class UnitQuerySet(models.QuerySet["Unit"]):
    def valid_on(self, on: dt.date) -> UnitQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )


class Unit(models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "province", "Tỉnh, thành phố"
        DISTRICT = "district", "Huyện, quận, thị xã, thành phố thuộc tỉnh (đã bãi bỏ 2025)"
        COMMUNE = "commune", "Xã, phường, đặc khu"
        AGENCY = "agency", "Sở, ban, ngành, đơn vị"
        INDUSTRIAL_ZONE = "industrial_zone", "Khu, cụm công nghiệp"
        ENTERPRISE = "enterprise", "Doanh nghiệp"

    # A stable key across schemes: "vn2025:w:11560", "vn2024:d:288", "hd:so-khcn".
    code = models.CharField("mã", max_length=64, unique=True)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices, db_index=True)
    # The official type word: "Phường", "Xã", "Đặc khu", "Huyện", "Sở", "Ban"…
    subtype = models.CharField("cấp, loại hình", max_length=40, blank=True)
    name = models.CharField("tên", max_length=255)
    short_name = models.CharField("tên ngắn", max_length=120, blank=True)
    # The administrative code of the General Statistics Office, where the unit has one.
    admin_code = models.CharField("mã hành chính", max_length=10, blank=True, db_index=True)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    latitude = models.FloatField("vĩ độ", null=True, blank=True)
    longitude = models.FloatField("kinh độ", null=True, blank=True)
    area_km2 = models.DecimalField("diện tích (km²)", max_digits=10, decimal_places=2, null=True, blank=True)
    source = models.CharField("nguồn dữ liệu", max_length=120, blank=True)
    # Folded name, short name and codes, so pickers match "hai duong" on SQLite and
    # PostgreSQL alike without an unaccent extension. Kept in step by save() and the loaders.
    search_text = models.CharField("chuỗi tìm kiếm", max_length=400, blank=True, editable=False)
    # When the row was last written (the API's `updated_since`); the loaders' bulk updates set it
    # too. Units that existed before the field carry the time of its migration.
    updated_at = models.DateTimeField("sửa lúc", auto_now=True, db_index=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["kind", "valid_from", "valid_to"])]

    def __str__(self) -> str:
        return self.name

    def save(self, **kwargs: Any) -> None:
        self.search_text = self.build_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(**kwargs)

    def build_search_text(self) -> str:
        parts = (self.name, self.short_name, self.code, self.admin_code)
        return fold(" ".join(p for p in parts if p))[:400]

    def is_valid_on(self, on: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


class UnitParentQuerySet(models.QuerySet["UnitParent"]):
    def valid_on(self, on: dt.date) -> UnitParentQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )


class UnitParent(models.Model):
    """An edge of the hierarchy, true between two dates: the tree as of any day is the
    set of edges valid that day."""

    child = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="parent_links", verbose_name="đơn vị"
    )
    parent = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="child_links", verbose_name="đơn vị cấp trên"
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)

    objects = UnitParentQuerySet.as_manager()

    class Meta:
        verbose_name = "quan hệ cấp trên"
        verbose_name_plural = "quan hệ cấp trên"
        constraints = [
            models.UniqueConstraint(fields=["child", "parent", "valid_from"], name="unit_parent_unique_edge"),
            models.CheckConstraint(condition=~Q(child=models.F("parent")), name="unit_parent_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.child} ⊂ {self.parent}"


class UnitSuccession(models.Model):
    """A reorganisation step: `predecessor` (or a `weight` share of it) went into `successor`
    on `effective_on`. A divided unit has several rows whose weights sum to 1."""

    class Kind(models.TextChoices):
        MERGE = "merge", "Sáp nhập"
        SPLIT = "split", "Chia tách"
        RENAME = "rename", "Đổi tên"
        TRANSFER = "transfer", "Chuyển giao"

    predecessor = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="successions", verbose_name="đơn vị cũ"
    )
    successor = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="predecessions", verbose_name="đơn vị kế thừa"
    )
    effective_on = models.DateField("ngày hiệu lực")
    kind = models.CharField("hình thức", max_length=10, choices=Kind.choices, default=Kind.MERGE)
    weight = models.DecimalField("tỷ trọng", max_digits=7, decimal_places=6, default=Decimal(1))
    basis = models.CharField("căn cứ", max_length=255, blank=True)

    class Meta:
        verbose_name = "kế thừa đơn vị"
        verbose_name_plural = "kế thừa đơn vị"
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unit_succession_unique"),
            models.CheckConstraint(
                condition=Q(weight__gt=0) & Q(weight__lte=1), name="unit_succession_weight_0_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective_on:%d/%m/%Y})"


class Province(models.Model):
    """The deployment's province as a record: nothing in the code names a province or a unit.

    An administrator edits it in the admin; the demo loads Hải Phòng (with Hải Dương before
    01/07/2025). Read through `units.structure.province_current`, never looked up by code.
    """

    name = models.CharField("tên", max_length=120)
    # Exactly one record is the deployment's; others may be kept, e.g. while preparing a move.
    is_deployed = models.BooleanField("đang triển khai", default=True)
    root_before = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="đơn vị gốc trước sắp xếp",
        help_text="Tỉnh, thành phố trước ngày sắp xếp (nếu có); cây đơn vị đến ngày đó mọc từ đây.",
    )
    root_after = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="đơn vị gốc hiện nay",
    )
    map_before = models.CharField("tệp bản đồ trước sắp xếp", max_length=120, blank=True)
    map_before_kind = models.CharField(
        "cấp đơn vị của bản đồ trước sắp xếp", max_length=20, choices=Unit.Kind.choices, blank=True
    )
    map_before_attribution = models.CharField("nguồn bản đồ trước sắp xếp", max_length=255, blank=True)
    map_after = models.CharField("tệp bản đồ hiện nay", max_length=120, blank=True)
    map_after_kind = models.CharField(
        "cấp đơn vị của bản đồ hiện nay", max_length=20, choices=Unit.Kind.choices, blank=True
    )
    map_after_attribution = models.CharField("nguồn bản đồ hiện nay", max_length=255, blank=True)
    issuer = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cơ quan ban hành báo cáo tổng hợp",
        help_text="Để trống: cơ quan nhận báo cáo của chế độ (hoặc đơn vị kế thừa).",
    )
    number_symbol = models.CharField(
        "ký hiệu văn bản", max_length=40, blank=True, help_text="Phần sau số văn bản, ví dụ /BC-SKHCN."
    )
    # Strings, not imports: the regimes live in an app above this one.
    monthly_regime = models.ForeignKey(
        "reporting.ReportRegime",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="chế độ báo cáo tháng (bảng điều hành, tổng hợp)",
    )
    enterprise_regime = models.ForeignKey(
        "reporting.ReportRegime",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="chế độ báo cáo của doanh nghiệp",
    )
    board_units = models.ManyToManyField(
        Unit,
        blank=True,
        related_name="+",
        verbose_name="Ban Quản lý các khu công nghiệp, khu kinh tế",
        help_text="Cán bộ báo cáo của các đơn vị này quản lý danh bạ khu công nghiệp và doanh nghiệp.",
    )

    class Meta:
        verbose_name = "tỉnh, thành phố triển khai"
        verbose_name_plural = "tỉnh, thành phố triển khai"
        constraints = [
            models.UniqueConstraint(
                fields=["is_deployed"], condition=Q(is_deployed=True), name="province_one_deployed"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def root_on(self, on: dt.date) -> Unit | None:
        """The province unit in force on `on`: the one before the reorganisation, or after."""
        for root in (self.root_after, self.root_before):
            if root is not None and root.is_valid_on(on):
                return root
        return None

    def map_on(self, on: dt.date) -> MapLayer | None:
        """The boundaries drawn for the unit tree of `on`, if the record names a file."""
        root = self.root_on(on)
        if root is None:
            return None
        before = self.root_before_id is not None and root.pk == self.root_before_id
        layer = (
            MapLayer(self.map_before, self.map_before_kind, self.map_before_attribution)
            if before
            else MapLayer(self.map_after, self.map_after_kind, self.map_after_attribution)
        )
        return layer if layer.filename else None


@dataclass(frozen=True)
class MapLayer:
    filename: str
    kind: str
    attribution: str
