from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "bantin.core"
    label = "core"
    verbose_name = "Lõi hệ thống"

    def ready(self):
        from . import admin_i18n, content_cache, page_permissions, pages, pools, site_paths  # noqa: F401

        pools.install()

        content_cache.connect()
        site_paths.install()
        page_permissions.install()
        admin_i18n.install()
