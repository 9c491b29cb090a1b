from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dieuhanh.dashboard"
    label = "dashboard"
    verbose_name = "Trung tâm điều hành"
