from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django import forms

from dieuhanh.core.forms import vi_date_field
from dieuhanh.plans.models import TaskGroup
from dieuhanh.plans.selectors import TaskFilters
from dieuhanh.plans.status import TaskStatus
from dieuhanh.plans.tally import BUCKETS
from dieuhanh.units.models import Unit

MONTH_RE = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{4})\s*$")


class TaskFilterForm(forms.Form):
    """The register's filters. Bad values produce a Vietnamese message next to the field."""

    q = forms.CharField(
        label="Tìm kiếm",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "Từ khóa, mã nhiệm vụ…", "type": "search"}),
    )
    nhom = forms.TypedChoiceField(label="Nhóm nhiệm vụ", required=False, coerce=int, empty_value=None)
    chu_tri = forms.TypedChoiceField(label="Cơ quan chủ trì", required=False, coerce=int, empty_value=None)
    trang_thai = forms.ChoiceField(label="Tình trạng", required=False)
    han = forms.CharField(
        label="Hạn trong tháng",
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"placeholder": "mm/yyyy", "inputmode": "numeric"}),
    )
    ngay = vi_date_field("Tình trạng tại ngày")
    chu_tri_ngoai = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)
    chua_gan_chu_tri = forms.BooleanField(required=False, widget=forms.HiddenInput)
    pham_vi = forms.ChoiceField(
        label="Phạm vi",
        required=False,
        choices=[
            ("", "Nhiệm vụ của tỉnh"),
            ("boi-canh", "Bối cảnh (văn bản cấp trên, không tính)"),
            ("tat-ca", "Tất cả"),
        ],
    )

    def __init__(
        self, *args: Any, groups: Iterable[TaskGroup], lead_units: Iterable[Unit], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: dict[str, list[tuple[Any, str]]] = {
            "nhom": [("", "Tất cả nhóm")] + [(g.pk, f"{g.number}. {g.title[:70]}") for g in groups],
            "chu_tri": [("", "Tất cả cơ quan")] + [(u.pk, u.name) for u in lead_units],
            "trang_thai": [
                ("", "Tất cả tình trạng"),
                *TaskStatus.choices,
                *((key, label) for key, (label, _) in BUCKETS.items()),
            ],
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options
            field.error_messages["invalid_choice"] = "Giá trị đã chọn không có trong danh sách."

    def clean_han(self) -> tuple[int, int] | None:
        raw = self.cleaned_data.get("han", "")
        if not raw:
            return None
        match = MONTH_RE.match(raw)
        if not match or not 1 <= int(match.group(1)) <= 12:
            raise forms.ValidationError("Tháng không hợp lệ, hãy nhập theo dạng mm/yyyy (ví dụ 06/2025).")
        return int(match.group(2)), int(match.group(1))

    def to_filters(self) -> TaskFilters:
        data = self.cleaned_data
        return TaskFilters(
            group_id=data.get("nhom"),
            lead_unit_id=data.get("chu_tri"),
            status=data.get("trang_thai") or None,
            due_month=data.get("han"),
            query=data.get("q", "").strip(),
            outside_lead=data.get("chu_tri_ngoai", "").strip(),
            no_lead_unit=bool(data.get("chua_gan_chu_tri")),
            scope={"boi-canh": "context", "tat-ca": "all"}.get(data.get("pham_vi") or "", "province"),
        )

    def as_of(self, default: dt.date) -> dt.date:
        return self.cleaned_data.get("ngay") or default
