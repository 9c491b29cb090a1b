from __future__ import annotations

import datetime as dt

from django import forms
from django.http import HttpRequest
from django.utils import timezone

from dieuhanh.core.forms import vi_date_field

MAX_UPLOAD = 5 * 1024 * 1024


class AsOfForm(forms.Form):
    ngay = vi_date_field("Số liệu tại ngày")


def as_of(request: HttpRequest) -> tuple[AsOfForm, dt.date]:
    """The page's "as of" date from `?ngay=` (today when absent or unreadable) and its form."""
    form = AsOfForm(request.GET)
    on = (form.cleaned_data.get("ngay") if form.is_valid() else None) or timezone.localdate()
    return form, on


class ImportForm(forms.Form):
    tep = forms.FileField(
        label="Tệp số liệu (CSV hoặc Excel .xlsx)",
        error_messages={"required": "Hãy chọn tệp CSV hoặc Excel để nhập."},
    )

    def clean_tep(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["tep"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("Tệp lớn hơn 5 MB; hãy chia nhỏ tệp.")
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Chỉ nhận tệp .csv hoặc .xlsx.")
        return upload
