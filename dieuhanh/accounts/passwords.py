"""The password policy: Django's validators, with messages written for Vietnamese users."""

from __future__ import annotations

from django.contrib.auth import password_validation as pv


class MinimumLengthValidator(pv.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự."

    def get_help_text(self) -> str:
        return f"Ít nhất {self.min_length} ký tự; nên dùng một cụm từ dễ nhớ với khó đoán."


class UserAttributeSimilarityValidator(pv.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return "Mật khẩu quá giống %(verbose_name)s của tài khoản."

    def get_help_text(self) -> str:
        return "Không giống tên đăng nhập, họ tên hay thư điện tử."


class CommonPasswordValidator(pv.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return "Mật khẩu này quá phổ biến, dễ bị đoán ra."

    def get_help_text(self) -> str:
        return "Không phải một mật khẩu phổ biến."


class NumericPasswordValidator(pv.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "Mật khẩu không được chỉ gồm chữ số."

    def get_help_text(self) -> str:
        return "Không chỉ gồm chữ số."
