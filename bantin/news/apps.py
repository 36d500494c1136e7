from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "bantin.news"
    label = "news"
    verbose_name = "Tin tức"

    def ready(self):
        from . import sharing

        sharing.connect()
