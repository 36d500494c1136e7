from django.apps import AppConfig


class BroadcastConfig(AppConfig):
    name = "bantin.broadcast"
    label = "broadcast"
    verbose_name = "Truyền thanh cơ sở"
