from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class BroadcastConfig(AppConfig):
    name = "bantin.broadcast"
    label = "broadcast"
    verbose_name = "Truyền thanh cơ sở"

    def ready(self):
        from . import mqtt
        from .models import Cluster

        # A device's broker login follows its cluster (secret, device id, active).
        post_save.connect(mqtt.credentials_changed, sender=Cluster,
                          dispatch_uid="broadcast-mqtt-credentials-save")
        post_delete.connect(mqtt.credentials_changed, sender=Cluster,
                            dispatch_uid="broadcast-mqtt-credentials-delete")
