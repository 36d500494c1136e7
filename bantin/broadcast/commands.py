"""Live commands for devices: play an emergency now, stop, volume, power on/off, sync.

A command is one row per cluster; the commands issued together share a batch key.
`issue` creates them in bulk and, when a broker is configured (BANTIN_MQTT_URL),
publishes each on its device's commands topic at once. `issue_to` (emergencies, to
thousands of clusters) publishes once on a station's topic when the command goes to every
cluster of that station, and the broker fans it out to the station's devices; only the
clusters of partly chosen stations get a message each. Every device also polls
(`pending_for`, over HTTP) and gets what it has not acknowledged until the command
expires (BANTIN_COMMAND_TTL_SECONDS). Devices answer with an ack naming the command's id
or, for a station-wide message (which has no per-device id), its batch key, over MQTT
(`mqtt.Listener`, in batches: `acknowledge_many`) or HTTP (`acknowledge`); a second ack
of the same command changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from .models import Cluster, Command, EmergencyDelivery

#: Rows per INSERT / UPDATE statement.
BATCH_SIZE = 1000
MAX_DETAIL = 255
#: A batch key: 16 lowercase hex digits (`new_batch`).
BATCH_RE = re.compile(r"[0-9a-f]{16}")


def new_batch() -> str:
    return secrets.token_hex(8)


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
    batch = new_batch()
    rows = [Command(cluster=cluster, kind=kind, payload=payload, emergency=emergency,
                    created_by=user if user is not None and user.is_authenticated else None,
                    expires_at=expires, batch=batch)
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
    reads back only ids, stations and device ids. For emergencies to thousands of clusters.
    Returns the number of commands created."""
    now, expires, payload = _prepared(kind, payload, ttl)
    user_id = user.pk if user is not None and user.is_authenticated else None
    batch = new_batch()
    with transaction.atomic():
        created = insert_select(Command, clusters_query, "cluster_id", {
            "kind": kind, "payload": payload, "emergency": emergency, "created_by_id": user_id,
            "created_at": now, "expires_at": expires, "ack_detail": "", "batch": batch})
        if settings.BANTIN_MQTT_URL and created:
            rows = Command.objects.filter(batch=batch)
            message = {"batch": batch, "kind": kind, "payload": payload,
                       "emergency": emergency.pk if emergency is not None else None,
                       "issued_at": now.isoformat(), "expires_at": expires.isoformat()}
            transaction.on_commit(lambda: push_rows(rows, message))
    return created


def insert_select(model, clusters_query, cluster_column: str, values: dict) -> int:
    """INSERT INTO model (cluster_column, *values) SELECT id, *values FROM the clusters of
    `clusters_query`. Values are prepared by the model's fields (JSON, datetimes, keys)."""

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
    """Publishes the commands of `rows` (one batch: a Command queryset whose commands share
    `message` apart from their id). A station all of whose active clusters are in the batch
    gets one message per share of its station topic (`mqtt.station_topic`), without an id
    (its devices acknowledge by the batch key); the clusters of other stations get one
    message each on their own topic. Sets pushed_at on the commands the broker took;
    returns how many."""
    from . import mqtt
    from .models import Cluster

    publisher = mqtt.publisher()
    if publisher is None:
        return 0
    rows_found = list(rows.values_list("pk", "cluster_id", "cluster__device_id",
                                       "cluster__station_id"))
    chosen: dict[int, list[int]] = defaultdict(list)
    shares: dict[tuple[int, int], list[int]] = defaultdict(list)
    for pk, cluster_id, _, station_id in rows_found:
        chosen[station_id].append(pk)
        shares[(station_id, mqtt.share_of(cluster_id))].append(pk)
    active = dict(Cluster.objects.filter(station_id__in=chosen, active=True)
                  .values("station_id").annotate(n=Count("pk"))
                  .values_list("station_id", "n"))
    whole = {station_id for station_id, pks in chosen.items()
             if active.get(station_id) == len(pks)}
    rest = json.dumps(message, ensure_ascii=False)[1:]
    messages, owners = [], []  # owners: the command ids each message carries
    for (station_id, share), pks in sorted(shares.items()):
        if station_id in whole:
            messages.append((mqtt.station_topic(station_id, share),
                             f'{{"id": null, {rest}'.encode()))
            owners.append(pks)
    for pk, _, device_id, station_id in rows_found:
        if station_id not in whole:
            messages.append((mqtt.topic(device_id, "commands"),
                             f'{{"id": {pk}, {rest}'.encode()))
            owners.append([pk])
    taken = publisher.publish_many(messages)
    ids = [pk for pks, ok in zip(owners, taken, strict=True) if ok for pk in pks]
    now = timezone.now()
    if len(ids) == len(rows_found):
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
        "batch": command.batch,
        "kind": command.kind,
        "payload": command.payload or {},
        "emergency": command.emergency_id,
        "issued_at": command.created_at.isoformat() if command.created_at else None,
        "expires_at": command.expires_at.isoformat(),
    }


