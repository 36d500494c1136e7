"""/api/devices/v1/: the device protocol over HTTP (docs/device-api.yaml)."""

from django.urls import path

from . import device_api

app_name = "device_api"
urlpatterns = [
    path("token", device_api.token, name="token"),
    path("schedule", device_api.schedule, name="schedule"),
    path("audio/<int:programme_id>", device_api.audio, name="audio"),
    path("heartbeat", device_api.heartbeat, name="heartbeat"),
    path("logs", device_api.logs, name="logs"),
    path("commands", device_api.command_list, name="commands"),
    path("commands/ack", device_api.command_ack, name="command_ack"),
]
