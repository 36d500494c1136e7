"""The network as it runs: each cluster's state, and alerts staff should look at.

A cluster is
- "never" (chưa kết nối) until its device sends a first heartbeat;
- "offline" (mất kết nối) when its last heartbeat is older than
  ``BANTIN_HEARTBEAT_OFFLINE_SECONDS`` (180 by default);
- "fault" (báo lỗi) when it is online and its device reports a fault;
- "playing" (đang phát) when it is online and plays something;
- "online" (trực tuyến) otherwise.

`check_alerts` (a periodic job of the worker) opens an `Alert` for each active cluster (of
an active station) that
is offline, reports a fault, or did not start a scheduled play within
``BANTIN_MISSED_PLAY_GRACE_SECONDS`` (300 by default) of its start, and resolves it when the
cause goes away. It works on the whole network in a handful of queries, whatever its size.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.utils import timezone
from django_tasks import task

from . import plays, timetable
from .models import Alert, Approval, Cluster, PlayLog, Schedule

NEVER, OFFLINE, FAULT, PLAYING, ONLINE = "never", "offline", "fault", "playing", "online"
STATES = [(ONLINE, "Trực tuyến"), (PLAYING, "Đang phát"), (FAULT, "Báo lỗi"),
          (OFFLINE, "Mất kết nối"), (NEVER, "Chưa kết nối")]
STATE_LABELS = dict(STATES)
STATE_COLOURS = {ONLINE: "#2e7d32", PLAYING: "#1565c0", FAULT: "#ef6c00",
                 OFFLINE: "#c62828", NEVER: "#757575"}

#: How far back `check_alerts` compares the timetable with the play logs.
MISSED_PLAY_LOOKBACK = dt.timedelta(hours=1)


def offline_after() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "BANTIN_HEARTBEAT_OFFLINE_SECONDS", 180))


def missed_play_grace() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "BANTIN_MISSED_PLAY_GRACE_SECONDS", 300))


def state_of(last_seen: dt.datetime | None, fault: str = "", playing: str = "",
             now: dt.datetime | None = None) -> str:
    """The state of a cluster from what its device last reported."""
    now = now or timezone.now()
    if last_seen is None:
        return NEVER
    if now - last_seen > offline_after():
        return OFFLINE
    if fault:
        return FAULT
    if playing:
        return PLAYING
    return ONLINE


def cluster_state(cluster: Cluster, now: dt.datetime | None = None) -> str:
    device = getattr(cluster, "state", None) if _has_state(cluster) else None
    if device is None:
        return NEVER
    return state_of(device.last_seen, device.fault, device.playing, now)


def _has_state(cluster: Cluster) -> bool:
    try:
        cluster.state  # noqa: B018 - a OneToOne reverse access raises when there is none
    except Cluster.state.RelatedObjectDoesNotExist:
        return False
    return True


def with_state(queryset: QuerySet, now: dt.datetime | None = None) -> QuerySet:
    """Clusters annotated with `monitor_state` (computed by the database, so listings can
    filter, count and paginate 10,000 clusters without loading them)."""
    now = now or timezone.now()
    cutoff = now - offline_after()
    return queryset.annotate(monitor_state=Case(
        When(Q(state__isnull=True) | Q(state__last_seen__isnull=True), then=Value(NEVER)),
        When(state__last_seen__lt=cutoff, then=Value(OFFLINE)),
        When(~Q(state__fault=""), then=Value(FAULT)),
        When(~Q(state__playing=""), then=Value(PLAYING)),
        default=Value(ONLINE), output_field=CharField()))


def state_counts(queryset: QuerySet, now: dt.datetime | None = None) -> dict[str, int]:
    counts = dict.fromkeys(STATE_LABELS, 0)
    from django.db.models import Count

    for row in with_state(queryset, now).order_by().values("monitor_state").annotate(
            n=Count("pk")):
        counts[row["monitor_state"]] = row["n"]
    return counts


# --- The timetable of the whole network -----------------------------------------------------


def network_timetable(start: dt.datetime, end: dt.datetime) -> list[timetable.Play]:
    """`plays.device_timetable` for every cluster at once: what each active cluster plays
    between `start` and `end` (approved schedules of approved, playable programmes,
    priorities resolved), from one query for the schedules and their relations."""
    schedules = plays._with_relations(
        Schedule.objects.filter(approval=Approval.APPROVED)
        .filter(Q(last_date__isnull=True) | Q(last_date__gte=(start - dt.timedelta(days=2))
                                               .astimezone(timetable.TZ).date()))
        .filter(first_date__lte=end.astimezone(timetable.TZ).date())
    )
    specs = []
    for schedule in schedules:
        if not schedule.is_approved:
            continue
        spec = plays.spec_of(schedule, approved_only=True)
        if spec is not None and spec.clusters:
            specs.append(spec)
    return timetable.resolve(timetable.between(specs, start, end))


# --- Alerts ----------------------------------------------------------------------------------


def _missed_plays(now: dt.datetime, cluster_ids: set[int]) -> dict[tuple[int, dt.datetime], str]:
    """(cluster, scheduled start) -> schedule name of each play that should have started in
    the last hour (and at least the grace period ago) and was not reported as started."""
    grace = missed_play_grace()
    due = [p for p in network_timetable(now - MISSED_PLAY_LOOKBACK, now)
           if p.cluster in cluster_ids and now - MISSED_PLAY_LOOKBACK <= p.start <= now - grace]
    if not due:
        return {}
    earliest = min(p.start for p in due) - grace
    logs = PlayLog.objects.filter(
        cluster_id__in={p.cluster for p in due}, started_at__isnull=False,
    ).filter(Q(started_at__gte=earliest) | Q(scheduled_start__gte=earliest))
    started: dict[int, list[tuple[dt.datetime, dt.datetime | None]]] = {}
    for cluster_id, started_at, scheduled_start in logs.values_list(
            "cluster_id", "started_at", "scheduled_start"):
        started.setdefault(cluster_id, []).append((started_at, scheduled_start))
    missed = {}
    for play in due:
        reported = started.get(play.cluster, [])
        if not any(scheduled == play.start or play.start - grace <= at <= play.start + grace
                   for at, scheduled in reported):
            missed[(play.cluster, play.start)] = play.schedule_name
    return missed


@task()
def check_alerts(now: str | None = None) -> dict:
    """Open and resolve alerts for the whole network; returns how many of each.

    `now` (ISO datetime) is for tests and replays; the worker passes nothing.
    """
    moment = dt.datetime.fromisoformat(now) if now else timezone.now()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return _check(moment)


def _check(now: dt.datetime) -> dict:
    cutoff = now - offline_after()
    clusters = {pk: (last_seen, fault) for pk, last_seen, fault in Cluster.objects.filter(
        active=True, station__active=True).values_list("pk", "state__last_seen",
                                                       "state__fault")}
    offline = {pk for pk, (seen, _f) in clusters.items() if seen is not None and seen < cutoff}
    faulty = {pk: fault for pk, (seen, fault) in clusters.items()
              if fault and seen is not None and seen >= cutoff}
    missed = _missed_plays(now, set(clusters))

    open_alerts = list(Alert.objects.filter(resolved_at__isnull=True).values_list(
        "pk", "cluster_id", "kind", "scheduled_start"))
    open_keys = {(cluster, kind, start) for _pk, cluster, kind, start in open_alerts}

    # Causes gone: a cluster back online, a fault cleared, a play reported after all, or a
    # cluster taken out of service.
    resolved = [pk for pk, cluster, kind, _start in open_alerts
                if (kind == Alert.OFFLINE and cluster not in offline)
                or (kind == Alert.FAULT and cluster not in faulty)]
    open_missed = [(pk, cluster, start) for pk, cluster, kind, start in open_alerts
                   if kind == Alert.MISSED_PLAY]
    if open_missed:
        late = set(PlayLog.objects.filter(
            cluster_id__in={c for _pk, c, _s in open_missed},
            scheduled_start__in={s for _pk, _c, s in open_missed},
            started_at__isnull=False,
        ).values_list("cluster_id", "scheduled_start"))
        resolved += [pk for pk, cluster, start in open_missed
                     if (cluster, start) in late or cluster not in clusters]
    if resolved:
        Alert.objects.filter(pk__in=resolved).update(resolved_at=now)

    # A missed play is reported once, even after staff resolved its alert.
    since = now - MISSED_PLAY_LOOKBACK - missed_play_grace()
    reported = set(Alert.objects.filter(
        kind=Alert.MISSED_PLAY, scheduled_start__gte=since,
    ).values_list("cluster_id", "scheduled_start")) if missed else set()
    new = []
    for cluster in sorted(offline):
        if (cluster, Alert.OFFLINE, None) not in open_keys:
            seen = clusters[cluster][0]
            new.append(Alert(cluster_id=cluster, kind=Alert.OFFLINE, raised_at=now,
                             detail=f"Liên lạc lần cuối: "
                                    f"{timezone.localtime(seen):%H:%M %d/%m/%Y}"))
    for cluster, fault in sorted(faulty.items()):
        if (cluster, Alert.FAULT, None) not in open_keys:
            new.append(Alert(cluster_id=cluster, kind=Alert.FAULT, raised_at=now,
                             detail=fault[:255]))
    for (cluster, start), name in sorted(missed.items()):
        if (cluster, start) not in reported:
            new.append(Alert(cluster_id=cluster, kind=Alert.MISSED_PLAY, raised_at=now,
                             scheduled_start=start,
                             detail=f"{name} lúc {timezone.localtime(start):%H:%M %d/%m/%Y}"
                             [:255]))
    # The partial unique constraints keep a second worker from opening the same alert twice.
    Alert.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    return {"raised": len(new), "resolved": len(resolved)}


def open_alert_counts(cluster_ids) -> dict[int, int]:
    from django.db.models import Count

    return dict(Alert.objects.filter(resolved_at__isnull=True, cluster_id__in=cluster_ids)
                .order_by().values_list("cluster_id").annotate(n=Count("pk")))
