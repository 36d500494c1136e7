"""What devices send and receive, whatever the transport (HTTP or MQTT).

- `parse_heartbeat` / `record_heartbeat`: a device's state, one row per cluster.
- `record_logs`: play events, stored idempotently by (cluster, play_key); a batch is
  accepted entry by entry, and a refused entry stores nothing.
- `schedule_document`: the timetable a device follows for the coming days, with the audio
  it must download (URL, size, SHA-256), and its ETag.

Message bodies are described in docs/device-protocol.md and docs/device-api.yaml.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import plays, timetable
from .models import (
    Cluster,
    Command,
    DeviceState,
    EmergencyDelivery,
    EmergencyMessage,
    PlayLog,
    PlayOutcome,
    Programme,
    Schedule,
)

PLAYING_RE = re.compile(r"^(programme|emergency):[0-9]{1,12}$")
MAX_LOG_ENTRIES = 500
# Play times a device reports must be plausible: not before the protocol existed, nor more
# than a day ahead of the server's clock.
EARLIEST_EVENT = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
FUTURE_SLACK = dt.timedelta(days=1)
DELIVERY_FORMAT = {"codec": "mp3", "channels": 1, "sample_rate": 44100, "bitrate": 64000}


class ReportError(ValueError):
    """A refused report; `errors` maps each wrong field to a Vietnamese message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


# --- Field checks ---------------------------------------------------------------------------


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _percent(data, name, errors, clean):
    value = data.get(name)
    if not _is_int(value) or not 0 <= value <= 100:
        errors[name] = "Phải là số nguyên từ 0 đến 100."
    else:
        clean[name] = value


def _text(data, name, limit, errors, clean, *, required=False):
    if name not in data or data[name] is None:
        if required:
            errors[name] = "Thiếu trường này."
        else:
            clean[name] = ""
        return
    value = data[name]
    if not isinstance(value, str):
        errors[name] = "Phải là chuỗi ký tự."
    elif len(value) > limit:
        errors[name] = f"Dài quá {limit} ký tự."
    else:
        clean[name] = value


