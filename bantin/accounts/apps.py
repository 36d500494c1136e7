from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bantin.accounts"
    label = "accounts"
    verbose_name = "Tài khoản và đăng nhập"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from bantin.interaction.personal_data import Kind, register

        from . import signals  # noqa: F401

        # django-axes' failed-login records hold the address, the name typed and the
        # browser; lockouts only need the last 30 minutes of them.
        register(Kind(
            key="login_attempts", label="lần đăng nhập sai", model="axes.AccessAttempt",
            fields={"ip_address": None, "username": None, "user_agent": "",
                    "get_data": "", "post_data": ""},
            date_field="attempt_time", default_days=30,
        ))
