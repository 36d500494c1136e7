"""Emergency messages: sent at once to chosen clusters, groups, stations or every cluster
within the sender station's reach, played over whatever plays, repeated as set, and
reported per cluster (received, started, finished, failed).

Sending is the approval: only a moderator of the station's unit (or of a unit above it),
or a superuser, may send or cancel, as for approving programmes (`approval.can_decide`);
the programme itself must be approved and have audio. A station reaches the clusters of
its own unit and of the units below it, never another unit's. Each send and cancel is
written to Wagtail's audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log

from bantin.core.sites import under
from bantin.units import access

from . import commands
from .log_actions import CANCEL, COMMAND, SEND
from .models import Cluster, Command, EmergencyDelivery, EmergencyMessage

AUDIO_PATH = "/api/devices/v1/audio/{id}"


def can_send(user, message: EmergencyMessage) -> bool:
    return bool(user.is_active and (user.is_superuser or access.can_manage(
        user, message.station, moderators_only=True)))


def reach(station) -> Q:
    """Clusters a station's messages may reach: its unit's and the units' below."""
    return under([station.site.root_page.path], "station__site__root_page__path")


def targets(message: EmergencyMessage):
    """The active clusters `message` goes to, within its station's reach."""
    chosen = Q(pk__in=[])
    if message.to_all:
        chosen = Q()
    else:
        if message.pk:
            chosen |= Q(station__in=message.stations.all())
            chosen |= Q(groups__in=message.groups.all())
            chosen |= Q(pk__in=message.clusters.all())
    ids = Cluster.objects.filter(chosen).values("pk")
    return (Cluster.objects.filter(pk__in=ids, active=True, station__active=True)
            .filter(reach(message.station)).select_related("station").order_by("pk"))


def payload_of(message: EmergencyMessage) -> dict:
    programme = message.programme
    return {
        "programme": programme.pk,
        "title": message.title,
        "audio_url": AUDIO_PATH.format(id=programme.pk),
        "size": programme.delivery_size if programme.delivery_ready else None,
        "sha256": programme.delivery_sha256 if programme.delivery_ready else "",
        "duration_seconds": round(programme.delivery_seconds or programme.duration_seconds
                                  or 0) or None,
        "repeat_count": message.repeat_count,
        "repeat_gap_seconds": message.repeat_gap_seconds,
        "priority": "emergency",
    }


def check_programme(message: EmergencyMessage) -> None:
    programme = message.programme
    if not programme.is_approved:
        raise ValidationError("Nội dung phát chưa được duyệt: chỉ gửi được chương trình "
                              "đã duyệt.")
    if not programme.playable:
        raise ValidationError("Nội dung phát chưa có âm thanh để thiết bị phát.")
    if programme.kind != programme.RELAY and not programme.delivery_ready:
        raise ValidationError("Âm thanh của nội dung phát đang được chuyển sang định dạng phát "
                              "cho thiết bị (hoặc chuyển bị lỗi: xem chương trình); gửi lại "
                              "sau ít phút.")


def send(message: EmergencyMessage, user) -> int:
    """Sends `message` now: one delivery row and one play_emergency command per cluster,
    pushed over MQTT once committed. Returns the number of clusters. Raises
    PermissionDenied or ValidationError."""
    if not can_send(user, message):
        raise PermissionDenied
    with transaction.atomic():
        message = EmergencyMessage.objects.select_for_update(of=("self",)).select_related(
            "programme", "station__site__root_page").get(pk=message.pk)
        if message.state != EmergencyMessage.DRAFT:
            raise ValidationError("Tin này đã được gửi.")
        if not access.can_manage(user, message.programme):
            raise PermissionDenied
        check_programme(message)
        clusters = targets(message).order_by()
        if not clusters.exists():
            raise ValidationError("Không có cụm loa nào đang dùng trong các nơi đã chọn.")
        now = timezone.now()
        message.state, message.sent_by, message.sent_at = EmergencyMessage.SENT, user, now
        message.save(update_fields=["state", "sent_by", "sent_at"])
        # Set-based: one INSERT ... SELECT each for the deliveries and the commands, so
        # 10,000 clusters cost two statements, not 20,000 objects.
        count = commands.insert_select(EmergencyDelivery, clusters, "cluster_id",
                                       {"message_id": message, "detail": ""})
        commands.issue_to(clusters, Command.PLAY_EMERGENCY, payload_of(message), user=user,
                          emergency=message)
        log(instance=message, action=SEND, user=user,
            data={"clusters": count, "programme": message.programme_id})
    return count