def ack_errors(body) -> dict[str, str]:
    """What is wrong with an ack body `{"command": int, "ok": bool, "detail": str}` (or
    `{"batch": str, ...}` instead of the command id), in Vietnamese; empty when it is good."""
    if not isinstance(body, dict):
        return {"body": "Phải là một đối tượng JSON."}
    errors = {}
    command_id, batch = body.get("command"), body.get("batch")
    if command_id is not None:
        if isinstance(command_id, bool) or not isinstance(command_id, int) or command_id <= 0:
            errors["command"] = "Phải là mã lệnh (số nguyên dương)."
    elif batch is not None:
        if not isinstance(batch, str) or not BATCH_RE.fullmatch(batch):
            errors["batch"] = "Phải là mã đợt lệnh (16 chữ số hệ mười sáu)."
    else:
        errors["command"] = "Cần mã lệnh (command) hoặc mã đợt lệnh (batch)."
    if not isinstance(body.get("ok"), bool):
        errors["ok"] = "Phải là true hoặc false."
    detail = body.get("detail", "")
    if detail is not None and (not isinstance(detail, str) or len(detail) > MAX_DETAIL):
        errors["detail"] = "Phải là chuỗi ký tự tối đa 255 ký tự."
    return errors


def parse_ack(body) -> tuple[int | str, bool, str] | None:
    """(command id or batch key, ok, detail) of an ack body, None when it is not one. A
    detail longer than allowed is cut (over MQTT there is no one to answer an error to)."""
    if isinstance(body, dict) and isinstance(body.get("detail"), str):
        body = {**body, "detail": body["detail"][:MAX_DETAIL]}
    if ack_errors(body):
        return None
    reference = body["command"] if body.get("command") is not None else body["batch"]
    return reference, body["ok"], body.get("detail") or ""


def acknowledge(cluster, reference, ok, detail="", at=None) -> Command | None:
    """Records a device's answer to one of its commands, named by its id or its batch key.
    Idempotent: a second ack changes nothing. None when the command is not this
    cluster's."""
    done = acknowledge_many([(cluster, reference, ok, detail, at)])
    if done:
        return Command.objects.get(pk=done[0])
    if isinstance(reference, str):
        return Command.objects.filter(batch=reference, cluster=cluster).first() \
            if BATCH_RE.fullmatch(reference) else None
    return Command.objects.filter(pk=reference, cluster=cluster).first() \
        if isinstance(reference, int) and not isinstance(reference, bool) else None


def _by_batch(acks: list[tuple]) -> list[tuple]:
    """Acks naming a batch key turned into acks naming the cluster's command of that batch
    (dropped when the cluster has none): one query per batch and thousand clusters."""
    wanted: dict[str, dict[int, tuple]] = defaultdict(dict)
    for cluster_id, batch, *rest in acks:
        wanted[batch].setdefault(cluster_id, tuple(rest))
    out = []
    for batch, per_cluster in wanted.items():
        cluster_ids = list(per_cluster)
        for start in range(0, len(cluster_ids), BATCH_SIZE):
            found = Command.objects.filter(
                batch=batch, cluster_id__in=cluster_ids[start:start + BATCH_SIZE]
            ).values_list("cluster_id", "pk")
            out.extend((cluster_id, pk, *per_cluster[cluster_id]) for cluster_id, pk in found)
    return out


