"""What enterprises and the Board exchange: invitations to the portal, requests with their
answers and attachments, and the figures of the quarterly report."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from dieuhanh.accounts.models import Role, User
from dieuhanh.core.answers import Answerable
from dieuhanh.core.history import AuditedHistory
from dieuhanh.reporting.models import Report
from dieuhanh.zones.models.registry import Enterprise


class Department(models.Model):
    """A department of the Board that answers enterprises' requests."""

    name = models.CharField("tên phòng, đơn vị", max_length=160, unique=True)
    duties = models.CharField("lĩnh vực phụ trách", max_length=255, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    active = models.BooleanField("đang tiếp nhận", default=True)

    class Meta:
        verbose_name = "phòng chuyên môn của Ban"
        verbose_name_plural = "phòng chuyên môn của Ban"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """The Board invites a person to hold an enterprise's account. Only a hash of the token
    is stored: the link is shown once to the Board and mailed to the invitee."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="invitations", verbose_name="doanh nghiệp"
    )
    email = models.EmailField("thư điện tử")
    full_name = models.CharField("họ và tên", max_length=150)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("mời lúc", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người mời"
    )
    expires_at = models.DateTimeField("hết hạn lúc")
    accepted_at = models.DateTimeField("nhận lời lúc", null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tài khoản đã tạo",
    )

    class Meta:
        verbose_name = "lời mời tài khoản doanh nghiệp"
        verbose_name_plural = "lời mời tài khoản doanh nghiệp"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}> — {self.enterprise}"


class EnterpriseRequest(Answerable):
    """An enterprise's question, request or proposal to a department of the Board: an item of
    the one answering engine (`core.answers`), like the agencies' proposals."""

    answer_noun = "Yêu cầu"

    class Kind(models.TextChoices):
        QUESTION = "question", "Hỏi đáp, xin hướng dẫn"
        REQUEST = "request", "Đề nghị giải quyết"
        PROPOSAL = "proposal", "Kiến nghị, phản ánh"

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="requests", verbose_name="doanh nghiệp"
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="requests", verbose_name="gửi tới"
    )
    kind = models.CharField("loại", max_length=10, choices=Kind.choices, default=Kind.QUESTION)
    subject = models.CharField("tiêu đề", max_length=255)
    body = models.TextField("nội dung")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người gửi"
    )
    history = AuditedHistory()

    class Meta:
        verbose_name = "yêu cầu, kiến nghị của doanh nghiệp"
        verbose_name_plural = "yêu cầu, kiến nghị của doanh nghiệp"
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.subject

    def sender_users(self) -> list[Any]:
        """The enterprise's active accounts (the sender may have left; the firm is told)."""
        return list(
            User.objects.filter(unit_id=self.enterprise.unit_id, role=Role.ENTERPRISE, is_active=True)
        )

    def sender_url(self) -> str:
        return reverse("zones:request", args=[self.pk])


def attachment_path(instance: RequestAttachment, filename: str) -> str:
    return f"kien-nghi/{instance.request.enterprise_id}/{instance.request_id}/{filename}"


class RequestAttachment(models.Model):
    request = models.ForeignKey(
        EnterpriseRequest, on_delete=models.CASCADE, related_name="attachments", verbose_name="yêu cầu"
    )
    file = models.FileField("tệp", upload_to=attachment_path)
    original_name = models.CharField("tên tệp gốc", max_length=255)
    size = models.PositiveIntegerField("dung lượng (byte)", default=0)
    from_board = models.BooleanField("do Ban gửi", default=False)
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người tải lên"
    )

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class QuarterlyFigures(models.Model):
    """The figures of an enterprise's quarterly report on its projects and labour. The report
    itself (period, status, texts, versions) is the reporting engine's `Report`."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="zone_figures")
    workers = models.PositiveIntegerField("tổng số lao động cuối kỳ", default=0)
    foreign_workers = models.PositiveIntegerField("trong đó lao động nước ngoài", default=0)
    new_hires = models.PositiveIntegerField("lao động tuyển mới trong kỳ", default=0)
    disbursed_vnd = models.DecimalField(
        "vốn giải ngân trong kỳ (đồng)", max_digits=20, decimal_places=0, default=0
    )
    disbursed_usd = models.DecimalField(
        "vốn giải ngân trong kỳ (USD)", max_digits=16, decimal_places=2, default=0
    )
    revenue_vnd = models.DecimalField("doanh thu trong kỳ (đồng)", max_digits=20, decimal_places=0, default=0)
    export_usd = models.DecimalField(
        "kim ngạch xuất khẩu trong kỳ (USD)", max_digits=16, decimal_places=2, default=0
    )
    history = AuditedHistory()

    class Meta:
        verbose_name = "số liệu báo cáo quý của doanh nghiệp"
        verbose_name_plural = "số liệu báo cáo quý của doanh nghiệp"

    def __str__(self) -> str:
        return f"Số liệu — {self.report}"
