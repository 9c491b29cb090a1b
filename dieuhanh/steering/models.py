"""The steering loop after the report: the monthly assessment meeting and its conclusions, the
agencies' proposals with their answers, the two judgements of delivery confidence, and the
explanation requests. Each row keeps its history (AuditedHistory), so every change is audited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from dieuhanh.core.answers import Answerable
from dieuhanh.core.history import AuditedHistory
from dieuhanh.plans.models import Document, Target, Task
from dieuhanh.reporting.models import Period, Report
from dieuhanh.reporting.notify import unit_reporters
from dieuhanh.units.models import Unit
from dieuhanh.units.structure import issuer_name


class Meeting(models.Model):
    """The leaders' monthly assessment meeting on one reporting period. Its conclusions are
    published in a "Thông báo kết luận" (`notice`), the source document of the tasks they become."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+", verbose_name="kỳ đánh giá")
    held_on = models.DateField("ngày họp")
    title = models.CharField("tên cuộc họp", max_length=255)
    chair = models.CharField("chủ trì", max_length=160, blank=True)
    notice = models.OneToOneField(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting",
        verbose_name="thông báo kết luận",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người tạo"
    )
    history = AuditedHistory()

    class Meta:
        verbose_name = "cuộc họp đánh giá"
        verbose_name_plural = "cuộc họp đánh giá"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class Conclusion(models.Model):
    """One conclusion of a meeting, with its "5 rõ" as decided; `task` is the task it became."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="conclusions", verbose_name="cuộc họp"
    )
    number = models.PositiveSmallIntegerField("số thứ tự")
    text = models.TextField("nội dung kết luận")
    lead_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan chủ trì"
    )
    partner_units = models.ManyToManyField(
        Unit, blank=True, related_name="+", verbose_name="cơ quan phối hợp"
    )
    deliverable = models.TextField("kết quả, sản phẩm", blank=True)
    deadline_text = models.CharField("thời hạn (theo văn bản)", max_length=255)
    task = models.OneToOneField(
        Task,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conclusion",
        verbose_name="nhiệm vụ",
    )
    history = AuditedHistory()

    class Meta:
        verbose_name = "kết luận"
        verbose_name_plural = "kết luận"
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="conclusion_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class Addressee(models.TextChoices):
    UNIT = "unit", "Sở, ngành, địa phương của tỉnh"
    # The body units report to; pages name it from the province record (`addressee_choices`).
    SO = "so", "Cơ quan tổng hợp báo cáo"
    PROVINCE = "province", "Lãnh đạo tỉnh"
    CENTRAL = "central", "Cơ quan Trung ương"


def addressee_choices() -> list[tuple[str, str]]:
    """The addressees as pages offer them, the issuer named as the province record says."""
    issuer = issuer_name(on=timezone.localdate())
    return [(value, issuer if value == Addressee.SO else label) for value, label in Addressee.choices]


class Proposal(Answerable):
    """One "kiến nghị" of an accepted report, as an item someone must answer (the engine of
    `core.answers`, shared with the enterprises' requests). The report's text stays as written;
    each of its paragraphs becomes one item."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="+", verbose_name="báo cáo")
    number = models.PositiveSmallIntegerField("số thứ tự trong báo cáo")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị kiến nghị"
    )
    text = models.TextField("nội dung kiến nghị")
    theme = models.CharField("lĩnh vực", max_length=120, blank=True)
    addressee = models.CharField("gửi tới", max_length=10, choices=Addressee.choices, default=Addressee.SO)
    addressee_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="đơn vị trả lời"
    )
    history = AuditedHistory()

    class Meta:
        verbose_name = "kiến nghị"
        verbose_name_plural = "kiến nghị"
        ordering = ["respond_by", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="proposal_unique_number")]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def addressee_label(self) -> str:
        if self.addressee == Addressee.UNIT and self.addressee_unit:
            return self.addressee_unit.name
        return dict(addressee_choices())[self.addressee]

    def sender_users(self) -> list[Any]:
        return list(unit_reporters(unit=self.unit, regime=self.report.period.regime))

    def sender_url(self) -> str:
        return f"{reverse('loop:proposals')}?xem=done#kn-{self.pk}"


class Level(models.IntegerChoices):
    """The five-point judgement of the likelihood of delivery."""

    CERTAIN = 1, "Chắc chắn đạt"
    LIKELY = 2, "Nhiều khả năng đạt"
    UNCERTAIN = 3, "Khó xác định"
    UNLIKELY = 4, "Khó đạt"
    IMPOSSIBLE = 5, "Không thể đạt"


class Judge(models.TextChoices):
    LEAD = "lead", "Đơn vị chủ trì"
    CENTRE = "centre", "Cơ quan tổng hợp"  # named from the province record on pages (`judge_label`)


class Confidence(models.Model):
    """One judgement of one task or target for one period. Append-only: a new judgement is a
    new row, so the history is the rows themselves; the latest per (item, judge) stands."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    target = models.ForeignKey(Target, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    judge = models.CharField("người đánh giá", max_length=6, choices=Judge.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị đánh giá")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+", verbose_name="kỳ")
    level = models.PositiveSmallIntegerField("mức độ tin cậy", choices=Level.choices)
    reason = models.TextField("lý do")
    recorded_at = models.DateTimeField("ghi nhận lúc")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người ghi"
    )

    class Meta:
        verbose_name = "mức độ tin cậy hoàn thành"
        verbose_name_plural = "mức độ tin cậy hoàn thành"
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(task__isnull=False, target__isnull=True)
                | Q(task__isnull=True, target__isnull=False),
                name="confidence_one_item",
            ),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="confidence_level_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.judge_label}: {self.get_level_display()}"

    @property
    def judge_label(self) -> str:
        if self.judge == Judge.CENTRE:
            return issuer_name(on=timezone.localdate(self.recorded_at))
        return self.get_judge_display()


class Explanation(Answerable):
    """A request for explanation sent to the unit responsible for a red target, an overdue
    task or a missing report, and the unit's answer: an item of the one answering engine
    (`core.answers`), sent by a leader or the Sở (`requested_by`), answered by the unit."""

    answer_noun = "Yêu cầu giải trình"

    class Subject(models.TextChoices):
        TARGET = "target", "Chỉ tiêu có nguy cơ không đạt"
        TASK = "task", "Nhiệm vụ quá hạn"
        REPORT = "report", "Chưa gửi báo cáo"

    subject = models.CharField("về", max_length=6, choices=Subject.choices)
    task = models.ForeignKey(Task, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    target = models.ForeignKey(Target, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+", verbose_name="kỳ")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị giải trình"
    )
    question = models.TextField("nội dung yêu cầu")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người yêu cầu"
    )
    history = AuditedHistory()

    class Meta:
        verbose_name = "yêu cầu giải trình"
        verbose_name_plural = "yêu cầu giải trình"
        ordering = ["respond_by", "id"]

    def __str__(self) -> str:
        return self.about

    @property
    def about(self) -> str:
        if self.task_id and self.task:
            return f"Nhiệm vụ {self.task.code}. {self.task.text[:120]}"
        if self.target_id and self.target:
            return f"Chỉ tiêu {self.target.code}. {self.target.name}"
        return f"Báo cáo {self.period.label.lower()}"

    def sender_users(self) -> list[Any]:
        return [self.requested_by] if self.requested_by.is_active else []

    def sender_url(self) -> str:
        return f"{reverse('loop:explanations')}#gt-{self.pk}"
