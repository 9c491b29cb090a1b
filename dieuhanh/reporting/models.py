"""Periodic reporting: regimes (Nghị định 09/2019/NĐ-CP), periods, each unit's report with
its task updates and evidence, every submitted version, and the reminders sent."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from dieuhanh.core.history import AuditedHistory
from dieuhanh.plans.models import Task
from dieuhanh.units.models import Unit


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Hằng tháng"
    QUARTERLY = "quarterly", "Hằng quý"
    HALF_YEARLY = "half_yearly", "6 tháng"
    YEARLY = "yearly", "Hằng năm"


class Audience(models.TextChoices):
    """Who files under a regime and who reviews: see `reporting.rules`."""

    PROGRAMME = "programme", "Cơ quan, địa phương báo cáo; quản trị chương trình duyệt"
    ENTERPRISES = "enterprises", "Doanh nghiệp báo cáo; cán bộ cơ quan nhận báo cáo duyệt"


class ReportRegime(models.Model):
    """A reporting regime with the ten elements that Article 7 of Nghị định 09/2019/NĐ-CP
    requires every regime to state."""

    name = models.CharField("tên báo cáo", max_length=255)
    content = models.TextField("nội dung yêu cầu báo cáo")
    reporting_units = models.ManyToManyField(
        Unit,
        through="RegimeMembership",
        related_name="report_regimes",
        verbose_name="đối tượng thực hiện báo cáo",
    )
    receiving_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="received_regimes", verbose_name="cơ quan nhận báo cáo"
    )
    channel = models.CharField(
        "phương thức gửi, nhận báo cáo", max_length=255, default="Qua hệ thống thông tin báo cáo (dieuhanh)"
    )
    frequency = models.CharField("tần suất", max_length=12, choices=Frequency.choices)
    # Deadline: day of the month in which the period ends (monthly: the 15th of that month).
    due_day = models.PositiveSmallIntegerField("ngày hạn gửi", default=15)
    # Cut-off: data from day `cutoff_day` of the month before the period to the day before it.
    cutoff_day = models.PositiveSmallIntegerField("ngày bắt đầu chốt số liệu", default=15)
    outline_template = models.TextField("mẫu đề cương báo cáo", blank=True)
    data_table_template = models.TextField("biểu mẫu số liệu báo cáo", blank=True)
    legal_basis = models.CharField("căn cứ", max_length=255, blank=True)
    asks_task_updates = models.BooleanField("báo cáo tiến độ nhiệm vụ", default=True)
    asks_indicators = models.BooleanField("báo cáo số liệu chỉ số", default=False)
    audience = models.CharField(
        "đối tượng báo cáo, người duyệt", max_length=12, choices=Audience.choices, default=Audience.PROGRAMME
    )
    starts_on = models.DateField("áp dụng từ kỳ có hạn từ ngày")
    active = models.BooleanField("đang áp dụng", default=True)
    history = AuditedHistory()

    class Meta:
        verbose_name = "chế độ báo cáo"
        verbose_name_plural = "chế độ báo cáo"
        ordering = ["frequency", "name"]

    def __str__(self) -> str:
        return self.name


class RegimeMembership(models.Model):
    """A unit owes reports under a regime between two dates: Hải Dương's units until
    30/06/2025, their Hải Phòng successors from 01/07/2025."""

    regime = models.ForeignKey(ReportRegime, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="regime_memberships")
    valid_from = models.DateField("từ ngày", null=True, blank=True)
    valid_to = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        verbose_name = "đơn vị thực hiện báo cáo"
        verbose_name_plural = "đơn vị thực hiện báo cáo"
        constraints = [models.UniqueConstraint(fields=["regime", "unit"], name="regime_membership_unique")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.regime}"


class RegimeIndicator(models.Model):
    """An indicator the regime asks for, of units of one kind (blank: of every unit)."""

    regime = models.ForeignKey(ReportRegime, on_delete=models.CASCADE, related_name="asked_indicators")
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="+", verbose_name="chỉ số"
    )
    unit_kind = models.CharField("loại đơn vị báo cáo", max_length=20, choices=Unit.Kind.choices, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "chỉ số phải báo cáo"
        verbose_name_plural = "chỉ số phải báo cáo"
        ordering = ["regime", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "indicator", "unit_kind"], name="regime_indicator_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} — {self.regime}"


class Period(models.Model):
    """One reporting period of a regime: the cut-off window and the due date."""

    regime = models.ForeignKey(
        ReportRegime, on_delete=models.CASCADE, related_name="periods", verbose_name="chế độ"
    )
    year = models.PositiveSmallIntegerField("năm")
    # Month 1–12, quarter 1–4, half 1–2, or 1 for a year.
    number = models.PositiveSmallIntegerField("kỳ số")
    label = models.CharField("kỳ báo cáo", max_length=60)
    starts_on = models.DateField("chốt số liệu từ ngày")
    ends_on = models.DateField("chốt số liệu đến ngày")
    due_on = models.DateField("hạn gửi")

    class Meta:
        verbose_name = "kỳ báo cáo"
        verbose_name_plural = "kỳ báo cáo"
        ordering = ["regime", "year", "number"]
        constraints = [models.UniqueConstraint(fields=["regime", "year", "number"], name="period_unique")]

    def __str__(self) -> str:
        return f"{self.label} ({self.regime.get_frequency_display().lower()})"

    def is_closed_on(self, on: dt.date) -> bool:
        """A period is closed once its due date has passed: missing reports are then late."""
        return on > self.due_on


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Đã gửi, chờ duyệt"
    RETURNED = "returned", "Bị trả lại"
    ACCEPTED = "accepted", "Đã duyệt"


class Report(models.Model):
    """One unit's report for one period. `version` grows with every save, so two people
    editing the same draft cannot silently overwrite each other."""

    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="reports", verbose_name="kỳ báo cáo"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="reports", verbose_name="đơn vị báo cáo"
    )
    status = models.CharField(
        "trạng thái", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    version = models.PositiveIntegerField("phiên bản lưu", default=1)
    highlights = models.TextField("kết quả nổi bật trong kỳ", blank=True)
    difficulties = models.TextField("khó khăn, vướng mắc", blank=True)
    proposals = models.TextField("đề xuất, kiến nghị", blank=True)
    first_submitted_at = models.DateTimeField("gửi lần đầu lúc", null=True, blank=True)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người gửi",
    )
    reviewed_at = models.DateTimeField("duyệt lúc", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người duyệt",
    )
    review_comment = models.TextField("ý kiến khi trả lại", blank=True)
    # The form exactly as typed when some of it could not be saved (an impossible date, a
    # value out of range): {"raw": {field: text}, "errors": {field: message}, "messages": [...]}.
    # The page shows it in place of the saved values, so nothing typed is ever lost.
    typed = models.JSONField("nội dung đang nhập chưa hợp lệ", default=dict, blank=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người cập nhật",
    )
    # The audit reads a report's history by its row and by its unit; every other index on the
    # history table would only be written, with each autosave of the 15th (HOT_ROWS).
    history = AuditedHistory(no_db_index=["period", "submitted_by", "updated_by", "reviewed_by"])

    class Meta:
        verbose_name = "báo cáo"
        verbose_name_plural = "báo cáo"
        ordering = ["-period__due_on", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="report_one_per_unit_period")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.period.label}"

    @property
    def is_editable_by_reporter(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    def is_late(self) -> bool:
        """Late when first sent after the due date (Vietnam's calendar day); a report accepted
        late still counts as late."""
        if self.first_submitted_at is None:
            return False
        from django.utils import timezone

        return timezone.localdate(self.first_submitted_at) > self.period.due_on


class TaskProgress(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa triển khai"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Đã hoàn thành"
    BLOCKED = "blocked", "Gặp vướng mắc, chưa thực hiện được"


class TaskUpdate(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="task_updates", verbose_name="báo cáo"
    )
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="updates", verbose_name="nhiệm vụ")
    progress = models.CharField(
        "tình hình", max_length=12, choices=TaskProgress.choices, default=TaskProgress.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    result = models.TextField("kết quả đạt được", blank=True)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    history = AuditedHistory(no_db_index=["task"])  # read by row and by report only

    class Meta:
        verbose_name = "cập nhật nhiệm vụ"
        verbose_name_plural = "cập nhật nhiệm vụ"
        ordering = ["task__group__order", "task__order", "task_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "task"], name="task_update_unique"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="task_update_percent_le_100"),
        ]

    def __str__(self) -> str:
        return f"{self.task.code}: {self.get_progress_display()} {self.percent}%"


class ReportIndicatorValue(models.Model):
    """A value the unit reports for the period; it becomes a data value of the indicator
    (source "report") when the province record's issuer accepts the report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="+", verbose_name="chỉ số"
    )
    value = models.FloatField("giá trị", null=True, blank=True)
    comment = models.CharField("ghi chú", max_length=500, blank=True)
    history = AuditedHistory(no_db_index=["indicator"])  # read by row and by report only

    class Meta:
        verbose_name = "số liệu chỉ số trong báo cáo"
        verbose_name_plural = "số liệu chỉ số trong báo cáo"
        ordering = ["report", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="report_indicator_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.value}"


def evidence_path(instance: Evidence, filename: str) -> str:
    report = instance.task_update.report
    return f"minh-chung/{report.period.year}/{report.period_id}/{report.unit_id}/{filename}"


class Evidence(models.Model):
    """Proof of a result: an uploaded file, or the number and date of an issued document."""

    task_update = models.ForeignKey(
        TaskUpdate, on_delete=models.CASCADE, related_name="evidence", verbose_name="cập nhật nhiệm vụ"
    )
    file = models.FileField("tệp", upload_to=evidence_path, blank=True)
    original_name = models.CharField("tên tệp gốc", max_length=255, blank=True)
    content_type = models.CharField("loại tệp", max_length=100, blank=True)
    size = models.PositiveIntegerField("dung lượng (byte)", default=0)
    document_number = models.CharField("số văn bản", max_length=60, blank=True)
    document_date = models.DateField("ngày văn bản", null=True, blank=True)
    description = models.CharField("mô tả", max_length=255, blank=True)
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="người tải lên",
    )
    # Evidence is append-only: a wrong file is corrected by a new row pointing at it; both stay.
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name="đính chính cho minh chứng",
    )
    history = AuditedHistory()

    class Meta:
        verbose_name = "minh chứng"
        verbose_name_plural = "minh chứng"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        name = self.original_name or f"Văn bản số {self.document_number}"
        if self.corrects_id:
            return f"{name} (đính chính minh chứng số {self.corrects_id})"
        return name


