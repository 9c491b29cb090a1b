"""Form fields shared by the apps, with Vietnamese formats and messages."""

from __future__ import annotations

from django import forms

from dieuhanh.core.dates import DATE_FORMATS, DATE_HINT, HOW


def vi_date_field(label: str, *, required: bool = False, picker: str = "") -> forms.DateField:
    """A date typed as 30/06/2025 (ISO accepted too, for links built by code). With `picker`
    (the message when it is left empty), the browser's calendar, which sends ISO."""
    typed = forms.TextInput(attrs={"placeholder": DATE_HINT, "inputmode": "numeric"})
    return forms.DateField(
        label=label,
        required=required or bool(picker),
        input_formats=list(DATE_FORMATS),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d") if picker else typed,
        error_messages={
            "invalid": f"Ngày không hợp lệ, {HOW}.",
            "required": picker or "Hãy nhập ngày theo dạng dd/mm/yyyy.",
        },
    )


class AsOfForm(forms.Form):
    ngay = vi_date_field("Tại ngày")


class UnitTreeForm(AsOfForm):
    q = forms.CharField(label="Tìm đơn vị", required=False, max_length=100)
