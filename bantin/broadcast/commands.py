"""Live commands for devices: play an emergency now, stop, volume, power on/off, sync.

A command is one row per cluster. `issue` creates them in bulk and, when a broker is
configured (BANTIN_MQTT_URL), publishes each on its device's commands topic at once; every
device also polls (`pending_for`, over HTTP) and gets what it has not acknowledged until
the command expires (BANTIN_COMMAND_TTL_SECONDS). Devices answer with an ack, over MQTT
(`mqtt.Listener`, in batches: `acknowledge_many`) or HTTP (`acknowledge`); a second ack
of the same command changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Command, EmergencyDelivery

#: Rows per INSERT / UPDATE statement.
BATCH_SIZE = 1000
MAX_DETAIL = 255


def issue(clusters, kind: str, payload: dict | None = None, *, user=None, emergency=None,
          ttl: int | None = None) -> list[Command]:
    """Creates one `kind` command per cluster and pushes them over MQTT when a broker is
    configured (after the surrounding transaction commits, so a device never acknowledges a
    command the database does not have yet)."""
    if kind not in dict(Command.KINDS):
        raise ValueError(f"unknown command kind: {kind!r}")
    now = timezone.now()
    ttl = settings.BANTIN_COMMAND_TTL_SECONDS if ttl is None else ttl
    expires = now + dt.timedelta(seconds=ttl)
    payload = dict(payload or {})
    cluster_list = list(clusters)
    rows = [Command(cluster=cluster, kind=kind, payload=payload, emergency=emergency,
                    created_by=user if user is not None and user.is_authenticated else None,
                    expires_at=expires)
            for cluster in cluster_list]
    with transaction.atomic():
        created = Command.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        # created_at is auto_now_add: set on the objects by bulk_create already.
        if settings.BANTIN_MQTT_URL and created:
            transaction.on_commit(lambda: push(created))
    return created


def push(commands: list[Command]) -> int:
    """Publishes `commands` on their devices' topics; sets pushed_at on those the broker
    took. Returns how many it took (0 without a broker or when it is unreachable)."""
    from . import mqtt

    publisher = mqtt.publisher()
    if publisher is None or not commands:
        return 0
    messages = [(mqtt.topic(c.cluster.device_id, "commands"),
                 json.dumps(as_message(c), ensure_ascii=False).encode())
                for c in commands]
    taken = publisher.publish_many(messages)
    pushed = [c for c, ok in zip(commands, taken, strict=True) if ok]
    if pushed:
        now = timezone.now()
        ids = [c.pk for c in pushed]
        for start in range(0, len(ids), BATCH_SIZE):
            Command.objects.filter(pk__in=ids[start:start + BATCH_SIZE]).update(pushed_at=now)
        for command in pushed:
            command.pushed_at = now
    return len(pushed)


def pending_for(cluster, now=None) -> list[Command]:
    """The cluster's unacknowledged, unexpired commands, oldest first; those not fetched
    before get fetched_at."""
    now = now or timezone.now()
    commands = list(Command.objects.filter(cluster=cluster, acked_at__isnull=True,
                                           expires_at__gt=now).order_by("created_at", "pk"))
    fresh = [c.pk for c in commands if c.fetched_at is None]
    if fresh:
        Command.objects.filter(pk__in=fresh).update(fetched_at=now)
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
        "issued_at": command.created_at.isoformat() if command.created_at else None,
        "expires_at": command.expires_at.isoformat(),
    }


def parse_ack(body) -> tuple[int, bool, str] | None:
    """(command id, ok, detail) of an ack body `{"command": int, "ok": bool, "detail": str}`,
    None when it is not one."""
    if not isinstance(body, dict):
        return None
    command_id, ok, detail = body.get("command"), body.get("ok"), body.get("detail", "")
    if isinstance(command_id, bool) or not isinstance(command_id, int) or command_id <= 0:
        return None
    if not isinstance(ok, bool) or not isinstance(detail, str):
        return None
    return command_id, ok, detail[:MAX_DETAIL]


def acknowledge(cluster, command_id, ok, detail="", at=None) -> Command | None:
    """Records a device's answer to one of its commands. Idempotent: a second ack changes
    nothing. None when the command is not this cluster's."""
    done = acknowledge_many([(cluster, command_id, ok, detail, at)])
    if done:
        return done[0]
    return Command.objects.filter(pk=command_id, cluster=cluster).first() \
        if isinstance(command_id, int) else None


@transaction.atomic
def acknowledge_many(acks: Iterable[tuple]) -> list[Command]:
    """Records many acks at once: (cluster, command_id, ok, detail, at) tuples. Acks of
    commands that are not the cluster's, or already acknowledged, change nothing. Returns
    the commands acknowledged now. One SELECT, one UPDATE per batch of commands and of
    emergency deliveries, whatever the number of acks."""
    now = timezone.now()
    wanted: dict[int, tuple] = {}
    for cluster, command_id, ok, detail, at in acks:
        if isinstance(command_id, int) and not isinstance(command_id, bool):
            wanted.setdefault(command_id, (cluster.pk, bool(ok), (detail or "")[:MAX_DETAIL],
                                           at or now))
    if not wanted:
        return []
    ids = list(wanted)
    commands = []
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start:start + BATCH_SIZE]
        commands += list(Command.objects.select_for_update().filter(
            pk__in=chunk, acked_at__isnull=True))
    done = []
    for command in commands:
        cluster_id, ok, detail, at = wanted[command.pk]
        if command.cluster_id != cluster_id:
            continue
        command.acked_at, command.ack_ok, command.ack_detail = at, ok, detail
        done.append(command)
    if done:
        Command.objects.bulk_update(done, ["acked_at", "ack_ok", "ack_detail"],
                                    batch_size=BATCH_SIZE)
        _deliveries_received([c for c in done if c.kind == Command.PLAY_EMERGENCY
                              and c.emergency_id])
    return done


def _deliveries_received(commands: list[Command]) -> None:
    if not commands:
        return
    by_pair = {(c.emergency_id, c.cluster_id): c for c in commands}
    query = Q()
    for message_id in {m for m, _ in by_pair}:
        query |= Q(message_id=message_id,
                   cluster_id__in=[c for m, c in by_pair if m == message_id])
    changed = []
    for delivery in EmergencyDelivery.objects.filter(query):
        command = by_pair[(delivery.message_id, delivery.cluster_id)]
        if command.ack_ok:
            if delivery.received_at is None:
                delivery.received_at = command.acked_at
                changed.append(delivery)
        elif delivery.failed_at is None:
            delivery.failed_at = command.acked_at
            delivery.detail = command.ack_detail or "Thiết bị không thực hiện được lệnh."
            changed.append(delivery)
    if changed:
        EmergencyDelivery.objects.bulk_update(changed, ["received_at", "failed_at", "detail"],
                                              batch_size=BATCH_SIZE)
