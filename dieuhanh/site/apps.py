from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The composition root: the home page per role and the demo loader, above every app
    (core below knows no domain)."""

    name = "dieuhanh.site"
    label = "site"
    verbose_name = "Trang chủ, dữ liệu mẫu"
