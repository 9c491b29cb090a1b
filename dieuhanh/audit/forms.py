from __future__ import annotations

from django import forms

from dieuhanh.accounts.models import User
from dieuhanh.audit.selectors import audit_units
from dieuhanh.core.forms import vi_date_field


class AuditFilterForm(forms.Form):
    don_vi = forms.ChoiceField(label="Đơn vị", required=False)
    tu_ngay = vi_date_field("Từ ngày")
    den_ngay = vi_date_field("Đến ngày")

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = [("", "Tất cả đơn vị và hồ sơ")] + [(str(u.pk), u.name) for u in audit_units(user=user)]
        self.fields["don_vi"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("tu_ngay"), data.get("den_ngay")
        if start and end and start > end:
            self.add_error("den_ngay", "“Đến ngày” phải sau hoặc trùng “Từ ngày”.")
        return data
