"""Evaluation: rubrics held as data (versioned JSON), rounds (a rubric applied to a year),
each unit's evaluation with its criterion entries (self-assessment, appraisal), and the
frozen snapshot taken at publication."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from dieuhanh.core.history import AuditedHistory
from dieuhanh.units.models import Unit


class Rubric(models.Model):
    """One version of a methodology. `code` is the JSON's `id`; a changed methodology is a new
    version, so a published evaluation always points at the text it was scored on."""

    code = models.CharField("mã bộ tiêu chí", max_length=80)
    version = models.PositiveSmallIntegerField("phiên bản", default=1)
    title = models.CharField("tên bộ tiêu chí", max_length=400)
    definition = models.JSONField("nội dung (JSON)")
    complete = models.BooleanField("đầy đủ theo văn bản", default=True)
    source_note = models.CharField("nguồn", max_length=400, blank=True)
    active = models.BooleanField("đang áp dụng", default=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "bộ tiêu chí đánh giá"
        verbose_name_plural = "bộ tiêu chí đánh giá"
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="rubric_unique_version")]

    def __str__(self) -> str:
        return f"{self.title} (phiên bản {self.version})"

    def spec(self) -> Any:  # -> RubricSpec
        from dieuhanh.evaluation.rubric import rubric_parse

        return rubric_parse(self.definition)


class Round(models.Model):
    """A rubric applied to one year: the self-assessment cut-off and the units assessed."""

    class Status(models.TextChoices):
        OPEN = "open", "Đang tự đánh giá, thẩm định"
        PUBLISHED = "published", "Đã công bố"

    rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, related_name="rounds", verbose_name="bộ tiêu chí"
    )
    year = models.PositiveSmallIntegerField("năm đánh giá")
    # The deadline for the self-assessment file (QĐ 11 Điều 6, not in the source: set here).
    self_assessment_due = models.DateField("hạn nộp hồ sơ tự đánh giá")
    # Data is taken as of this day (tasks' status, reports, values).
    data_as_of = models.DateField("số liệu tính đến ngày")
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.OPEN)
    published_at = models.DateTimeField("công bố lúc", null=True, blank=True)
    units = models.ManyToManyField(
        Unit, related_name="evaluation_rounds", verbose_name="đơn vị được đánh giá"
    )

    class Meta:
        verbose_name = "đợt đánh giá"
        verbose_name_plural = "đợt đánh giá"
        ordering = ["-year", "rubric__code"]
        constraints = [models.UniqueConstraint(fields=["rubric", "year"], name="round_unique_year")]

    def __str__(self) -> str:
        return f"{self.rubric.title} — năm {self.year}"


class Evaluation(models.Model):
    """One unit in one round. A re-evaluation after publication is a new version; the old one
    is kept (superseded) with its snapshot, so the difference can be shown."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Đơn vị đang tự đánh giá"
        SUBMITTED = "submitted", "Đã nộp, chờ thẩm định"
        APPRAISED = "appraised", "Đã thẩm định, chờ cơ quan tổng hợp rà soát"
        REVIEWED = "reviewed", "Cơ quan tổng hợp đã rà soát, chờ công bố"
        PUBLISHED = "published", "Đã công bố"
        SUPERSEDED = "superseded", "Đã được đánh giá lại"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="evaluations", verbose_name="đợt")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="evaluations", verbose_name="đơn vị"
    )
    version = models.PositiveSmallIntegerField("lần đánh giá", default=1)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField("nộp hồ sơ lúc", null=True, blank=True)
    # A late or refused file is accepted when the standing agency agrees in writing.
    waiver_ref = models.CharField("văn bản chấp thuận nộp muộn", max_length=255, blank=True)
    reviewed_at = models.DateTimeField("rà soát lúc", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField("công bố lúc", null=True, blank=True)
    reevaluation_reason = models.TextField("lý do đánh giá lại", blank=True)
    # Frozen at publication: the contract object (docs/evaluation.md) plus the card's details.
    snapshot = models.JSONField("kết quả đã công bố", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "kết quả đánh giá"
        verbose_name_plural = "kết quả đánh giá"
        ordering = ["round", "unit__name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit", "version"], name="evaluation_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.round} (lần {self.version})"

    @property
    def is_frozen(self) -> bool:
        return self.status in (self.Status.PUBLISHED, self.Status.SUPERSEDED)

    @property
    def self_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class Entry(models.Model):
    """One criterion of one evaluation: what the unit entered (with evidence) and, if the
    verifying unit changed it, the appraised inputs with the reason."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="entries")
    criterion = models.CharField("tiêu chí", max_length=30)
    self_inputs = models.JSONField("đơn vị tự chấm", null=True, blank=True)
    evidence = models.TextField("minh chứng", blank=True)
    appraised_inputs = models.JSONField("kết quả thẩm định", null=True, blank=True)
    appraisal_reason = models.TextField("lý do điều chỉnh", blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    appraiser_unit = models.CharField("đơn vị thẩm định", max_length=255, blank=True)
    appraised_at = models.DateTimeField("thẩm định lúc", null=True, blank=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "điểm tiêu chí"
        verbose_name_plural = "điểm tiêu chí"
        ordering = ["evaluation", "id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="entry_one_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} — {self.criterion}"


def entry_evidence_path(instance: EntryEvidence, filename: str) -> str:
    e = instance.entry.evaluation
    return f"danh-gia/{e.round.year}/{e.round_id}/{e.unit_id}/{instance.entry.criterion}/{filename}"


class EntryEvidence(models.Model):
    """A file proving a criterion the assessor judges (a plan, minutes, a report): checked by
    type and size like a report's evidence, kept with who uploaded it, never replaced."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="files", verbose_name="tiêu chí")
    file = models.FileField("tệp", upload_to=entry_evidence_path)
    original_name = models.CharField("tên tệp gốc", max_length=255)
    content_type = models.CharField("loại tệp", max_length=100, blank=True)
    size = models.PositiveIntegerField("dung lượng (byte)", default=0)
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="người tải lên",
    )
    history = AuditedHistory()

    class Meta:
        verbose_name = "minh chứng tiêu chí"
        verbose_name_plural = "minh chứng tiêu chí"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
