from __future__ import annotations

from django import forms

from dieuhanh.core.forms import vi_date_field


class IssueDateForm(forms.Form):
    ngay = vi_date_field("Ngày ban hành báo cáo")
