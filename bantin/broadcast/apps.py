from django.apps import AppConfig


class BroadcastConfig(AppConfig):
    name = "bantin.broadcast"
    label = "broadcast"
    verbose_name = "Truyền thanh cơ sở"

    def ready(self):
        from . import transcode  # noqa: F401  (connects the audio-change signal)