def cancel(message: EmergencyMessage, user) -> int:
    """Stops a sent message: the clusters that have it get a stop command, and those that
    have not fetched it yet never will. Returns the number of clusters."""
    if not can_send(user, message):
        raise PermissionDenied
    with transaction.atomic():
        message = EmergencyMessage.objects.select_for_update().get(pk=message.pk)
        if message.state != EmergencyMessage.SENT:
            raise ValidationError("Chỉ dừng được tin đã gửi và chưa dừng.")
        now = timezone.now()
        message.state, message.cancelled_at = EmergencyMessage.CANCELLED, now
        message.save(update_fields=["state", "cancelled_at"])
        Command.objects.filter(emergency=message, kind=Command.PLAY_EMERGENCY,
                               acked_at__isnull=True, expires_at__gt=now).update(expires_at=now)
        clusters = Cluster.objects.filter(emergency_deliveries__message=message)
        count = commands.issue_to(clusters, Command.STOP, {"emergency": message.pk},
                                  user=user, emergency=message)
        log(instance=message, action=CANCEL, user=user, data={"clusters": count})
    return count


# --- Live control of clusters (stop, volume, power, sync) -----------------------------------

LIVE_KINDS = [Command.STOP, Command.VOLUME, Command.POWER_ON, Command.POWER_OFF, Command.SYNC]


def can_control(user, obj) -> bool:
    """Editors and moderators of the cluster's (or group's) unit, and units above it."""
    return bool(user.is_active and access.can_manage(user, obj))


def control(clusters, kind: str, user, *, volume: int | None = None,
            target=None) -> list[Command]:
    """Sends a live command to active clusters (`target`, a cluster or group, is what the
    audit log names). Raises PermissionDenied or ValidationError."""
    if kind not in LIVE_KINDS:
        raise ValidationError("Lệnh không hợp lệ.")
    payload = {}
    if kind == Command.VOLUME:
        if volume is None or not 0 <= volume <= 100:
            raise ValidationError("Âm lượng phải từ 0 đến 100.")
        payload["volume"] = volume
    clusters = [c for c in clusters if c.active]
    if not clusters:
        raise ValidationError("Không có cụm loa nào đang dùng để nhận lệnh.")
    if any(not can_control(user, c) for c in clusters):
        raise PermissionDenied
    with transaction.atomic():
        issued = commands.issue(clusters, kind, payload, user=user)
        if target is not None:
            log(instance=target, action=COMMAND, user=user,
                data={"kind": kind, "payload": payload, "clusters": len(clusters)})
    return issued


# --- Report ---------------------------------------------------------------------------------


@dataclass
class DeliveryRow:
    delivery: EmergencyDelivery
    seconds_to_ack: float | None


def report(message: EmergencyMessage) -> dict:
    """Counts by state and one row per cluster for the report page."""
    deliveries = list(message.deliveries.select_related("cluster__station")
                      .order_by("cluster__station__name", "cluster__name"))
    counts = {"total": len(deliveries), "pending": 0, "received": 0, "started": 0,
              "finished": 0, "failed": 0}
    rows = []
    for delivery in deliveries:
        counts[delivery.status] += 1
        seconds = None
        if message.sent_at and delivery.received_at:
            seconds = round((delivery.received_at - message.sent_at).total_seconds(), 1)
        rows.append(DeliveryRow(delivery, seconds))
    # "received" counts those that have it at least: started and finished ones too.
    counts["acknowledged"] = sum(1 for d in deliveries if d.received_at)
    return {"counts": counts, "rows": rows}
