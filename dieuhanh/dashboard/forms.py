from __future__ import annotations

from django import forms

from dieuhanh.core.forms import vi_date_field


class DashboardForm(forms.Form):
    ngay = vi_date_field("Tại ngày (địa giới, tổ chức)")
    ky = forms.CharField(label="Kỳ báo cáo", required=False)
    to_mau = forms.CharField(label="Tô màu bản đồ theo", required=False)
    # A unit's drill-down opened from one count of the dashboard (overdue, late…) lists those tasks.
    trang_thai = forms.CharField(label="Tình trạng", required=False, max_length=20)
