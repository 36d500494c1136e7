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
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Cluster, Command, EmergencyDelivery

#: Rows per INSERT / UPDATE statement.
BATCH_SIZE = 1000
MAX_DETAIL = 255


def _prepared(kind: str, payload: dict | None, ttl: int | None):
    """Checks the kind; the time now, the expiry and a copy of the payload."""
    if kind not in dict(Command.KINDS):
        raise ValueError(f"unknown command kind: {kind!r}")
    now = timezone.now()
    ttl = settings.BANTIN_COMMAND_TTL_SECONDS if ttl is None else ttl
    return now, now + dt.timedelta(seconds=ttl), dict(payload or {})


def issue(clusters, kind: str, payload: dict | None = None, *, user=None, emergency=None,
          ttl: int | None = None) -> list[Command]:
    """Creates one `kind` command per cluster and pushes them over MQTT when a broker is
    configured (after the surrounding transaction commits, so a device never acknowledges a
    command the database does not have yet)."""
    now, expires, payload = _prepared(kind, payload, ttl)
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


def issue_to(clusters_query, kind: str, payload: dict | None = None, *, user=None,
             emergency=None, ttl: int | None = None) -> int:
    """`issue` for every cluster of a queryset, in SQL: one INSERT ... SELECT creates the
    commands without building a model object per cluster, and the push (after commit)
    reads back only ids and device ids. For emergencies to thousands of clusters. Returns
    the number of commands created."""
    now, expires, payload = _prepared(kind, payload, ttl)
    user_id = user.pk if user is not None and user.is_authenticated else None
    with transaction.atomic():
        created = insert_select(Command, clusters_query, "cluster_id", {
            "kind": kind, "payload": payload, "emergency": emergency, "created_by_id": user_id,
            "created_at": now, "expires_at": expires, "ack_detail": ""})
        if settings.BANTIN_MQTT_URL and created:
            rows = Command.objects.filter(created_at=now, kind=kind, emergency=emergency)
            message = {"kind": kind, "payload": payload,
                       "emergency": emergency.pk if emergency is not None else None,
                       "issued_at": now.isoformat(), "expires_at": expires.isoformat()}
            transaction.on_commit(lambda: push_rows(rows, message))
    return created


def insert_select(model, clusters_query, cluster_column: str, values: dict) -> int:
    """INSERT INTO model (cluster_column, *values) SELECT id, *values FROM the clusters of
    `clusters_query`. Values are prepared by the model's fields (JSON, datetimes, keys)."""
    from django.db import connection

    fields, params = [], []
    for name, value in values.items():
        field = model._meta.get_field(name.removesuffix("_id"))
        if hasattr(value, "pk"):
            value = value.pk
        fields.append(field.column)
        params.append(field.get_db_prep_save(value, connection))
    ids_sql, ids_params = clusters_query.values("pk").query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in [cluster_column, *fields])
    placeholders = ", ".join(["%s"] * len(params))
    clusters = quote(Cluster._meta.db_table)
    # Table and column names come from the models, values are parameters.
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
           f"SELECT {clusters}.id, {placeholders} FROM {clusters} "
           f"WHERE {clusters}.id IN ({ids_sql})")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *ids_params])
        return cursor.rowcount


def push_rows(rows, message: dict) -> int:
    """Publishes the commands of `rows` (a Command queryset whose commands share `message`
    apart from their id), each to its device; sets pushed_at on those the broker took."""
    from . import mqtt

    publisher = mqtt.publisher()
    if publisher is None:
        return 0
    pairs = list(rows.values_list("pk", "cluster__device_id"))
    rest = json.dumps(message, ensure_ascii=False)[1:]
    messages = [(mqtt.topic(device_id, "commands"), f'{{"id": {pk}, {rest}'.encode())
                for pk, device_id in pairs]
    taken = publisher.publish_many(messages)
    ids = [pk for (pk, _), ok in zip(pairs, taken, strict=True) if ok]
    now = timezone.now()
    if len(ids) == len(pairs):
        rows.update(pushed_at=now)
    else:
        for start in range(0, len(ids), BATCH_SIZE):
            Command.objects.filter(pk__in=ids[start:start + BATCH_SIZE]).update(pushed_at=now)
    return len(ids)


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
    the commands acknowledged now.

    Built for an emergency's thousands of acks arriving together: one SELECT per thousand
    commands, then one UPDATE per thousand commands sharing an answer and a time (the
    listener gives every ack of a batch the same time, and nearly all answer "ok"), and
    the same for the emergency deliveries."""
    now = timezone.now()
    wanted: dict[int, tuple] = {}
    for cluster, command_id, ok, detail, at in acks:
        if isinstance(command_id, int) and not isinstance(command_id, bool):
            wanted.setdefault(command_id, (cluster.pk, bool(ok), (detail or "")[:MAX_DETAIL],
                                           at or now))
    if not wanted:
        return []
    ids = list(wanted)
    found = []
    for start in range(0, len(ids), BATCH_SIZE):
        found += list(Command.objects.select_for_update().filter(
            pk__in=ids[start:start + BATCH_SIZE], acked_at__isnull=True))
    done = []
    groups: dict[tuple, list[Command]] = defaultdict(list)
    for command in found:
        cluster_id, ok, detail, at = wanted[command.pk]
        if command.cluster_id != cluster_id:
            continue
        command.acked_at, command.ack_ok, command.ack_detail = at, ok, detail
        done.append(command)
        groups[(ok, detail, at)].append(command)
    for (ok, detail, at), members in groups.items():
        member_ids = [c.pk for c in members]
        for start in range(0, len(member_ids), BATCH_SIZE):
            Command.objects.filter(pk__in=member_ids[start:start + BATCH_SIZE]).update(
                acked_at=at, ack_ok=ok, ack_detail=detail)
    _deliveries_received([c for c in done if c.kind == Command.PLAY_EMERGENCY
                          and c.emergency_id])
    return done


def _deliveries_received(commands: list[Command]) -> None:
    """An emergency's delivery is received with a good ack, failed with a bad one."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for command in commands:
        key = (command.emergency_id, command.ack_ok, command.ack_detail, command.acked_at)
        groups[key].append(command.cluster_id)
    for (message_id, ok, detail, at), cluster_ids in groups.items():
        detail = detail or ("" if ok else "Thiết bị không thực hiện được lệnh.")
        for start in range(0, len(cluster_ids), BATCH_SIZE):
            chunk = cluster_ids[start:start + BATCH_SIZE]
            rows = EmergencyDelivery.objects.filter(message_id=message_id,
                                                    cluster_id__in=chunk)
            if ok:
                rows.filter(received_at__isnull=True).update(received_at=at)
            else:
                rows.filter(failed_at__isnull=True).update(failed_at=at, detail=detail)
            # A command issued for the message outside `emergency.send` (a resend to one
            # cluster, say) has no delivery row yet: the ack creates it.
            missing = set(chunk) - set(rows.values_list("cluster_id", flat=True))
            if missing:
                EmergencyDelivery.objects.bulk_create(
                    [EmergencyDelivery(message_id=message_id, cluster_id=cluster_id,
                                       received_at=at if ok else None,
                                       failed_at=None if ok else at, detail=detail)
                     for cluster_id in missing], ignore_conflicts=True)
