from __future__ import annotations

from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "dieuhanh.evaluation"
    verbose_name = "Đánh giá, chấm điểm"
    default_auto_field = "django.db.models.BigAutoField"
