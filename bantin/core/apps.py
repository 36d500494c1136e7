from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "bantin.core"
    label = "core"
    verbose_name = "Lõi hệ thống"

    def ready(self):
        from . import content_cache, pages  # noqa: F401 -- pages connects its signal handlers

        content_cache.connect()
