from __future__ import annotations

from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "dieuhanh.opendata"
    label = "opendata"
    verbose_name = "Công khai và dữ liệu mở"
