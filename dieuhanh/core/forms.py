"""Form fields shared by the apps, with Vietnamese formats and messages."""

from __future__ import annotations

from django import forms

from dieuhanh.core.dates import DATE_FORMATS, DATE_HINT, HOW


def vi_date_field(label: str, *, required: bool = False) -> forms.DateField:
    """A date typed as 30/06/2025 (ISO accepted too, for links built by code)."""
    return forms.DateField(
        label=label,
        required=required,
        input_formats=list(DATE_FORMATS),
        widget=forms.TextInput(attrs={"placeholder": DATE_HINT, "inputmode": "numeric"}),
        error_messages={
            "invalid": f"Ngày không hợp lệ, {HOW}.",
            "required": "Hãy nhập ngày theo dạng dd/mm/yyyy.",
        },
    )


class AsOfForm(forms.Form):
    ngay = vi_date_field("Tại ngày")


class UnitTreeForm(AsOfForm):
    q = forms.CharField(label="Tìm đơn vị", required=False, max_length=100)
