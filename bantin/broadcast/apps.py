from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class BroadcastConfig(AppConfig):
    name = "bantin.broadcast"
    label = "broadcast"
    verbose_name = "Truyền thanh cơ sở"

    def ready(self):
        from . import mqtt, protocol, transcode  # noqa: F401  (transcode connects its signal)
        from .models import Cluster, Programme

        protocol.connect_signals()

        post_save.connect(_voice_when_stale, sender=Programme,
                          dispatch_uid="broadcast.voice_programme")
        # A device's broker login follows its cluster (secret, device id, active).
        post_save.connect(mqtt.credentials_changed, sender=Cluster,
                          dispatch_uid="broadcast-mqtt-credentials-save")
        post_delete.connect(mqtt.credentials_changed, sender=Cluster,
                            dispatch_uid="broadcast-mqtt-credentials-delete")


def _voice_when_stale(sender, instance, raw=False, **kwargs):
    """Text and article programmes get their audio from the speech engine after saving."""
    if raw:
        return
    from .voicing import queue_voice

    queue_voice(instance)
