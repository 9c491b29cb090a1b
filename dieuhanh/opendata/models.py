"""What the administrator publishes: one row per published indicator or target.

Publication is a choice per object, kept beside the register (not a flag on it) so that the
register's models know nothing of the public face. Nothing is public until a row says so."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from dieuhanh.core.history import AuditedHistory
from dieuhanh.indicators.models import Indicator
from dieuhanh.plans.models import Target


class Publication(models.Model):
    published_on = models.DateField("công khai từ ngày", auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người quyết định công khai",
    )
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        abstract = True


class PublishedIndicator(Publication):
    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="publication", verbose_name="chỉ số"
    )
    history = AuditedHistory()

    class Meta:
        verbose_name = "chỉ số công khai"
        verbose_name_plural = "chỉ số công khai"
        ordering = ["indicator__order", "indicator__code"]

    def __str__(self) -> str:
        return str(self.indicator)


class PublishedTarget(Publication):
    target = models.OneToOneField(
        Target, on_delete=models.CASCADE, related_name="publication", verbose_name="chỉ tiêu"
    )
    history = AuditedHistory()

    class Meta:
        verbose_name = "chỉ tiêu công khai"
        verbose_name_plural = "chỉ tiêu công khai"
        ordering = ["target__horizon_year", "target__order", "target__id"]

    def __str__(self) -> str:
        return str(self.target)
