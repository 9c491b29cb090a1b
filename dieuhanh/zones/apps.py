from django.apps import AppConfig


class ZonesConfig(AppConfig):
    name = "dieuhanh.zones"
    label = "zones"
    verbose_name = "Khu công nghiệp, doanh nghiệp"

    def ready(self) -> None:
        # The enterprise's figures are a section of the reporting engine's reports.
        from dieuhanh.zones import report_figures

        report_figures.register()
