"""The programme register: documents, targets, task groups and tasks ("5 rõ")."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from dieuhanh.core.history import AuditedHistory
from dieuhanh.plans.status import TaskStatus, task_status_on
from dieuhanh.units.models import Unit


class Document(models.Model):
    """A resolution, programme, plan or decision; `implements` links it to the document
    it carries out (57-NQ/TW → 03/NQ-CP → 113-CTr/TU → 726/KH-UBND → an agency's plan)."""

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", "Nghị quyết"
        PROGRAMME = "programme", "Chương trình hành động"
        PLAN = "plan", "Kế hoạch"
        DECISION = "decision", "Quyết định"
        OTHER = "other", "Văn bản khác"

    kind = models.CharField("loại văn bản", max_length=12, choices=Kind.choices)
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issuer_name = models.CharField("cơ quan ban hành", max_length=255)
    issuer = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="đơn vị ban hành",
    )
    title = models.TextField("trích yếu")
    implements = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="implemented_by",
        verbose_name="thực hiện văn bản",
    )
    history = AuditedHistory()

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        ordering = ["issued_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "issuer_name"],
                condition=~models.Q(number=""),
                name="document_unique_number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip() if self.number else self.title[:80]

    def chain(self) -> list[Document]:
        """This document and those it implements, nearest first."""
        out: list[Document] = []
        doc: Document | None = self
        while doc is not None and doc not in out:
            out.append(doc)
            doc = doc.implements
        return out


class Target(models.Model):
    class Comparator(models.TextChoices):
        GTE = ">=", "từ … trở lên (≥)"
        GT = ">", "trên (>)"
        EQ = "=", "đạt (=)"
        LTE = "<=", "không quá (≤)"
        LT = "<", "dưới (<)"
        TOP = "top", "thuộc nhóm dẫn đầu"

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="targets", verbose_name="văn bản"
    )
    code = models.CharField("mã chỉ tiêu", max_length=30)
    text = models.TextField("nội dung chỉ tiêu")
    name = models.CharField("tên ngắn", max_length=200)
    comparator = models.CharField("so sánh", max_length=3, choices=Comparator.choices)
    value = models.DecimalField("giá trị", max_digits=14, decimal_places=4, null=True, blank=True)
    unit_of_measure = models.CharField("đơn vị tính", max_length=30, blank=True)
    horizon_year = models.PositiveSmallIntegerField("năm đạt")
    baseline_value = models.DecimalField(
        "giá trị gốc", max_digits=14, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField("năm gốc", null=True, blank=True)
    source_ref = models.CharField("trích dẫn nguồn", max_length=120, blank=True)
    # "Cơ quan chủ trì theo dõi, đánh giá" as the document writes it.
    monitor_text = models.CharField("cơ quan theo dõi, đánh giá", max_length=255, blank=True)
    # The unit that leads the target: it rates each month how likely the target is reached.
    lead_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_targets",
        verbose_name="đơn vị chủ trì",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    history = AuditedHistory()

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["horizon_year", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "code"], name="target_unique_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class TaskGroup(models.Model):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="task_groups", verbose_name="văn bản"
    )
    number = models.CharField("số thứ tự", max_length=10)
    title = models.TextField("tên nhóm nhiệm vụ")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "nhóm nhiệm vụ"
        verbose_name_plural = "nhóm nhiệm vụ"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="taskgroup_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Recurrence(models.TextChoices):
    NONE = "none", "Một lần"
    CONTINUOUS = "continuous", "Thường xuyên"
    YEARLY = "yearly", "Hằng năm"


class IssuerRole(models.TextChoices):
    LEAD = "lead", "Chủ trì thực hiện"
    COORDINATE = "coordinate", "Phối hợp"


class Task(models.Model):
    """One task with its "5 rõ": who (lead, partners), what (text), responsibility (the issuing
    body's role), when (the deadline fields) and result (deliverable). Status is derived."""

    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="tasks", verbose_name="văn bản giao"
    )
    group = models.ForeignKey(
        TaskGroup, on_delete=models.PROTECT, related_name="tasks", verbose_name="nhóm nhiệm vụ"
    )
    code = models.CharField("mã nhiệm vụ", max_length=30)
    section = models.CharField("mục", max_length=20, blank=True)
    text = models.TextField("nội dung nhiệm vụ")
    issuer_role = models.CharField(
        "vai trò của đơn vị ban hành", max_length=10, choices=IssuerRole.choices, default=IssuerRole.LEAD
    )
    lead_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_tasks",
        verbose_name="cơ quan chủ trì",
    )
    # As written, when the document names a lead that is not (yet) a known unit.
    lead_text = models.CharField("cơ quan chủ trì (theo văn bản)", max_length=255, blank=True)
    partner_units = models.ManyToManyField(
        Unit, blank=True, related_name="partner_tasks", verbose_name="cơ quan phối hợp"
    )
    deliverable = models.TextField("kết quả, sản phẩm", blank=True)

    # The deadline: text as written, then its normalised parts (see plans.deadlines).
    deadline_text = models.CharField("thời hạn (theo văn bản)", max_length=255, blank=True)
    due = models.DateField("hạn hoàn thành", null=True, blank=True)
    recurrence = models.CharField(
        "lặp lại", max_length=12, choices=Recurrence.choices, default=Recurrence.NONE
    )
    # For yearly tasks: the day each year by which it must be done ("trước tháng 10 hằng năm" → 30/09).
    yearly_due_month = models.PositiveSmallIntegerField("tháng hạn hằng năm", null=True, blank=True)
    yearly_due_day = models.PositiveSmallIntegerField("ngày hạn hằng năm", null=True, blank=True)
    # Conditional on another body's act ("theo hướng dẫn của Trung ương", "sau khi … ban hành").
    condition = models.CharField("điều kiện", max_length=255, blank=True)
    condition_met_on = models.DateField("ngày điều kiện được đáp ứng", null=True, blank=True)
    # Relative: due N days after the condition is met ("20 ngày sau khi Tỉnh ủy ban hành").
    relative_days = models.PositiveSmallIntegerField("số ngày sau điều kiện", null=True, blank=True)

    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    completion_note = models.TextField("kết quả đạt được", blank=True)
    implements = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="implemented_by",
        verbose_name="thực hiện nhiệm vụ cấp trên",
    )
    # A higher-level plan (a ministry's, the Government's) is registered whole, but only the
    # tasks in which the province has a role are the province's: the others are its context,
    # shown, never counted in the province's figures, warnings or synthesis.
    in_scope = models.BooleanField("thuộc phạm vi của tỉnh", default=True, db_index=True)
    order = models.PositiveIntegerField("thứ tự", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = AuditedHistory()

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["group__order", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "code"], name="task_unique_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}"

    def status_on(self, on: dt.date) -> TaskStatus:
        return task_status_on(self, on)


from dieuhanh.plans.models_import import PlanImport  # noqa: E402, F401
