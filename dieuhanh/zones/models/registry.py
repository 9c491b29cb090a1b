"""The registry: industrial zones and clusters, the enterprises in them, their investment
projects and contacts. Every change is kept (django-simple-history)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from dieuhanh.core.history import AuditedHistory
from dieuhanh.units.models import Unit
from dieuhanh.zones.validators import validate_tax_code, validate_vsic
from dieuhanh.zones.vsic import vsic_label


def hectares(label: str, *, optional: bool = False, default: Decimal | None = None) -> models.DecimalField:
    extra = {} if default is None else {"default": default}
    return models.DecimalField(
        label,
        max_digits=10,
        decimal_places=2,
        null=optional,
        blank=optional,
        validators=[MinValueValidator(Decimal(0))],
        **extra,  # type: ignore[arg-type]
    )


def check_tax_code(value: str) -> None:
    validate_tax_code(value)


def check_vsic(value: str) -> None:
    validate_vsic(value)


class Zone(models.Model):
    class Kind(models.TextChoices):
        KCN = "kcn", "Khu công nghiệp"
        CCN = "ccn", "Cụm công nghiệp"

    class Status(models.TextChoices):
        PLANNED = "planned", "Đã quy hoạch, chưa đầu tư"
        BUILDING = "building", "Đang xây dựng hạ tầng"
        OPERATING = "operating", "Đang hoạt động"

    code = models.SlugField("mã", max_length=40, unique=True)
    kind = models.CharField("loại", max_length=3, choices=Kind.choices, default=Kind.KCN)
    name = models.CharField("tên", max_length=160)
    commune = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="zones",
        limit_choices_to={"kind": Unit.Kind.COMMUNE},
        verbose_name="xã, phường",
    )
    # Where it was before the 2025 reorganisation, as the Board's files still say it.
    location_note = models.CharField("địa bàn (theo địa giới cũ)", max_length=160, blank=True)
    planned_area_ha = hectares("diện tích quy hoạch (ha)")
    leasable_area_ha = hectares("đất công nghiệp cho thuê (ha)", optional=True)
    leased_area_ha = hectares("đã cho thuê (ha)", default=Decimal(0))
    infrastructure_investor = models.CharField("chủ đầu tư hạ tầng", max_length=255, blank=True)
    status = models.CharField("tình trạng", max_length=10, choices=Status.choices, default=Status.OPERATING)
    illustrative = models.BooleanField("số liệu minh họa", default=False)
    note = models.TextField("ghi chú", blank=True)
    history = AuditedHistory()

    class Meta:
        verbose_name = "khu, cụm công nghiệp"
        verbose_name_plural = "khu, cụm công nghiệp"
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(leased_area_ha__lte=models.F("planned_area_ha")), name="zone_leased_le_planned"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def occupancy(self) -> float | None:
        """Leased share of the land for lease (of the planned area when that is unknown)."""
        base = self.leasable_area_ha or self.planned_area_ha
        return float(self.leased_area_ha / base) if base else None


class Ownership(models.TextChoices):
    FDI = "fdi", "Doanh nghiệp có vốn đầu tư nước ngoài (FDI)"
    DOMESTIC = "domestic", "Doanh nghiệp trong nước"


class Size(models.TextChoices):
    # Nghị định 80/2021/NĐ-CP classes by workers and revenue or capital; the Board records the result.
    MICRO = "micro", "Siêu nhỏ"
    SMALL = "small", "Nhỏ"
    MEDIUM = "medium", "Vừa"
    LARGE = "large", "Lớn"


class Enterprise(models.Model):
    """An enterprise is a Unit (kind "enterprise"), so reporting regimes and scoping work on it."""

    class Status(models.TextChoices):
        OPERATING = "operating", "Đang hoạt động"
        BUILDING = "building", "Đang xây dựng nhà xưởng"
        SUSPENDED = "suspended", "Tạm ngừng hoạt động"

    unit = models.OneToOneField(
        Unit,
        on_delete=models.PROTECT,
        related_name="enterprise",
        limit_choices_to={"kind": Unit.Kind.ENTERPRISE},
        verbose_name="đơn vị",
    )
    zone = models.ForeignKey(
        Zone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprises",
        verbose_name="khu, cụm công nghiệp",
    )
    tax_code = models.CharField("mã số thuế", max_length=14, unique=True, validators=[check_tax_code])
    name = models.CharField("tên doanh nghiệp", max_length=255)
    vsic = models.CharField("ngành kinh tế (VSIC 2018)", max_length=4, validators=[check_vsic])
    ownership = models.CharField("loại hình vốn", max_length=10, choices=Ownership.choices)
    investor_country = models.CharField("quốc gia, vùng lãnh thổ của nhà đầu tư", max_length=80, blank=True)
    size = models.CharField("quy mô", max_length=6, choices=Size.choices, default=Size.SMALL)
    status = models.CharField("tình trạng", max_length=10, choices=Status.choices, default=Status.OPERATING)
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    website = models.URLField("trang web", blank=True)
    workers = models.PositiveIntegerField("tổng số lao động", default=0)
    foreign_workers = models.PositiveIntegerField("trong đó lao động nước ngoài", default=0)
    illustrative = models.BooleanField("dữ liệu minh họa", default=False)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    history = AuditedHistory()

    class Meta:
        verbose_name = "doanh nghiệp"
        verbose_name_plural = "doanh nghiệp"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(foreign_workers__lte=models.F("workers")), name="enterprise_foreign_le_workers"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def vsic_label(self) -> str:
        return vsic_label(self.vsic)


class Contact(models.Model):
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="contacts", verbose_name="doanh nghiệp"
    )
    full_name = models.CharField("họ và tên", max_length=120)
    position = models.CharField("chức vụ", max_length=120, blank=True)
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    is_primary = models.BooleanField("đầu mối chính", default=False)
    history = AuditedHistory()

    class Meta:
        verbose_name = "người liên hệ"
        verbose_name_plural = "người liên hệ"
        ordering = ["-is_primary", "full_name"]

    def __str__(self) -> str:
        return self.full_name


class Project(models.Model):
    """An investment project: VND as whole đồng, USD to the cent; either or both may be given."""

    class Status(models.TextChoices):
        PREPARING = "preparing", "Chuẩn bị đầu tư"
        BUILDING = "building", "Đang xây dựng"
        OPERATING = "operating", "Đã đi vào hoạt động"
        STOPPED = "stopped", "Dừng, chấm dứt"

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="projects", verbose_name="doanh nghiệp"
    )
    name = models.CharField("tên dự án", max_length=255)
    certificate_number = models.CharField("số giấy chứng nhận đăng ký đầu tư", max_length=40, blank=True)
    certificate_date = models.DateField("ngày cấp", null=True, blank=True)
    registered_vnd = models.DecimalField(
        "vốn đăng ký (đồng)", max_digits=20, decimal_places=0, null=True, blank=True
    )
    registered_usd = models.DecimalField(
        "vốn đăng ký (USD)", max_digits=16, decimal_places=2, null=True, blank=True
    )
    disbursed_vnd = models.DecimalField(
        "vốn đã giải ngân (đồng)", max_digits=20, decimal_places=0, null=True, blank=True
    )
    disbursed_usd = models.DecimalField(
        "vốn đã giải ngân (USD)", max_digits=16, decimal_places=2, null=True, blank=True
    )
    status = models.CharField("tình trạng", max_length=10, choices=Status.choices, default=Status.OPERATING)
    history = AuditedHistory()

    class Meta:
        verbose_name = "dự án đầu tư"
        verbose_name_plural = "dự án đầu tư"
        ordering = ["enterprise", "certificate_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registered_vnd__isnull=False) | Q(registered_usd__isnull=False),
                name="project_has_registered_capital",
            ),
            models.CheckConstraint(
                condition=Q(disbursed_vnd__isnull=True) | Q(disbursed_vnd__lte=models.F("registered_vnd")),
                name="project_disbursed_vnd_le_registered",
            ),
            models.CheckConstraint(
                condition=Q(disbursed_usd__isnull=True) | Q(disbursed_usd__lte=models.F("registered_usd")),
                name="project_disbursed_usd_le_registered",
            ),
        ]

    def __str__(self) -> str:
        return self.name
