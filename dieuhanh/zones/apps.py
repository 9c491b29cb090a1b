from django.apps import AppConfig


class ZonesConfig(AppConfig):
    name = "dieuhanh.zones"
    label = "zones"
    verbose_name = "Khu công nghiệp, doanh nghiệp"
