from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "bantin.security"
    label = "security"
    verbose_name = "Bảo mật"

    def ready(self):
        from . import alerts, audit  # noqa: F401 -- connect their signal receivers
