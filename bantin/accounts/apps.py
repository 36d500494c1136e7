from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bantin.accounts"
    label = "accounts"
    verbose_name = "Tài khoản và đăng nhập"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