@transaction.atomic
def acknowledge_many(acks: Iterable[tuple]) -> list[int]:
    """Records many acks at once: (cluster or cluster id, command id or batch key, ok,
    detail, at) tuples. Acks of commands that are not the cluster's, or already
    acknowledged, change nothing. Returns the ids of the commands acknowledged now.

    Built for an emergency's thousands of acks arriving together, set-based: one SELECT of
    ids per thousand commands, then one UPDATE per thousand commands sharing an answer and
    a time (the listener gives every ack of a batch the same time, and nearly all answer
    "ok"), and the same for the emergency deliveries."""
    now = timezone.now()
    by_id, by_batch = [], []
    for cluster, reference, ok, detail, at in acks:
        row = (getattr(cluster, "pk", cluster), reference, ok, detail, at)
        if isinstance(reference, str):
            if BATCH_RE.fullmatch(reference):
                by_batch.append(row)
        elif isinstance(reference, int) and not isinstance(reference, bool):
            by_id.append(row)
    done: list[int] = []
    received: dict[tuple, list[int]] = defaultdict(list)  # emergency answers
    if by_batch and connection.features.can_return_columns_from_insert:
        done, received = _acknowledge_batches(by_batch, now)
    elif by_batch:
        by_id += _by_batch(by_batch)
    wanted: dict[int, tuple] = {}
    for cluster_id, command_id, ok, detail, at in by_id:
        wanted.setdefault(command_id, (cluster_id, bool(ok), (detail or "")[:MAX_DETAIL],
                                       at or now))
    ids = list(wanted)
    found = []
    for start in range(0, len(ids), BATCH_SIZE):
        found += list(Command.objects.select_for_update().filter(
            pk__in=ids[start:start + BATCH_SIZE], acked_at__isnull=True
        ).values_list("pk", "cluster_id", "kind", "emergency_id"))
    groups: dict[tuple, list[int]] = defaultdict(list)
    for pk, cluster_id, kind, emergency_id in found:
        expected_cluster, ok, detail, at = wanted[pk]
        if cluster_id != expected_cluster:
            continue
        done.append(pk)
        groups[(ok, detail, at)].append(pk)
        if kind == Command.PLAY_EMERGENCY and emergency_id:
            received[(emergency_id, ok, detail, at)].append(cluster_id)
    for (ok, detail, at), member_ids in groups.items():
        for start in range(0, len(member_ids), BATCH_SIZE):
            Command.objects.filter(pk__in=member_ids[start:start + BATCH_SIZE]).update(
                acked_at=at, ack_ok=ok, ack_detail=detail)
    _deliveries_received(received)
    return done


def _acknowledge_batches(acks: list[tuple], now) -> tuple[list[int], dict[tuple, list[int]]]:
    """Acks naming a batch key, recorded with one `UPDATE ... RETURNING` per batch, answer
    and thousand clusters (the commands of a batch share their kind and emergency, so
    nothing needs reading first). Returns the ids acknowledged now and the emergency
    answers for `_deliveries_received`. Needs RETURNING (PostgreSQL, SQLite 3.35+)."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    seen = set()
    for cluster_id, batch, ok, detail, at in acks:
        if (batch, cluster_id) not in seen:  # the first ack of a command counts
            seen.add((batch, cluster_id))
            groups[(batch, bool(ok), (detail or "")[:MAX_DETAIL], at or now)].append(cluster_id)
    done: list[int] = []
    received: dict[tuple, list[int]] = defaultdict(list)
    kinds: dict[str, tuple | None] = {}
    for (batch, ok, detail, at), cluster_ids in groups.items():
        if batch not in kinds:
            kinds[batch] = Command.objects.filter(batch=batch).values_list(
                "kind", "emergency_id").first()
        if kinds[batch] is None:
            continue  # no such batch
        kind, emergency_id = kinds[batch]
        for start in range(0, len(cluster_ids), BATCH_SIZE):
            rows = _update_in(Command, {"acked_at": at, "ack_ok": ok, "ack_detail": detail},
                              {"batch": batch, "acked_at": None}, "cluster_id",
                              cluster_ids[start:start + BATCH_SIZE],
                              returning=("id", "cluster_id"))
            done += [pk for pk, _ in rows]
            if kind == Command.PLAY_EMERGENCY and emergency_id and rows:
                received[(emergency_id, ok, detail, at)] += [c for _, c in rows]
    return done, received


def cluster_ids(device_ids: set[str]) -> dict[str, int]:
    """{device id: cluster id} of the active clusters among `device_ids`, in SQL (the
    listener looks up thousands of acks' devices at once)."""
    found: dict[str, int] = {}
    ids = sorted(device_ids)
    quote = connection.ops.quote_name
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start:start + BATCH_SIZE]
        sql = (f"SELECT {quote('device_id')}, {quote('id')} "  # noqa: S608 - names from the model
               f"FROM {quote(Cluster._meta.db_table)} WHERE {quote('active')} = %s AND "
               f"{quote('device_id')} IN ({', '.join(['%s'] * len(chunk))})")
        with connection.cursor() as cursor:
            cursor.execute(sql, [True, *chunk])
            found.update(cursor.fetchall())
    return found


