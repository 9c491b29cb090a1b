"""The register in the Django admin. The dates the services own (a completion, the day a
condition was met) are read-only on the form; they change through the actions below, which
call the services (validated, with history) and write the admin log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from dieuhanh.accounts.models import User
from dieuhanh.core.dates import DATE_HINT, DateError, parse_date
from dieuhanh.core.history_admin import HistoryAdmin
from dieuhanh.plans import services
from dieuhanh.plans.models import Document, Target, Task, TaskGroup

Change = Callable[[Task, User], Task]


class TaskActionForm(ActionForm):
    # Text here: the action reads it with the one date parser, so a bad day gets its message
    # (an invalid action form would make the admin drop the action without a word).
    ngay = forms.CharField(
        label="Ngày", required=False, widget=forms.TextInput(attrs={"placeholder": DATE_HINT})
    )
    ghi_chu = forms.CharField(label="Ghi chú / lý do", required=False, max_length=500)


@admin.register(Document)
class DocumentAdmin(HistoryAdmin):
    list_display = ("number", "kind", "issued_on", "issuer_name", "implements")
    list_filter = ("kind",)
    search_fields = ("number", "title", "issuer_name")
    autocomplete_fields = ("issuer", "implements")


@admin.register(Target)
class TargetAdmin(HistoryAdmin):
    list_display = (
        "code",
        "name",
        "comparator",
        "value",
        "unit_of_measure",
        "horizon_year",
        "lead_unit",
        "document",
    )
    list_filter = ("horizon_year", "document")
    search_fields = ("code", "name", "text")
    autocomplete_fields = ("lead_unit",)


@admin.register(TaskGroup)
class TaskGroupAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "document", "order")
    list_filter = ("document",)
    search_fields = ("title",)


@admin.register(Task)
class TaskAdmin(HistoryAdmin):
    list_display = (
        "code",
        "short_text",
        "issuer_role",
        "lead_unit",
        "deadline_text",
        "due",
        "completed_on",
    )
    list_filter = ("group", "issuer_role", "recurrence", "document")
    search_fields = ("code", "text", "deliverable", "lead_text")
    autocomplete_fields = ("lead_unit", "partner_units", "implements")
    fieldsets = (
        (None, {"fields": ("document", "group", "code", "section", "order", "text", "implements")}),
        ("Rõ người, rõ trách nhiệm", {"fields": ("issuer_role", "lead_unit", "lead_text", "partner_units")}),
        (
            "Rõ thời gian",
            {
                "fields": (
                    "deadline_text",
                    "due",
                    "recurrence",
                    "yearly_due_month",
                    "yearly_due_day",
                    "condition",
                    "condition_met_on",
                    "relative_days",
                )
            },
        ),
        ("Rõ kết quả", {"fields": ("deliverable", "completed_on", "completion_note")}),
    )

    readonly_fields = ("completed_on", "completion_note", "condition_met_on")
    action_form = TaskActionForm
    actions = ("record_completion", "reopen", "record_condition_met", "clear_condition_met")

    @admin.display(description="nội dung")
    def short_text(self, obj: Task) -> str:
        return obj.text[:90]

    def _apply(self, request: HttpRequest, tasks: QuerySet[Task], change: Change) -> None:
        """All selected tasks or none: the first refusal undoes the others and is shown."""
        user = cast(User, request.user)
        task = None
        try:
            with transaction.atomic():
                for task in tasks:
                    change(task, user)
                    self.log_change(request, task, getattr(task, "_change_reason", ""))
        except ValidationError as exc:
            where = task.code if task else ""
            self.message_user(request, f"Chưa lưu gì — {where}: {' '.join(exc.messages)}", messages.ERROR)
            return
        self.message_user(request, f"Đã cập nhật {len(tasks)} nhiệm vụ.", messages.SUCCESS)

    def _day(self, request: HttpRequest, what: str) -> dt.date | None:
        """The day typed beside the action list; a message when it is missing or wrong."""
        try:
            day = parse_date(request.POST.get("ngay", ""))
        except DateError as exc:
            self.message_user(request, f"{what}: {exc}", messages.ERROR)
            return None
        if day is None:
            self.message_user(request, f"{what}: hãy nhập ngày (dd/mm/yyyy) ở ô “Ngày”.", messages.ERROR)
        return day

    @admin.action(description="Ghi nhận hoàn thành vào ngày đã nhập")
    def record_completion(self, request: HttpRequest, tasks: QuerySet[Task]) -> None:
        note = request.POST.get("ghi_chu", "")
        if day := self._day(request, "Ngày hoàn thành"):
            self._apply(
                request,
                tasks,
                lambda t, u: services.task_record_completion(task=t, completed_on=day, note=note, user=u),
            )

    @admin.action(description="Mở lại nhiệm vụ (bỏ ghi nhận hoàn thành)")
    def reopen(self, request: HttpRequest, tasks: QuerySet[Task]) -> None:
        reason = request.POST.get("ghi_chu", "")
        self._apply(request, tasks, lambda t, u: services.task_reopen(task=t, user=u, reason=reason))

    @admin.action(description="Ghi nhận ngày điều kiện được đáp ứng")
    def record_condition_met(self, request: HttpRequest, tasks: QuerySet[Task]) -> None:
        if day := self._day(request, "Ngày điều kiện được đáp ứng"):
            self._apply(
                request, tasks, lambda t, u: services.task_set_condition_met(task=t, met_on=day, user=u)
            )

    @admin.action(description="Xóa ngày điều kiện được đáp ứng")
    def clear_condition_met(self, request: HttpRequest, tasks: QuerySet[Task]) -> None:
        self._apply(request, tasks, lambda t, u: services.task_set_condition_met(task=t, met_on=None, user=u))
