from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy

from dieuhanh.units.structure import issuer_name


def _issuer_now() -> str:
    return issuer_name(on=timezone.localdate())


_issuer = lazy(_issuer_now, str)


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label="Tên đăng nhập",
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Mật khẩu", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": (
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
        ),
        # The body is the province record's issuer, read when the message is shown.
        "inactive": format_lazy("Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị viên {}.", _issuer()),
    }


class OneTimeCodeForm(forms.Form):
    """A code from the authenticator app (6 digits) or one of the recovery codes."""

    code = forms.CharField(
        label="Mã xác thực",
        max_length=32,
        help_text="6 chữ số trong ứng dụng xác thực, hoặc một mã khôi phục.",
        error_messages={"required": "Vui lòng nhập mã xác thực."},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
    )

    @staticmethod
    def refusal(*, throttled: bool) -> str:
        if throttled:
            return "Bạn đã nhập sai nhiều lần; vui lòng đợi ít phút rồi nhập mã mới."
        return "Mã không đúng hoặc đã hết hạn. Mã trong ứng dụng đổi sau mỗi 30 giây."


class PasswordResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label="Thư điện tử",
        max_length=254,
        error_messages={
            "required": "Vui lòng nhập địa chỉ thư điện tử.",
            "invalid": "Địa chỉ thư điện tử không hợp lệ.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class NewPasswordForm(SetPasswordForm):
    """Setting a new password (after a reset link): the policy's messages, our labels."""

    error_messages = {
        **SetPasswordForm.error_messages,
        "password_mismatch": "Hai lần nhập mật khẩu mới không khớp nhau.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Mật khẩu mới"
        self.fields["new_password2"].label = "Nhập lại mật khẩu mới"


class OwnPasswordChangeForm(NewPasswordForm, PasswordChangeForm):
    error_messages = {
        **NewPasswordForm.error_messages,
        "password_incorrect": "Mật khẩu hiện tại không đúng. Vui lòng nhập lại.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Mật khẩu hiện tại"
