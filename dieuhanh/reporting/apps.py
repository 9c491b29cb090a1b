from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "dieuhanh.reporting"
    label = "reporting"
    verbose_name = "Báo cáo định kỳ"

    def ready(self) -> None:
        # The programme's sections (task updates, indicator values); other apps add theirs.
        from dieuhanh.core.answers import answers_post_with
        from dieuhanh.reporting import content
        from dieuhanh.reporting.notify import tell_answer

        content.register()
        # Answered proposals and requests go back to their senders through the one letter service.
        answers_post_with(tell_answer)
