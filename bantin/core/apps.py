from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "bantin.core"
    label = "core"
    verbose_name = "Lõi hệ thống"

    def ready(self):
        from . import content_cache, page_permissions, pages, site_paths  # noqa: F401

        content_cache.connect()
        site_paths.install()
        page_permissions.install()
