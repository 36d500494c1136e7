"""Live commands for devices: issued by staff (or an emergency), fetched by the device's
poll (`GET /api/devices/v1/commands`) until acknowledged or expired.

The functions and the message a device receives are fixed by the device protocol
(docs/device-protocol.md). Pushing over MQTT, when a broker is configured, belongs to the
MQTT side of the protocol; this module keeps the stored rows and the HTTP poll's view.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Cluster, Command, EmergencyDelivery

DEFAULT_TTL_SECONDS = 600


def _ttl() -> int:
    return int(getattr(settings, "BANTIN_COMMAND_TTL_SECONDS", DEFAULT_TTL_SECONDS))


def issue(clusters, kind: str, payload: dict | None = None, *, user=None, emergency=None,
          ttl: int | None = None) -> list[Command]:
    """One Command per cluster, expiring `ttl` seconds from now."""
    if kind not in dict(Command.KINDS):
        raise ValueError(f"unknown command kind: {kind}")
    now = timezone.now()
    expires = now + dt.timedelta(seconds=ttl if ttl is not None else _ttl())
    rows = [Command(cluster=c, kind=kind, payload=dict(payload or {}), created_by=user,
                    emergency=emergency, expires_at=expires) for c in clusters]
    return Command.objects.bulk_create(rows)


def pending_for(cluster: Cluster, now: dt.datetime | None = None) -> list[Command]:
    """Unacknowledged, unexpired commands of `cluster`, oldest first; marks them fetched."""
    now = now or timezone.now()
    commands = list(Command.objects.filter(cluster=cluster, acked_at__isnull=True,
                                           expires_at__gt=now).order_by("created_at", "pk"))
    unfetched = [c.pk for c in commands if c.fetched_at is None]
    if unfetched:
        Command.objects.filter(pk__in=unfetched, fetched_at__isnull=True).update(fetched_at=now)
        for command in commands:
            if command.fetched_at is None:
                command.fetched_at = now
    return commands


def as_message(command: Command) -> dict:
    return {
        "id": command.pk,
        "kind": command.kind,
        "payload": command.payload or {},
        "emergency": command.emergency_id,
        "issued_at": command.created_at.isoformat(),
        "expires_at": command.expires_at.isoformat(),
    }


def acknowledge(cluster: Cluster, command_id: int, ok: bool, detail: str = "",
                at: dt.datetime | None = None) -> Command | None:
    """Record the device's answer once; None when the command is not `cluster`'s."""
    at = at or timezone.now()
    with transaction.atomic():
        command = (Command.objects.select_for_update()
                   .filter(pk=command_id, cluster=cluster).first())
        if command is None:
            return None
        if command.acked_at is not None:
            return command
        command.acked_at = at
        command.ack_ok = bool(ok)
        command.ack_detail = (detail or "")[:255]
        command.save(update_fields=["acked_at", "ack_ok", "ack_detail"])
        if command.kind == Command.PLAY_EMERGENCY and command.emergency_id:
            delivery, _ = EmergencyDelivery.objects.get_or_create(
                message_id=command.emergency_id, cluster=cluster)
            changed = []
            if ok and delivery.received_at is None:
                delivery.received_at = at
                changed.append("received_at")
            if not ok and delivery.failed_at is None:
                delivery.failed_at = at
                delivery.detail = (detail or "")[:255]
                changed += ["failed_at", "detail"]
            if changed:
                delivery.save(update_fields=changed)
    return command
