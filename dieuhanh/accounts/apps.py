from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dieuhanh.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"

    def ready(self) -> None:
        from dieuhanh.accounts import signals  # noqa: F401  (connects the receivers)