def _update_in(model, values: dict, where: dict, column: str, ids: list[int],
               returning: tuple[str, ...] = ()):
    """UPDATE model SET values WHERE where (None: IS NULL) AND column IN ids [RETURNING
    ...]: the rows' count, or the returned rows. For the thousands of ids of an emergency's
    acks, which Django's IN lookup would prepare one by one. Names come from the model,
    values are parameters."""
    quote = connection.ops.quote_name
    fields = {f.attname: f for f in model._meta.concrete_fields}
    sets, params = [], []
    for name, value in values.items():
        sets.append(f"{quote(fields[name].column)} = %s")
        params.append(fields[name].get_db_prep_save(value, connection))
    conditions = []
    for name, value in where.items():
        if value is None:
            conditions.append(f"{quote(fields[name].column)} IS NULL")
        else:
            conditions.append(f"{quote(fields[name].column)} = %s")
            params.append(fields[name].get_db_prep_save(value, connection))
    conditions.append(f"{quote(fields[column].column)} IN ({', '.join(['%s'] * len(ids))})")
    params.extend(ids)
    sql = (f"UPDATE {quote(model._meta.db_table)} SET {', '.join(sets)} "  # noqa: S608
           f"WHERE {' AND '.join(conditions)}")
    if returning:
        sql += " RETURNING " + ", ".join(quote(fields[name].column) for name in returning)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if returning else cursor.rowcount


def _deliveries_received(groups: dict[tuple, list[int]]) -> None:
    """An emergency's delivery is received with a good ack, failed with a bad one:
    {(message id, ok, detail, at): [cluster id, ...]}."""
    for (message_id, ok, detail, at), cluster_ids in groups.items():
        detail = detail or ("" if ok else "Thiết bị không thực hiện được lệnh.")
        for start in range(0, len(cluster_ids), BATCH_SIZE):
            chunk = cluster_ids[start:start + BATCH_SIZE]
            # In SQL: Django would prepare each of the thousand ids of the IN list.
            if ok:
                changed = _update_in(EmergencyDelivery, {"received_at": at},
                                     {"message_id": message_id, "received_at": None},
                                     "cluster_id", chunk)
            else:
                changed = _update_in(EmergencyDelivery, {"failed_at": at, "detail": detail},
                                     {"message_id": message_id, "failed_at": None},
                                     "cluster_id", chunk)
            if changed == len(chunk):
                continue  # every cluster had its row
            rows = EmergencyDelivery.objects.filter(message_id=message_id,
                                                    cluster_id__in=chunk)
            # A command issued for the message outside `emergency.send` (a resend to one
            # cluster, say) has no delivery row yet: the ack creates it.
            missing = set(chunk) - set(rows.values_list("cluster_id", flat=True))
            if missing:
                EmergencyDelivery.objects.bulk_create(
                    [EmergencyDelivery(message_id=message_id, cluster_id=cluster_id,
                                       received_at=at if ok else None,
                                       failed_at=None if ok else at, detail=detail)
                     for cluster_id in missing], ignore_conflicts=True)
