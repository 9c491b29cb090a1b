from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "dieuhanh.exchange"
    label = "exchange"
    verbose_name = "Trao đổi dữ liệu (DHIS2, mẫu báo cáo cấp trên)"
    default_auto_field = "django.db.models.BigAutoField"
