from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "bantin.core"
    label = "core"
    verbose_name = "Lõi hệ thống"
