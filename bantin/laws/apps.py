from django.apps import AppConfig


class LawsConfig(AppConfig):
    name = "bantin.laws"
    label = "laws"
    verbose_name = "Văn bản"

    def ready(self):
        from . import cache

        cache.connect()
