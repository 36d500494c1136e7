"""Cluster states and alerts: offline, fault and missed scheduled plays are raised once and
resolved when their cause goes away."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings

from bantin.broadcast import monitoring
from bantin.broadcast.models import Alert, Cluster, DeviceState, PlayLog
from bantin.broadcast.timetable import TZ
from tests.broadcast import broadcast_world
from tests.broadcast.broadcast_world import make_programme, make_schedule

pytestmark = pytest.mark.django_db
world = broadcast_world.world

# 06:00 on 2 Dec 2026 in Hanoi; the demo schedule plays 06:00-06:30 daily from 1 Dec.
SIX = dt.datetime(2026, 12, 2, 6, 0, tzinfo=TZ)


def seen(cluster, at, **fields):
    DeviceState.objects.update_or_create(cluster=cluster, defaults={"last_seen": at, **fields})


def check(at):
    return monitoring.check_alerts.call(now=at.isoformat())


def open_alerts(kind=None):
    alerts = Alert.objects.filter(resolved_at__isnull=True)
    return alerts.filter(kind=kind) if kind else alerts


def test_the_state_follows_the_last_heartbeat(world):
    now = SIX
    a1, a2 = world["clusters"]["a"]
    b1, b2 = world["clusters"]["b"]
    assert monitoring.cluster_state(a1, now) == monitoring.NEVER
    seen(a1, now - dt.timedelta(seconds=179))
    seen(a2, now - dt.timedelta(seconds=181))
    seen(b1, now - dt.timedelta(seconds=10), playing="programme:3")
    seen(b2, now - dt.timedelta(seconds=10), playing="programme:3", fault="Mất loa 2")
    states = {c.pk: c.monitor_state for c in monitoring.with_state(Cluster.objects, now)}
    assert states[a1.pk] == monitoring.ONLINE
    assert states[a2.pk] == monitoring.OFFLINE
    assert states[b1.pk] == monitoring.PLAYING
    assert states[b2.pk] == monitoring.FAULT
    for cluster in (a1, a2, b1, b2):
        cluster.refresh_from_db()
        assert monitoring.cluster_state(cluster, now) == states[cluster.pk]
    with override_settings(BANTIN_HEARTBEAT_OFFLINE_SECONDS=600):
        assert monitoring.state_of(now - dt.timedelta(seconds=181), now=now) == monitoring.ONLINE
    counts = monitoring.state_counts(Cluster.objects.all(), now)
    assert counts == {"online": 1, "playing": 1, "fault": 1, "offline": 1, "never": 2}  # the hub's


def test_offline_and_fault_alerts_open_once_and_resolve(world):
    a1, a2 = world["clusters"]["a"]
    seen(a1, SIX - dt.timedelta(minutes=10))
    seen(a2, SIX, fault="Bộ khuếch đại quá nhiệt")
    assert check(SIX) == {"raised": 2, "resolved": 0}
    assert check(SIX + dt.timedelta(seconds=30)) == {"raised": 0, "resolved": 0}
    assert open_alerts(Alert.OFFLINE).get().cluster == a1
    fault = open_alerts(Alert.FAULT).get()
    assert fault.cluster == a2 and fault.detail == "Bộ khuếch đại quá nhiệt"
    # A cluster never seen raises nothing; an inactive one neither.
    assert not open_alerts().filter(cluster__in=world["clusters"]["b"]).exists()

    later = SIX + dt.timedelta(minutes=1)
    seen(a1, later)
    seen(a2, later, fault="")
    assert check(later) == {"raised": 0, "resolved": 2}
    assert not open_alerts().exists()
    assert Alert.objects.filter(resolved_at=later).count() == 2

    # Offline again: a new alert, the old one stays resolved.
    much_later = later + dt.timedelta(minutes=5)
    check(much_later)
    assert Alert.objects.filter(cluster=a1, kind=Alert.OFFLINE).count() == 2
    a1.active = False
    a1.save()
    check(much_later + dt.timedelta(seconds=30))
    assert not open_alerts().filter(cluster=a1).exists()
    # A station taken off the air: its clusters raise nothing and their alerts close.
    seen(a2, much_later - dt.timedelta(hours=1))
    check(much_later + dt.timedelta(seconds=40))
    assert open_alerts().filter(cluster=a2, kind=Alert.OFFLINE).exists()
    a2.station.active = False
    a2.station.save()
    check(much_later + dt.timedelta(seconds=50))
    assert not open_alerts().exists()


def test_the_database_refuses_a_second_open_alert(world):
    cluster = world["clusters"]["a"][0]
    Alert.objects.create(cluster=cluster, kind=Alert.OFFLINE, raised_at=SIX)
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(cluster=cluster, kind=Alert.OFFLINE, raised_at=SIX)
    Alert.objects.create(cluster=cluster, kind=Alert.MISSED_PLAY, raised_at=SIX,
                         scheduled_start=SIX)
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(cluster=cluster, kind=Alert.MISSED_PLAY, raised_at=SIX,
                             scheduled_start=SIX)


@pytest.fixture
def scheduled(world):
    moderator = world["people"]["a-moderators"]
    station = world["stations"]["a"]
    programme = make_programme(station, approve_by=moderator)
    a1, a2 = world["clusters"]["a"]
    approved = make_schedule(station, programme, [a1, a2], approve_by=moderator)
    # A draft schedule at 06:10 on cluster b1: never expected to play.
    make_schedule(world["stations"]["b"], make_programme(world["stations"]["b"]),
                  [world["clusters"]["b"][0]], slots=((dt.time(6, 10), 10),))
    return {"schedule": approved, "programme": programme, "clusters": (a1, a2)}


def test_a_scheduled_play_not_started_raises_an_alert_after_the_grace(world, scheduled):
    a1, a2 = scheduled["clusters"]
    for cluster in (a1, a2, *world["clusters"]["b"]):
        seen(cluster, SIX + dt.timedelta(minutes=4, seconds=30))
    PlayLog.objects.create(cluster=a1, play_key="k1", started_at=SIX + dt.timedelta(seconds=20),
                           scheduled_start=SIX, schedule=scheduled["schedule"])
    # Within the grace period: nothing yet.
    assert check(SIX + dt.timedelta(minutes=4))["raised"] == 0
    result = check(SIX + dt.timedelta(minutes=5, seconds=1))
    assert result["raised"] == 1
    alert = open_alerts(Alert.MISSED_PLAY).get()
    assert alert.cluster == a2 and alert.scheduled_start == SIX
    assert "Lịch sáng" in alert.detail and "06:00 02/12/2026" in alert.detail
    # Again and again: still one alert, also after staff resolved it.
    check(SIX + dt.timedelta(minutes=6))
    Alert.objects.filter(pk=alert.pk).update(resolved_at=SIX + dt.timedelta(minutes=6))
    check(SIX + dt.timedelta(minutes=7))
    assert Alert.objects.filter(kind=Alert.MISSED_PLAY).count() == 1


def test_a_late_log_resolves_a_missed_play(world, scheduled):
    a1, a2 = scheduled["clusters"]
    for cluster in (a1, a2):
        seen(cluster, SIX + dt.timedelta(minutes=9))
    check(SIX + dt.timedelta(minutes=10))
    assert open_alerts(Alert.MISSED_PLAY).count() == 2
    # a2's device was cut off and sends its log afterwards.
    PlayLog.objects.create(cluster=a2, play_key="late", started_at=SIX + dt.timedelta(seconds=5),
                           scheduled_start=SIX)
    result = check(SIX + dt.timedelta(minutes=11))
    assert result["resolved"] == 1
    assert list(open_alerts(Alert.MISSED_PLAY).values_list("cluster", flat=True)) == [a1.pk]


def test_a_log_without_scheduled_start_counts_when_close_to_the_start(world, scheduled):
    a1, a2 = scheduled["clusters"]
    PlayLog.objects.create(cluster=a1, play_key="x", started_at=SIX - dt.timedelta(seconds=40))
    PlayLog.objects.create(cluster=a2, play_key="y", started_at=SIX + dt.timedelta(minutes=6))
    check(SIX + dt.timedelta(minutes=20))
    assert list(open_alerts(Alert.MISSED_PLAY).values_list("cluster", flat=True)) == [a2.pk]


def test_plays_older_than_an_hour_and_unapproved_schedules_raise_nothing(world, scheduled):
    check(SIX + dt.timedelta(minutes=61))
    assert not open_alerts(Alert.MISSED_PLAY).exists()
    # An approved schedule edited since (back to "submitted") plays nothing either.
    schedule = scheduled["schedule"]
    schedule.clusters = [scheduled["clusters"][0]]
    schedule.save()
    check(SIX + dt.timedelta(days=1, minutes=10))
    assert not open_alerts(Alert.MISSED_PLAY).exists()


def test_check_alerts_is_a_periodic_job(settings):
    assert "bantin.broadcast.monitoring.check_alerts" in settings.BANTIN_PERIODIC_TASKS
    assert monitoring.check_alerts.call()["raised"] == 0


def _network(world, size, moderator):
    station = world["stations"]["a"]
    clusters = Cluster.objects.bulk_create(
        Cluster(station=station, name=f"Cụm số {i}", device_id=f"so-{size}-{i}")
        for i in range(size))
    DeviceState.objects.bulk_create(
        DeviceState(cluster=c, last_seen=SIX - dt.timedelta(minutes=i % 7),
                    fault="Lỗi" if i % 5 == 0 else "") for i, c in enumerate(clusters))
    make_schedule(station, make_programme(station, approve_by=moderator), clusters,
                  name=f"Lịch {size}", approve_by=moderator)


def test_check_alerts_needs_the_same_queries_for_any_network_size(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    moderator = world["people"]["a-moderators"]
    _network(world, 20, moderator)
    with CaptureQueriesContext(connection) as small:
        first = check(SIX + dt.timedelta(minutes=10))
    Alert.objects.all().delete()
    _network(world, 200, moderator)
    with CaptureQueriesContext(connection) as large:
        second = check(SIX + dt.timedelta(minutes=10))
    assert second["raised"] > first["raised"] > 0

    def reads(queries):  # inserts come in batches (SQLite binds at most 999 values at once)
        return [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("INSERT")]

    assert len(reads(large)) == len(reads(small)) <= 10
