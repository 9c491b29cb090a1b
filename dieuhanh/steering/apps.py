from __future__ import annotations

from django.apps import AppConfig


class SteeringConfig(AppConfig):
    name = "dieuhanh.steering"
    label = "steering"
    verbose_name = "Điều hành: đánh giá chỉ tiêu"

    def ready(self) -> None:
        from dieuhanh.reporting.sections import section_register
        from dieuhanh.steering.sections import ProposalsSection

        section_register(ProposalsSection())
