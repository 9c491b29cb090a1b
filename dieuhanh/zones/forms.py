"""Forms of the zones pages, with Vietnamese labels and messages; amounts are typed the
Vietnamese way (1.250.000.000) and read by `parse_amount`."""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from dieuhanh.core.text import format_number
from dieuhanh.reporting.models import Report
from dieuhanh.reporting.sections import ReportInput
from dieuhanh.zones.models import Department, EnterpriseRequest, QuarterlyFigures
from dieuhanh.zones.report_figures import AMOUNTS, COUNTS, KEY, FiguresInput
from dieuhanh.zones.validators import parse_amount

# A registry of a few thousand enterprises is well under a megabyte; the workbook reader has its
# own caps on rows and cells.
MAX_IMPORT_BYTES = 10 * 1024 * 1024

COUNT_ERRORS = {
    "invalid": "Hãy nhập số nguyên, ví dụ 1250.",
    "min_value": "Số này không được âm.",
    "required": "Hãy nhập số (không có thì nhập 0).",
}


class CountField(forms.IntegerField):
    """A head count typed "1.250" (Vietnamese thousands dot) or "1250"."""

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = value.replace(".", "").replace(" ", "")
        return super().to_python(value)


def count_field(label: str) -> forms.IntegerField:
    return CountField(label=label, min_value=0, initial=0, error_messages=COUNT_ERRORS)


def amount_text(value: Decimal | None) -> str:
    """An amount as the form shows it back: "1.234.567" or "12,50"; nothing for zero, so the
    field shows its placeholder rather than a Python "0.00"."""
    if not value:
        return ""
    if value == value.to_integral_value():
        return format_number(int(value))
    return format_number(value, 2)


def amount_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0"}),
    )


class QuarterlyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    workers = count_field("Tổng số lao động cuối kỳ")
    foreign_workers = count_field("Trong đó lao động nước ngoài")
    new_hires = count_field("Lao động tuyển mới trong kỳ")
    disbursed_vnd = amount_field("Vốn giải ngân trong kỳ (đồng)")
    disbursed_usd = amount_field("Vốn giải ngân trong kỳ (USD)")
    revenue_vnd = amount_field("Doanh thu trong kỳ (đồng)")
    export_usd = amount_field("Kim ngạch xuất khẩu trong kỳ (USD)")
    progress = forms.CharField(
        label="Tình hình thực hiện dự án", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    difficulties = forms.CharField(
        label="Khó khăn, vướng mắc", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    proposals = forms.CharField(
        label="Đề xuất, kiến nghị", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def _amount(self, name: str, currency: str) -> Decimal:
        try:
            value = parse_amount(
                self.cleaned_data.get(name), label=str(self.fields[name].label or name), currency=currency
            )
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None
        return value or Decimal(0)

    def clean_disbursed_vnd(self) -> Decimal:
        return self._amount("disbursed_vnd", "VND")

    def clean_disbursed_usd(self) -> Decimal:
        return self._amount("disbursed_usd", "USD")

    def clean_revenue_vnd(self) -> Decimal:
        return self._amount("revenue_vnd", "VND")

    def clean_export_usd(self) -> Decimal:
        return self._amount("export_usd", "USD")

    @classmethod
    def of(cls, report: Report, figures: QuarterlyFigures) -> QuarterlyForm:
        """The form as the draft was saved."""
        initial: dict[str, object] = {"version": report.version, "progress": report.highlights}
        initial |= {name: getattr(figures, name) for name, _ in COUNTS}
        initial |= {name: amount_text(getattr(figures, name)) for name, _ in AMOUNTS}
        initial |= {"difficulties": report.difficulties, "proposals": report.proposals}
        return cls(initial=initial)

    def to_input(self) -> tuple[ReportInput, dict[str, object]]:
        """The engine's input: the report's texts, and the figures as the zones section's part."""
        d = self.cleaned_data
        figures = FiguresInput(**{f.name: d[f.name] for f in fields(FiguresInput)})
        texts = ReportInput(
            highlights=d["progress"], difficulties=d["difficulties"], proposals=d["proposals"]
        )
        return texts, {KEY: figures}


class RequestForm(forms.Form):
    department = forms.ModelChoiceField(
        label="Gửi tới",
        queryset=Department.objects.filter(active=True),
        empty_label="— Chọn phòng chuyên môn —",
        error_messages={"required": "Hãy chọn phòng chuyên môn nhận yêu cầu."},
    )
    kind = forms.ChoiceField(label="Loại yêu cầu", choices=EnterpriseRequest.Kind.choices)
    subject = forms.CharField(
        label="Tiêu đề", max_length=255, error_messages={"required": "Hãy nhập tiêu đề yêu cầu."}
    )
    body = forms.CharField(
        label="Nội dung",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Hãy nêu nội dung cần hỏi hoặc đề nghị."},
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Nội dung trả lời",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Hãy nhập nội dung trả lời."},
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="Lý do trả lại",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Hãy ghi rõ lý do trả lại để doanh nghiệp biết cần sửa gì."},
    )


class InviteForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên người được mời", max_length=150)
    email = forms.EmailField(
        label="Thư điện tử", error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."}
    )


class AcceptInvitationForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    password = forms.CharField(label="Mật khẩu", widget=forms.PasswordInput)
    password2 = forms.CharField(label="Nhập lại mật khẩu", widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password2"):
            raise ValidationError("Hai lần nhập mật khẩu không khớp.")
        return data


class ProfileForm(forms.Form):
    address = forms.CharField(label="Địa chỉ", max_length=255, required=False)
    website = forms.URLField(
        label="Trang web", required=False, error_messages={"invalid": "Địa chỉ trang web không hợp lệ."}
    )
    workers = count_field("Tổng số lao động")
    foreign_workers = count_field("Trong đó lao động nước ngoài")
    contact_name = forms.CharField(label="Người liên hệ", max_length=120)
    contact_position = forms.CharField(label="Chức vụ", max_length=120, required=False)
    contact_phone = forms.CharField(label="Điện thoại", max_length=30, required=False)
    contact_email = forms.EmailField(
        label="Thư điện tử", required=False, error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."}
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp Excel (.xlsx)", error_messages={"required": "Hãy chọn tệp Excel (.xlsx)."}
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                f"Tệp “{upload.name}” lớn hơn {MAX_IMPORT_BYTES // (1024 * 1024)} MB; hãy chia nhỏ tệp."
            )
        return upload
