from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "dieuhanh.plans"
    label = "plans"
    verbose_name = "Kế hoạch, chỉ tiêu, nhiệm vụ"
