from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "dieuhanh.audit"
    label = "audit"
    verbose_name = "Kiểm tra, nhật ký"

    def ready(self) -> None:
        from dieuhanh.audit.rules import register_rules

        register_rules()
