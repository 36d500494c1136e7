"""Helpers of the device API tests: provisioned clusters, signed token requests, a
delivery file set without ffmpeg."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time

from django.core.files.base import ContentFile

from bantin.broadcast.models import Programme
from bantin.broadcast.protocol import bump_schedule_version

BASE = "/api/devices/v1/"


def provision(cluster) -> str:
    secret = cluster.new_secret()
    cluster.set_secret(secret)
    cluster.save()
    return secret


def token_headers(device_id: str, secret: str, *, stamp=None, nonce=None) -> dict:
    basic = base64.b64encode(f"{device_id}:{secret}".encode()).decode()
    return {
        "HTTP_AUTHORIZATION": f"Basic {basic}",
        "HTTP_X_BANTIN_TIMESTAMP": str(int(time.time()) if stamp is None else stamp),
        "HTTP_X_BANTIN_NONCE": nonce or secrets.token_urlsafe(16),
    }


def get_token(client, cluster, secret: str) -> str:
    response = client.post(BASE + "token", **token_headers(cluster.device_id, secret))
    assert response.status_code == 200, response.content
    return response.json()["token"]


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def set_delivery(programme: Programme, data: bytes, seconds: float = 1.0) -> None:
    """Give a programme a delivery file as the transcoding task would."""
    name = programme.delivery.storage.save(f"broadcast/delivery/test-{programme.pk}.mp3",
                                           ContentFile(data))
    Programme.objects.filter(pk=programme.pk).update(
        delivery=name, delivery_source=programme.audio.name, delivery_size=len(data),
        delivery_sha256=hashlib.sha256(data).hexdigest(), delivery_seconds=seconds)
    bump_schedule_version()  # as the task does
    programme.refresh_from_db()


def schedule_soon(station, programme, clusters, moderator):
    """An approved one-minute slot at the next whole minute but one, today (the test is
    skipped when that would cross midnight): at 60x speed, devices reach it within about
    two real seconds. Returns (schedule, slot start)."""
    import datetime as dt

    import pytest
    from django.utils import timezone

    from tests.broadcast.broadcast_world import make_schedule

    now = timezone.localtime()
    start = (now + dt.timedelta(minutes=2)).replace(second=0, microsecond=0)
    if start.date() != now.date():
        pytest.skip("the slot would cross midnight; the simulated window stays within a day")
    schedule = make_schedule(station, programme, clusters, slots=((start.time(), 1),),
                             first_date=now.date(), approve_by=moderator)
    return schedule, start
