"""The whole broadcast chain at once: a real mosquitto, the live server, the MQTT listener
and simulated devices whose live channel (commands, acks, heartbeats, play logs) is MQTT.
An approved programme is played at its (virtual) minute and its logs come back through
the listener; then an emergency is sent, pushed to every device and reported by each."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import threading
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from bantin.broadcast import emergency, mqtt, mqtt_wire, timetable
from bantin.broadcast.models import (
    Command,
    DeviceState,
    EmergencyDelivery,
    EmergencyMessage,
    PlayLog,
)
from bantin.broadcast.simulator_mqtt import MqttDeviceTransport
from tests.broadcast import broadcast_world, mosquitto
from tests.broadcast.broadcast_world import make_programme
from tests.broadcast.device_client import schedule_soon, set_delivery

world = broadcast_world.world
broker, mqtt_settings = mosquitto.broker, mosquitto.mqtt_settings
AUDIO = bytes(range(256)) * 200
SPEED = 60
WAIT = 15  # real seconds at most for something that must happen


class ListenerThread(threading.Thread):
    """`python -m bantin broadcast_mqtt`'s listener on a thread and event loop of its own,
    recording into the test database as the real one records into production's."""

    def __init__(self):
        super().__init__(daemon=True)
        self.ready = threading.Event()
        self.listener = None
        self.loop = None
        self.error = None

    def run(self):
        self.loop = asyncio.new_event_loop()
        self.listener = mqtt.Listener(mqtt.broker_config(), window=0.1,
                                      client_id="test-e2e-listener")

        async def main():
            task = asyncio.create_task(self.listener.run())
            await asyncio.wait_for(self.listener.ready.wait(), WAIT)
            self.ready.set()
            await task

        try:
            self.loop.run_until_complete(main())
        except BaseException as exc:  # reported by the test
            self.error = exc
            self.ready.set()
        finally:
            self.loop.close()

    def stop(self):
        self.loop.call_soon_threadsafe(self.listener.stop)
        self.join(WAIT)


def wait_for(condition, what):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def broker_accepts(port, device_id, secret):
    """The broker reloads its password file on SIGHUP asynchronously: wait until it
    knows the new secrets."""
    async def probe():
        device = MqttDeviceTransport(device_id, secret, port=port)
        for _ in range(100):
            try:
                await device.connect(timeout=2)
            except mqtt_wire.ConnectionRefused:
                await asyncio.sleep(0.1)
                continue
            await device.close()
            return
        raise AssertionError("the broker kept refusing the device")

    asyncio.run(probe())


@pytest.mark.live
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_programme_and_emergency_over_mqtt(world, live_server, mqtt_settings, tmp_path):
    mod = world["people"]["a-moderators"]
    station, clusters = world["stations"]["a"], world["clusters"]["a"]
    programme = make_programme(station, title="Bản tin chiều", approve_by=mod)
    set_delivery(programme, AUDIO)
    schedule, start = schedule_soon(station, programme, clusters, mod)
    alarm = make_programme(station, title="Cảnh báo lũ", priority="emergency", approve_by=mod)
    set_delivery(alarm, b"lu" * 700, seconds=20)
    message = EmergencyMessage.objects.create(station=station, title="Lũ khẩn cấp",
                                              to_all=True, programme=alarm, repeat_count=2,
                                              repeat_gap_seconds=10)

    secrets_file = tmp_path / "devices.json"
    call_command("simulate_devices", "--provision", "--count", "2", "--station",
                 str(station.pk), "--secrets", str(secrets_file), stdout=io.StringIO())
    secrets = json.loads(secrets_file.read_text())
    assert mqtt.write_credentials()["reloaded"]
    broker_accepts(mqtt_settings.port, *next(iter(secrets.items())))

    listener = ListenerThread()
    listener.start()
    assert listener.ready.wait(WAIT) and listener.error is None, listener.error

    out = io.StringIO()
    seconds_to_end = (start + dt.timedelta(minutes=1) - timezone.localtime()).total_seconds()
    simulation = threading.Thread(target=call_command, daemon=True, args=(
        "simulate_devices", "--count", "2", "--base-url", live_server.url,
        "--mqtt", f"mqtt://127.0.0.1:{mqtt_settings.port}", "--secrets", str(secrets_file),
        "--speed", str(SPEED), "--seed", "3",
        "--duration", str(seconds_to_end / SPEED + 8)), kwargs={"stdout": out})
    simulation.start()
    try:
        # The programme, played at its minute, logged over MQTT.
        wait_for(lambda: PlayLog.objects.filter(schedule=schedule, outcome="finished")
                 .count() == 2, "the programme's play logs")
        scheduled = timetable.local(start.date(), start.time())
        for cluster in clusters:
            log = PlayLog.objects.get(cluster=cluster, schedule=schedule)
            assert log.programme_id == programme.pk
            assert log.scheduled_start == scheduled
            assert scheduled - dt.timedelta(seconds=1) <= log.started_at \
                <= scheduled + dt.timedelta(seconds=30)
            assert log.ended_at == scheduled + dt.timedelta(minutes=1)
        logs_before = listener.listener.recorded["logs"]
        assert logs_before >= 2  # they came through the listener, not over HTTP

        # The emergency, pushed on commit and reported by every device.
        assert emergency.send(message, mod) == 2
        assert all(c.pushed_at for c in Command.objects.filter(emergency=message))
        wait_for(lambda: EmergencyDelivery.objects.filter(
            message=message, received_at__isnull=False, started_at__isnull=False,
            finished_at__isnull=False).count() == 2, "the emergency's deliveries")
    finally:
        simulation.join(seconds_to_end / SPEED + 8 + WAIT)
        listener.stop()
    assert not simulation.is_alive()
    stats = json.loads(out.getvalue().strip().splitlines()[-1])
    assert stats["devices"] == 2
    assert stats["commands_pushed"] >= 2 and stats["commands_acked"] >= 2
    assert stats.get("mqtt_connect_failures", 0) == 0
    assert stats["mqtt_messages"] > 0 and stats["logs_sent_mqtt"] >= 4 + 4
    recorded = listener.listener.recorded
    assert recorded["acks"] >= 2 and recorded["heartbeat"] >= 2
    assert recorded["logs"] > logs_before and recorded["refused"] == 0
    for delivery in EmergencyDelivery.objects.filter(message=message):
        assert delivery.status == "finished", (delivery.cluster, delivery.detail)
        assert delivery.received_at <= delivery.started_at <= delivery.finished_at
        plays = PlayLog.objects.filter(cluster=delivery.cluster, emergency=message)
        assert sorted(p.outcome for p in plays) == ["finished", "finished"]
        assert Command.objects.get(emergency=message, cluster=delivery.cluster).ack_ok
    for cluster in clusters:
        state = DeviceState.objects.get(cluster=cluster)
        assert state.firmware == "bantin-sim-1.0" and state.last_seen is not None
