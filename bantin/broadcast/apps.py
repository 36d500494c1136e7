from django.apps import AppConfig
from django.db.models.signals import post_save


class BroadcastConfig(AppConfig):
    name = "bantin.broadcast"
    label = "broadcast"
    verbose_name = "Truyền thanh cơ sở"

    def ready(self):
        from .models import Programme

        post_save.connect(_voice_when_stale, sender=Programme,
                          dispatch_uid="broadcast.voice_programme")


def _voice_when_stale(sender, instance, raw=False, **kwargs):
    """Text and article programmes get their audio from the speech engine after saving."""
    if raw:
        return
    from .voicing import queue_voice

    queue_voice(instance)
