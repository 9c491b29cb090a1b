"""The admin's history pages in Vietnamese: simple-history shows each change's old and new
values as Python prints them ("None", "1.11", "2026-12-02 17:05:00+00:00"); these are written
the way the rest of the platform writes them ("(trống)", "1,11", "02/12/2026 17:05")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges, ModelChange, ModelChangeValue
from simple_history.template_utils import HistoricalRecordContextHelper

from dieuhanh.core.text import format_number

EMPTY = "(trống)"


def vietnamese_value(value: object) -> object:
    """One stored value as a reader expects it; anything else is left to simple-history."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float | Decimal):  # an int stays as it is: most are years (2021, not 2.021)
        return format_number(value)
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return value


class VietnameseHistoryHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change: ModelChange, value: ModelChangeValue) -> Any:
        field = self.model._meta.get_field(change.field)
        choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
        if isinstance(value, str | int) and value in choices:
            return str(choices[value])
        return vietnamese_value(super().prepare_delta_change_value(change, value))


class HistoryAdmin(SimpleHistoryAdmin):  # type: ignore[type-arg]
    """SimpleHistoryAdmin whose history page writes values in Vietnamese."""

    def get_historical_record_context_helper(
        self, request: HttpRequest, historical_record: HistoricalChanges
    ) -> HistoricalRecordContextHelper:
        return VietnameseHistoryHelper(self.model, historical_record)
