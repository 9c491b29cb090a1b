"""Plans being imported: the drafts read from an uploaded document, kept while the
administrator reviews them, until they are registered as Document, TaskGroup, Task, Target."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PlanImport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Đang rà soát"
        REGISTERED = "registered", "Đã đăng ký"

    file_name = models.CharField("tên tệp", max_length=255)
    # The extractor's JSON (contracts/plan-extract.schema.json), edited in place by the review.
    draft = models.JSONField("bản nháp", default=dict)
    source_lines = models.JSONField("văn bản gốc", default=list)
    status = models.CharField("trạng thái", max_length=12, choices=Status.choices, default=Status.DRAFT)
    document = models.ForeignKey(
        "plans.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="văn bản đã đăng ký",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    class Meta:
        verbose_name = "kế hoạch đang nhập"
        verbose_name_plural = "kế hoạch đang nhập"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name
