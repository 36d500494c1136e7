"""Virtual devices against a live server: they sync, download, play a scheduled programme
by the (accelerated) clock, log it, send heartbeats and answer an emergency command."""

from __future__ import annotations

import datetime as dt
import json
import stat

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from bantin.broadcast import commands, simulator, timetable
from bantin.broadcast.models import (
    DeviceState,
    EmergencyDelivery,
    EmergencyMessage,
    PlayLog,
)
from tests.broadcast import broadcast_world
from tests.broadcast.broadcast_world import make_programme, make_schedule
from tests.broadcast.device_client import schedule_soon, set_delivery

world = broadcast_world.world
AUDIO = bytes(range(256)) * 300


@pytest.mark.live
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simulated_devices_play_and_log_a_scheduled_programme(world, live_server, tmp_path,
                                                               capsys):
    mod = world["people"]["a-moderators"]
    station = world["stations"]["a"]
    clusters = world["clusters"]["a"]
    programme = make_programme(station, title="Bản tin trưa", approve_by=mod)
    set_delivery(programme, AUDIO)
    schedule, start = schedule_soon(station, programme, clusters, mod)
    emergency_programme = make_programme(world["stations"]["hub"], title="Cảnh báo bão",
                                         priority="emergency",
                                         approve_by=world["people"]["hub-moderators"])
    set_delivery(emergency_programme, b"bao" * 500)
    message = EmergencyMessage.objects.create(station=world["stations"]["hub"], title="Bão",
                                              programme=emergency_programme,
                                              state=EmergencyMessage.SENT, repeat_count=2)
    commands.issue([clusters[0]], "play_emergency", {
        "programme": emergency_programme.pk, "repeat_count": 2, "repeat_gap_seconds": 5,
        "duration_seconds": 20, "audio_url": f"/api/devices/v1/audio/{emergency_programme.pk}",
        "size": 1500, "sha256": emergency_programme.delivery_sha256}, emergency=message)
    # The other device is only told the programme: it learns size and checksum by HEAD.
    commands.issue([clusters[1]], "play_emergency", {
        "programme": emergency_programme.pk, "duration_seconds": 10}, emergency=message)

    secrets_file = tmp_path / "devices.json"
    call_command("simulate_devices", "--provision", "--count", "2", "--station",
                 str(station.pk), "--secrets", str(secrets_file))
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
    assert set(json.loads(secrets_file.read_text())) == {c.device_id for c in clusters}
    capsys.readouterr()

    seconds_to_end = (start + dt.timedelta(minutes=1) - timezone.localtime()).total_seconds()
    call_command("simulate_devices", "--count", "2", "--base-url", live_server.url,
                 "--secrets", str(secrets_file), "--speed", "60", "--flaky", "0.2",
                 "--seed", "7", "--duration", str(seconds_to_end / 60 + 3))
    stats = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert stats["devices"] == 2
    assert stats["downloads"] >= 4  # the programme and the emergency on both devices
    assert stats["retries"] > 0  # --flaky dropped requests, and they were sent again

    scheduled = timetable.local(start.date(), start.time())
    for cluster in clusters:
        log = PlayLog.objects.get(cluster=cluster, schedule=schedule)
        assert log.outcome == "finished", (cluster, log.detail)
        assert log.programme_id == programme.pk
        assert log.scheduled_start == scheduled
        assert log.started_at >= scheduled - dt.timedelta(seconds=1)
        assert log.ended_at == scheduled + dt.timedelta(minutes=1)
        state = DeviceState.objects.get(cluster=cluster)
        assert state.firmware == "bantin-sim-1.0"
        assert state.schedule_etag and state.last_seen is not None
    delivery = EmergencyDelivery.objects.get(message=message, cluster=clusters[0])
    assert delivery.received_at and delivery.started_at and delivery.finished_at
    emergency_logs = PlayLog.objects.filter(cluster=clusters[0], emergency=message)
    assert sorted(log.outcome for log in emergency_logs) == ["finished", "finished"]
    (single,) = PlayLog.objects.filter(cluster=clusters[1], emergency=message)
    assert single.outcome == "finished"
    assert EmergencyDelivery.objects.get(message=message, cluster=clusters[1]).status == \
        "finished"


@pytest.mark.django_db
def test_provisioning_needs_enough_clusters(world, tmp_path):
    secrets_file = tmp_path / "devices.json"
    with pytest.raises(CommandError):
        call_command("simulate_devices", "--provision", "--count", "3", "--station",
                     str(world["stations"]["a"].pk), "--secrets", str(secrets_file))
    call_command("simulate_devices", "--provision", "--count", "3", "--station",
                 str(world["stations"]["a"].pk), "--create", "--secrets", str(secrets_file))
    assert len(json.loads(secrets_file.read_text())) == 3
    with pytest.raises(CommandError):
        call_command("simulate_devices", "--count", "1", "--secrets",
                     str(tmp_path / "none.json"))


class CutOnce(simulator.Flakiness):
    """Breaks the first answer halfway, then behaves."""

    def __init__(self):
        super().__init__(0.0)
        self.cuts = 0

    def after(self) -> bool:
        self.cuts += 1
        return self.cuts == 2  # the token's answer arrives; the download breaks


@pytest.mark.live
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_broken_download_is_resumed_and_checked(world, live_server, tmp_path):
    import asyncio
    import hashlib

    from tests.broadcast.device_client import provision

    mod = world["people"]["a-moderators"]
    station, cluster = world["stations"]["a"], world["clusters"]["a"][0]
    programme = make_programme(station, approve_by=mod)
    set_delivery(programme, AUDIO)
    make_schedule(station, programme, [cluster], first_date=timezone.localdate(),
                  approve_by=mod)
    transport = simulator.HttpTransport(live_server.url, cluster.device_id, provision(cluster),
                                        flaky=CutOnce())
    url = f"/api/devices/v1/audio/{programme.pk}"
    digest = hashlib.sha256(AUDIO).hexdigest()
    result = asyncio.run(transport.download(url, tmp_path / "a.mp3", len(AUDIO), digest))
    assert result == {"size": len(AUDIO), "sha256": digest, "resumed": True}
    assert (tmp_path / "a.mp3").read_bytes() == AUDIO
    assert transport.stats["resumed_downloads"] == 1
    # A wrong checksum is never accepted.
    with pytest.raises(simulator.TransportError):
        asyncio.run(transport.download(url, tmp_path / "b.mp3", len(AUDIO), "0" * 64))
    assert not (tmp_path / "b.mp3").exists()
