from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "dieuhanh.reporting"
    label = "reporting"
    verbose_name = "Báo cáo định kỳ"

    def ready(self) -> None:
        # The programme's sections (task updates, indicator values); other apps add theirs.
        from dieuhanh.reporting import content

        content.register()
