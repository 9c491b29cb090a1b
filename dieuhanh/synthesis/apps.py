from django.apps import AppConfig


class SynthesisConfig(AppConfig):
    name = "dieuhanh.synthesis"
    label = "synthesis"
    verbose_name = "Báo cáo tổng hợp"
