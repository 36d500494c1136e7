from django.apps import AppConfig


class BroadcastConfig(AppConfig):
    name = "bantin.broadcast"
    label = "broadcast"
    verbose_name = "Truyền thanh cơ sở"

    def ready(self):
        from . import protocol, transcode  # noqa: F401  (transcode connects its signal)

        protocol.connect_signals()
