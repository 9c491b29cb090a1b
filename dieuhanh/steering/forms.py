"""Forms of the steering pages: they turn what was typed into typed values with Vietnamese
messages; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from dieuhanh.core.answers import AnswerState
from dieuhanh.core.forms import vi_date_field
from dieuhanh.reporting.models import Frequency, Period
from dieuhanh.steering.models import Explanation, Level, addressee_choices
from dieuhanh.units.models import Unit


def _agencies() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Unit.objects.filter(kind=Unit.Kind.AGENCY).order_by("name"),
        label="Cơ quan chủ trì",
        error_messages={
            "required": "Hãy chọn cơ quan chủ trì.",
            "invalid_choice": "Cơ quan không có trong danh sách.",
        },
    )


class MeetingForm(forms.Form):
    period = forms.ModelChoiceField(
        queryset=Period.objects.filter(regime__frequency=Frequency.MONTHLY, regime__active=True)
        .select_related("regime")
        .order_by("-ends_on"),
        label="Kỳ đánh giá",
        error_messages={
            "required": "Hãy chọn kỳ báo cáo.",
            "invalid_choice": "Kỳ báo cáo không có trong danh sách.",
        },
    )
    held_on = vi_date_field("Ngày họp", picker="Hãy nhập ngày họp.")
    title = forms.CharField(
        label="Tên cuộc họp",
        max_length=255,
        initial="Cuộc họp đánh giá kết quả thực hiện Nghị quyết 57-NQ/TW",
    )
    chair = forms.CharField(
        label="Chủ trì", max_length=160, required=False, initial="Chủ tịch UBND thành phố"
    )


class ConclusionForm(forms.Form):
    text = forms.CharField(
        label="Nội dung kết luận",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Chưa có nội dung kết luận."},
    )
    lead_unit = _agencies()
    partner_units = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.filter(kind=Unit.Kind.AGENCY).order_by("name"),
        label="Cơ quan phối hợp",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    deliverable = forms.CharField(label="Kết quả, sản phẩm", required=False, max_length=2000)
    deadline_text = forms.CharField(
        label="Thời hạn (ghi như văn bản)", max_length=255, error_messages={"required": "Chưa ghi thời hạn."}
    )


class NoticeForm(forms.Form):
    file = forms.FileField(
        label="Thông báo kết luận đã ký (.docx, .txt)",
        error_messages={"required": "Hãy chọn tệp thông báo kết luận."},
    )


class AnswerForm(forms.Form):
    state = forms.ChoiceField(
        label="Trạng thái",
        choices=[c for c in AnswerState.choices if c[0] != AnswerState.PENDING],
        error_messages={"required": "Hãy chọn trạng thái.", "invalid_choice": "Trạng thái không hợp lệ."},
    )
    answer = forms.CharField(
        label="Trả lời", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )


class RouteForm(forms.Form):
    addressee = forms.ChoiceField(label="Gửi tới", choices=addressee_choices)
    addressee_unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label="Đơn vị trả lời", required=False
    )
    respond_by = vi_date_field("Hạn trả lời", picker="Hãy nhập hạn trả lời.")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # The agencies that exist today: a proposal is never routed to one the merger ended.
        field = self.fields["addressee_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        agencies = Unit.objects.valid_on(timezone.localdate()).filter(kind=Unit.Kind.AGENCY)
        field.queryset = agencies.order_by("name")

    @classmethod
    def for_every_row(cls) -> RouteForm:
        """One form rendered beside every proposal of a page: its agencies read once, not per row."""
        form = cls()
        field = form.fields["addressee_unit"]
        field.choices = list(field.choices)  # type: ignore[attr-defined]
        return form


class ConfidenceForm(forms.Form):
    item = forms.RegexField(
        regex=r"^(task|target):\d+$", error_messages={"invalid": "Mục đánh giá không hợp lệ."}
    )
    level = forms.TypedChoiceField(
        label="Mức độ",
        choices=Level.choices,
        coerce=int,
        error_messages={"invalid_choice": "Hãy chọn một trong năm mức."},
    )
    reason = forms.CharField(
        label="Lý do", max_length=2000, error_messages={"required": "Hãy ghi lý do của đánh giá."}
    )


class ExplanationForm(forms.Form):
    subject = forms.ChoiceField(label="Về", choices=Explanation.Subject.choices)
    item = forms.RegexField(
        regex=r"^(task|target|unit):\d+$", error_messages={"invalid": "Mục cần giải trình không hợp lệ."}
    )
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.exclude(kind=Unit.Kind.ENTERPRISE),
        label="Đơn vị giải trình",
        error_messages={"required": "Hãy chọn đơn vị phải giải trình."},
    )
    question = forms.CharField(
        label="Nội dung cần giải trình",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        error_messages={"required": "Hãy ghi nội dung cần giải trình."},
    )
    due_on = vi_date_field("Hạn giải trình", picker="Hãy nhập hạn giải trình.")


class ExplanationAnswerForm(forms.Form):
    answer = forms.CharField(
        label="Giải trình",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Hãy ghi nội dung giải trình."},
    )
