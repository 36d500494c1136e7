from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "bantin.search"
    # wagtail.search already uses the label "search".
    label = "portal_search"
    verbose_name = "Tìm kiếm"

    def ready(self):
        from bantin.audience import batches

        from . import signals, stats

        signals.connect()
        batches.register_sink((stats.SEARCHED, stats.FOUND_NOTHING), stats.store)