class ReportVersion(models.Model):
    """What was sent, frozen at each submission, so versions can be compared."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="versions", verbose_name="báo cáo"
    )
    number = models.PositiveSmallIntegerField("lần gửi")
    content = models.JSONField("nội dung")
    submitted_at = models.DateTimeField("gửi lúc")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="người gửi",
    )

    class Meta:
        verbose_name = "phiên bản đã gửi"
        verbose_name_plural = "phiên bản đã gửi"
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_unique")]

    def __str__(self) -> str:
        return f"{self.report} — lần gửi {self.number}"


class ReminderKind(models.TextChoices):
    BEFORE = "before", "Trước hạn"
    DUE = "due", "Đến hạn"
    AFTER = "after", "Quá hạn"
    # Sent by hand from the chasing page ("Nhắc ngay"): at most once per unit and day.
    NOW = "now", "Nhắc ngay"


class Reminder(models.Model):
    """One reminder per unit, period, kind and channel — the unique constraint is what makes
    a reminder never go out twice, even with two workers."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Thư điện tử"
        APP = "app", "Thông báo trong hệ thống"

    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="reminders", verbose_name="kỳ báo cáo"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="reminders", verbose_name="đơn vị")
    kind = models.CharField("loại nhắc", max_length=8, choices=ReminderKind.choices)
    channel = models.CharField("kênh", max_length=8, choices=Channel.choices)
    recipients = models.TextField("người nhận", blank=True)
    sent_at = models.DateTimeField("gửi lúc", auto_now_add=True)
    # Vietnam's calendar day of the reminder: what "once a day" of "Nhắc ngay" counts by.
    sent_on = models.DateField("ngày gửi", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người nhắc",
    )

    class Meta:
        verbose_name = "nhắc nhở"
        verbose_name_plural = "nhắc nhở"
        ordering = ["sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "kind", "channel"],
                condition=~models.Q(kind="now"),
                name="reminder_once",
            ),
            models.UniqueConstraint(
                fields=["period", "unit", "channel", "sent_on"],
                condition=models.Q(kind="now"),
                name="reminder_now_once_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.unit} — {self.period.label}"


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="người nhận",
    )
    text = models.CharField("nội dung", max_length=500)
    url = models.CharField("đường dẫn", max_length=255, blank=True)
    created_at = models.DateTimeField("lúc", auto_now_add=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:80]
