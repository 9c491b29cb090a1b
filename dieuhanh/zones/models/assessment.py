"""The enterprise digital-transformation self-assessment: a versioned questionnaire held as
data (pillars → questions → choices scored 0–5) and each enterprise's answers."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from dieuhanh.core.history import AuditedHistory
from dieuhanh.zones.models.registry import Enterprise

# The six maturity levels of QĐ 1970/QĐ-BTTTT.
LEVELS: dict[int, str] = {
    0: "Chưa chuyển đổi số",
    1: "Khởi động",
    2: "Bắt đầu",
    3: "Hình thành",
    4: "Nâng cao",
    5: "Dẫn dắt",
}


class Questionnaire(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Đang soạn"
        PUBLISHED = "published", "Đang áp dụng"
        RETIRED = "retired", "Đã thay thế"

    version = models.PositiveSmallIntegerField("phiên bản", unique=True)
    title = models.CharField("tên bộ câu hỏi", max_length=255)
    basis = models.CharField("căn cứ", max_length=255, blank=True)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT)
    # True while the questions are our own wording, to be replaced by the official set.
    provisional = models.BooleanField("bản dự thảo, chờ bộ câu hỏi chính thức", default=True)
    published_at = models.DateTimeField("áp dụng từ", null=True, blank=True)
    history = AuditedHistory()

    class Meta:
        verbose_name = "bộ câu hỏi tự đánh giá CĐS"
        verbose_name_plural = "bộ câu hỏi tự đánh giá CĐS"
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.title} (phiên bản {self.version})"


class Pillar(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="pillars", verbose_name="bộ câu hỏi"
    )
    code = models.CharField("mã", max_length=20)
    name = models.CharField("trụ cột", max_length=160)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    weight = models.DecimalField(
        "trọng số",
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal(0))],
    )
    history = AuditedHistory()

    class Meta:
        verbose_name = "trụ cột"
        verbose_name_plural = "trụ cột"
        ordering = ["questionnaire", "order"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "code"], name="pillar_code_unique")]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    pillar = models.ForeignKey(
        Pillar, on_delete=models.CASCADE, related_name="questions", verbose_name="trụ cột"
    )
    code = models.CharField("mã", max_length=20)
    text = models.TextField("câu hỏi")
    help_text = models.CharField("gợi ý", max_length=255, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    history = AuditedHistory()

    class Meta:
        verbose_name = "câu hỏi"
        verbose_name_plural = "câu hỏi"
        ordering = ["pillar__order", "order"]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:60]}"


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name="câu hỏi"
    )
    label = models.CharField("phương án", max_length=255)
    score = models.PositiveSmallIntegerField("điểm (0–5)", validators=[MaxValueValidator(5)])
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    history = AuditedHistory()

    class Meta:
        verbose_name = "phương án trả lời"
        verbose_name_plural = "phương án trả lời"
        ordering = ["question", "order", "score"]

    def __str__(self) -> str:
        return f"{self.label} ({self.score})"


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Đang làm"
        SUBMITTED = "submitted", "Đã nộp"

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="assessments", verbose_name="doanh nghiệp"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="assessments", verbose_name="bộ câu hỏi"
    )
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT)
    started_at = models.DateTimeField("bắt đầu lúc", auto_now_add=True)
    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    score = models.DecimalField("điểm chung (0–5)", max_digits=4, decimal_places=2, null=True, blank=True)
    level = models.PositiveSmallIntegerField("mức chuyển đổi số", null=True, blank=True)
    # {pillar code: score 0–5}, frozen at submission so a later questionnaire edit cannot change it.
    pillar_scores = models.JSONField("điểm theo trụ cột", default=dict, blank=True)
    history = AuditedHistory()

    class Meta:
        verbose_name = "kết quả tự đánh giá CĐS"
        verbose_name_plural = "kết quả tự đánh giá CĐS"
        ordering = ["-submitted_at", "-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "questionnaire"],
                condition=models.Q(status="draft"),
                name="assessment_one_draft",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} — {self.questionnaire}"

    @property
    def level_label(self) -> str:
        return LEVELS.get(self.level, "—") if self.level is not None else "—"


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    choice = models.ForeignKey(Choice, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "câu trả lời"
        verbose_name_plural = "câu trả lời"
        constraints = [models.UniqueConstraint(fields=["assessment", "question"], name="answer_unique")]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.choice.score}"
