from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "bantin.pagecache"
    label = "pagecache"
    verbose_name = "Bộ nhớ đệm trang"

    def ready(self):
        from . import invalidation, recording

        recording.install()
        invalidation.connect()