def _when(value) -> dt.datetime | None:
    """An ISO 8601 date-time with an offset (or Z), else None."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        return None
    if parsed is None or parsed.tzinfo is None:
        return None
    return parsed


def _optional_id(data, name, errors, clean):
    value = data.get(name)
    if value is None:
        clean[name] = None
    elif not _is_int(value) or value <= 0:
        errors[name] = "Phải là mã số (số nguyên dương) hoặc null."
    else:
        clean[name] = value


# --- Heartbeats -----------------------------------------------------------------------------


def parse_heartbeat(data) -> dict:
    """The checked heartbeat: power, playing, volume, signal, firmware, fault,
    schedule_etag, sent_at (a datetime or None). Unknown keys are ignored."""
    if not isinstance(data, dict):
        raise ReportError({"body": "Nhịp báo phải là một đối tượng JSON."})
    errors: dict[str, str] = {}
    clean: dict = {}
    if not isinstance(data.get("power"), bool):
        errors["power"] = "Phải là true hoặc false."
    else:
        clean["power"] = data["power"]
    playing = data.get("playing", "")
    if playing is None:
        playing = ""
    if not isinstance(playing, str) or (playing and not PLAYING_RE.match(playing)):
        errors["playing"] = 'Phải để trống hoặc có dạng "programme:<mã>" / "emergency:<mã>".'
    else:
        clean["playing"] = playing
    _percent(data, "volume", errors, clean)
    _percent(data, "signal", errors, clean)
    _text(data, "firmware", 64, errors, clean, required=True)
    _text(data, "fault", 255, errors, clean)
    _text(data, "schedule_etag", 64, errors, clean)
    sent_at = data.get("sent_at")
    if sent_at is None:
        clean["sent_at"] = None
    elif (parsed := _when(sent_at)) is None:
        errors["sent_at"] = "Phải là thời điểm ISO 8601 có múi giờ."
    else:
        clean["sent_at"] = parsed
    if errors:
        raise ReportError(errors)
    return clean


STATE_FIELDS = ("power", "playing", "volume", "signal", "firmware", "fault")


def record_heartbeat(cluster: Cluster, clean: dict, at: dt.datetime | None = None
                     ) -> DeviceState:
    """Store what the device said (one UPDATE, an INSERT the first time)."""
    values = {name: clean[name] for name in STATE_FIELDS if name in clean}
    values["last_seen"] = at or timezone.now()
    if clean.get("schedule_etag"):
        values["schedule_etag"] = clean["schedule_etag"]
    if not DeviceState.objects.filter(cluster=cluster).update(**values):
        try:
            with transaction.atomic():
                return DeviceState.objects.create(cluster=cluster, **values)
        except IntegrityError:  # created meanwhile by another request of the same device
            DeviceState.objects.filter(cluster=cluster).update(**values)
    return DeviceState(cluster=cluster, **values)


# --- Play logs ------------------------------------------------------------------------------

EVENTS = {e.value for e in PlayOutcome}
FINAL = {PlayOutcome.FINISHED, PlayOutcome.FAILED, PlayOutcome.INTERRUPTED}


def _parse_entry(entry, now: dt.datetime) -> dict:
    if not isinstance(entry, dict):
        raise ReportError({"entry": "Mỗi bản ghi phải là một đối tượng JSON."})
    errors: dict[str, str] = {}
    clean: dict = {}
    key = entry.get("play_key")
    if not isinstance(key, str) or not key.strip() or len(key) > 128:
        errors["play_key"] = "Phải là chuỗi ký tự từ 1 đến 128 ký tự."
    else:
        clean["play_key"] = key
    event = entry.get("event")
    if event not in EVENTS:
        errors["event"] = "Phải là started, finished, failed hoặc interrupted."
    else:
        clean["event"] = event
    at = _when(entry.get("at"))
    if at is None:
        errors["at"] = "Phải là thời điểm ISO 8601 có múi giờ."
    elif not EARLIEST_EVENT <= at <= now + FUTURE_SLACK:
        errors["at"] = "Thời điểm không hợp lý (quá xa so với giờ máy chủ)."
    else:
        clean["at"] = at
    for name in ("programme", "schedule", "emergency"):
        _optional_id(entry, name, errors, clean)
    scheduled = entry.get("scheduled_start")
    if scheduled is None:
        clean["scheduled_start"] = None
    elif (parsed := _when(scheduled)) is None:
        errors["scheduled_start"] = "Phải là thời điểm ISO 8601 có múi giờ hoặc null."
    else:
        clean["scheduled_start"] = parsed
    _text(entry, "detail", 255, errors, clean)
    if errors:
        raise ReportError(errors)
    return clean


def _merge(row: PlayLog, entry: dict) -> bool:
    """Apply one event to a play's row; True when something changed. The first start and
    the first end win, and a final outcome is never turned back into "started"."""
    before = (row.started_at, row.ended_at, row.outcome, row.detail, row.programme_id,
              row.schedule_id, row.emergency_id, row.scheduled_start)
    event, at = entry["event"], entry["at"]
    if event == PlayOutcome.STARTED:
        if row.started_at is None:
            row.started_at = at
    else:
        if row.ended_at is None:
            row.ended_at = at
        if row.outcome not in FINAL:
            row.outcome = event
    if entry["detail"] and not row.detail:
        row.detail = entry["detail"]
    for name in ("programme", "schedule", "emergency"):
        if entry[name] is not None and getattr(row, f"{name}_id") is None:
            setattr(row, f"{name}_id", entry[name])
    if entry["scheduled_start"] is not None and row.scheduled_start is None:
        row.scheduled_start = entry["scheduled_start"]
    after = (row.started_at, row.ended_at, row.outcome, row.detail, row.programme_id,
             row.schedule_id, row.emergency_id, row.scheduled_start)
    return before != after


def _known_ids(cluster: Cluster, parsed: dict[int, dict]) -> dict[str, set[int]]:
    wanted = {name: {e[name] for e in parsed.values() if e[name] is not None}
              for name in ("programme", "schedule", "emergency")}
    known = {"programme": set(), "schedule": set(), "emergency": set()}
    if wanted["programme"]:
        known["programme"] = set(Programme.objects.filter(
            pk__in=wanted["programme"]).values_list("pk", flat=True))
    if wanted["schedule"]:
        known["schedule"] = set(Schedule.objects.filter(
            pk__in=wanted["schedule"]).values_list("pk", flat=True))
    if wanted["emergency"]:
        # Only emergencies sent to this cluster: a delivery row or a command for it.
        ids = wanted["emergency"]
        known["emergency"] = set(EmergencyDelivery.objects.filter(
            cluster=cluster, message_id__in=ids).values_list("message_id", flat=True)) | set(
            Command.objects.filter(cluster=cluster, emergency_id__in=ids)
            .values_list("emergency_id", flat=True))
    return known


UNKNOWN = {"programme": "Không có chương trình này.", "schedule": "Không có lịch phát này.",
           "emergency": "Không có tin khẩn cấp này gửi tới cụm loa."}


def record_logs(cluster: Cluster, entries) -> tuple[int, dict[int, dict]]:
    """Store the valid play events of a batch; the number accepted and the errors (by the
    entry's index) of the refused ones. Resending an accepted event changes nothing."""
    if not isinstance(entries, list):
        raise ReportError({"body": "Nhật ký phát phải là một danh sách JSON."})
    if len(entries) > MAX_LOG_ENTRIES:
        raise ReportError({"body": f"Mỗi lần gửi tối đa {MAX_LOG_ENTRIES} bản ghi."})
    now = timezone.now()
    errors: dict[int, dict] = {}
    parsed: dict[int, dict] = {}
    for index, entry in enumerate(entries):
        try:
            parsed[index] = _parse_entry(entry, now)
        except ReportError as exc:
            errors[index] = exc.errors
    known = _known_ids(cluster, parsed)
    for index, entry in list(parsed.items()):
        wrong = {name: UNKNOWN[name] for name in UNKNOWN
                 if entry[name] is not None and entry[name] not in known[name]}
        if wrong:
            errors[index] = wrong
            del parsed[index]
    if parsed:
        for attempt in (1, 2):
            try:
                _store(cluster, list(parsed.values()))
                break
            except IntegrityError:  # the same new play stored meanwhile: merge into it
                if attempt == 2:
                    raise
    return len(parsed), errors


def _store(cluster: Cluster, entries: list[dict]) -> None:
    keys = {e["play_key"] for e in entries}
    with transaction.atomic():
        rows = {row.play_key: row for row in PlayLog.objects.filter(cluster=cluster,
                                                                    play_key__in=keys)}
        new_keys, changed = set(), set()
        for entry in entries:
            row = rows.get(entry["play_key"])
            if row is None:
                row = rows[entry["play_key"]] = PlayLog(cluster=cluster,
                                                        play_key=entry["play_key"])
                new_keys.add(row.play_key)
            if _merge(row, entry) and row.play_key not in new_keys:
                changed.add(row.play_key)
        if new_keys:
            PlayLog.objects.bulk_create([rows[k] for k in new_keys])
        if changed:
            now = timezone.now()
            for key in changed:
                rows[key].received_at = now
            PlayLog.objects.bulk_update(
                [rows[k] for k in changed],
                ["started_at", "ended_at", "outcome", "detail", "programme", "schedule",
                 "emergency", "scheduled_start", "received_at"])
        _update_deliveries(cluster, entries)


def _update_deliveries(cluster: Cluster, entries: list[dict]) -> None:
    """Started: the first start; finished: the last finish (an emergency repeats);
    failed or interrupted: the first failure."""
    by_message: dict[int, list[dict]] = {}
    for entry in entries:
        if entry["emergency"] is not None:
            by_message.setdefault(entry["emergency"], []).append(entry)
    if not by_message:
        return
    deliveries = {d.message_id: d for d in EmergencyDelivery.objects.select_for_update()
                  .filter(cluster=cluster, message_id__in=by_message)}
    for message_id, events in by_message.items():
        delivery = deliveries.get(message_id)
        if delivery is None:
            delivery, _ = EmergencyDelivery.objects.get_or_create(message_id=message_id,
                                                                  cluster=cluster)
        changed = set()
        for entry in events:
            at, event = entry["at"], entry["event"]
            if event == PlayOutcome.STARTED:
                if delivery.started_at is None or at < delivery.started_at:
                    delivery.started_at = at
                    changed.add("started_at")
            elif event == PlayOutcome.FINISHED:
                if delivery.finished_at is None or at > delivery.finished_at:
                    delivery.finished_at = at
                    changed.add("finished_at")
            elif delivery.failed_at is None:
                delivery.failed_at = at
                delivery.detail = entry["detail"] or PlayOutcome(event).label
                changed |= {"failed_at", "detail"}
        if changed:
            delivery.save(update_fields=sorted(changed))


# --- Schedule document ----------------------------------------------------------------------


def audio_path(programme_id: int) -> str:
    return reverse("device_api:audio", args=[programme_id])


def _item(programme: Programme) -> dict:
    item = {"programme": programme.pk, "title": programme.title, "kind": programme.kind,
            "audio_url": None, "size": None, "sha256": None, "duration": None,
            "stream_url": None}
    if programme.kind == Programme.RELAY:
        item["stream_url"] = programme.stream_url
        item["duration"] = programme.duration_seconds
    elif programme.delivery_ready:
        item.update(audio_url=audio_path(programme.pk), size=programme.delivery_size,
                    sha256=programme.delivery_sha256,
                    duration=round(programme.delivery_seconds or 0, 3)
                    or programme.duration_seconds)
    else:
        item["duration"] = programme.duration_seconds
    return item


def play_key(schedule_id: int | None, start: dt.datetime) -> str:
    """The key a device should log a scheduled play under."""
    return f"s{schedule_id or 0}@{start.astimezone(timetable.TZ).isoformat()}"


VERSION_KEY = "broadcast:schedule-version"
DOCUMENT_SECONDS = 300


def schedule_version() -> int:
    """A number that changes whenever anything a schedule document shows may have changed
    (see `bump_schedule_version`)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.randbelow(1 << 40), None)
        version = cache.get(VERSION_KEY, 0)
    return version


def bump_schedule_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, secrets.randbelow(1 << 40), None)


def schedule_document(cluster: Cluster, start_date: dt.date, days: int) -> tuple[dict, str]:
    """The plays of `cluster` from `start_date` 00:00 local time for `days` days, and an
    ETag that changes exactly when the document (apart from `generated_at`) changes.

    Devices ask every few minutes and the answer rarely changes, so a built document is
    kept in the cache under the current schedule version (bumped by any change to
    schedules, programmes, playlists, clusters or groups) for at most five minutes."""
    key = f"broadcast:schedule-doc:{cluster.pk}:{start_date.isoformat()}:{days}:" \
          f"{schedule_version()}"
    found = cache.get(key)
    if found is not None:
        return found
    result = _build_document(cluster, start_date, days)
    cache.set(key, result, DOCUMENT_SECONDS)
    return result


def _build_document(cluster: Cluster, start_date: dt.date, days: int) -> tuple[dict, str]:
    start = timetable.local(start_date, dt.time(0, 0))
    end = start + dt.timedelta(days=days)
    found = plays.device_timetable(cluster, start, end)
    ids = {pk for play in found for pk in (play.programme or ())}
    programmes = {p.pk: p for p in Programme.objects.filter(pk__in=ids).only(
        "pk", "title", "kind", "stream_url", "audio", "duration_seconds", "delivery",
        "delivery_source", "delivery_size", "delivery_sha256", "delivery_seconds")}
    entries = []
    for play in found:
        entries.append({
            "key": play_key(play.schedule, play.start),
            "schedule": play.schedule,
            "name": play.schedule_name,
            "priority": play.priority,
            "power_on": play.power_on.isoformat(),
            "start": play.start.isoformat(),
            "end": play.end.isoformat(),
            "power_off": play.power_off.isoformat(),
            "interrupted": play.interrupted,
            "items": [_item(programmes[pk]) for pk in (play.programme or ())
                      if pk in programmes],
        })
    document = {
        "device": cluster.device_id,
        "cluster": cluster.pk,
        "station": cluster.station_id,
        "timezone": str(timetable.TZ),
        "from": start.isoformat(),
        "until": end.isoformat(),
        "format": DELIVERY_FORMAT,
        "plays": entries,
    }
    etag = hashlib.sha256(json.dumps(document, sort_keys=True, ensure_ascii=False)
                          .encode()).hexdigest()[:32]
    document["generated_at"] = timezone.now().isoformat()
    return document, etag


def allowed_programmes(cluster: Cluster, today: dt.date) -> set[int]:
    """Programmes `cluster` may download: those of its timetable from yesterday to a week
    ahead, and those of emergencies sent to it that were not cancelled."""
    start = timetable.local(today - dt.timedelta(days=1), dt.time(0, 0))
    found = plays.device_timetable(cluster, start, start + dt.timedelta(days=9))
    ids = {pk for play in found for pk in (play.programme or ())}
    ids |= set(Command.objects.filter(cluster=cluster, emergency__isnull=False)
               .exclude(emergency__state=EmergencyMessage.CANCELLED)
               .values_list("emergency__programme_id", flat=True))
    return ids


def _changed(sender, **kwargs):
    if kwargs.get("raw"):
        return
    bump_schedule_version()
    # Parental many-to-many links (a schedule's clusters, a group's clusters) are written
    # after post_save: bump again once the transaction is over.
    transaction.on_commit(bump_schedule_version)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from .models import ClusterGroup, Playlist, PlaylistItem, ScheduleException, ScheduleSlot

    for model in (Schedule, ScheduleSlot, ScheduleException, Programme, Playlist,
                  PlaylistItem, Cluster, ClusterGroup):
        for signal in (post_save, post_delete):
            signal.connect(_changed, sender=model,
                           dispatch_uid=f"broadcast_schedule_version_{model.__name__}_"
                                        f"{signal is post_save}")
