"""Live commands over a real mosquitto: device logins checked against the hashes the
project writes, the broker's ACL keeping each device to its own topics, commands pushed
to the device, and acks coming back through the listener in batches."""

import asyncio
import json

import pytest

from bantin.broadcast import commands, mqtt, mqtt_wire
from bantin.broadcast.models import Cluster, Command
from bantin.broadcast.simulator_mqtt import MqttDeviceTransport
from tests.broadcast import broadcast_world, mosquitto
from tests.broadcast.mosquitto import SERVER_PASSWORD, SERVER_USER

pytestmark = pytest.mark.django_db
world = broadcast_world.world
broker, mqtt_settings = mosquitto.broker, mosquitto.mqtt_settings
SECRET = "khoa-thiet-bi-rat-dai-0123456789"
WAIT = 10  # seconds at most for a message that must arrive


@pytest.fixture
def loop():
    loop = asyncio.new_event_loop()
    yield loop


    async def cancel_the_rest():
        pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    loop.run_until_complete(cancel_the_rest())
    loop.close()


@pytest.fixture
def devices(world, mqtt_settings):
    """Two clusters of commune a with secrets, written to the broker's files."""
    clusters = world["clusters"]["a"]
    for cluster in clusters:
        cluster.set_secret(SECRET)
        cluster.save()
    result = mqtt.write_credentials()
    assert result["reloaded"]
    return clusters


def transport(broker, cluster, secret=SECRET, **kw):
    return MqttDeviceTransport(cluster.device_id, secret, port=broker.port, **kw)


def connect(loop, device, attempts=50):
    """Connects; the broker reloads its files on SIGHUP asynchronously, so a refusal just
    after a rewrite is tried again (with the right secret only)."""
    for _ in range(attempts):
        try:
            loop.run_until_complete(device.connect())
            return device
        except mqtt_wire.ConnectionRefused:
            loop.run_until_complete(asyncio.sleep(0.1))
    raise AssertionError("the broker kept refusing the device")


def test_broker_hash_is_what_mosquitto_checks():
    hashed = mqtt.broker_hash("bi-mat", salt=b"0123456789ab")
    assert hashed.startswith("$6$MDEyMzQ1Njc4OWFi$")
    assert mqtt.check_broker_hash(hashed, "bi-mat")
    assert not mqtt.check_broker_hash(hashed, "bi-mat-khac")
    cluster = Cluster(device_id="x")
    cluster.set_secret("bi-mat")
    assert cluster.check_secret("bi-mat") and mqtt.check_broker_hash(cluster.broker_hash, "bi-mat")


def test_password_file_and_acl(devices, mqtt_settings):
    passwd = (mqtt_settings.directory / "passwd").read_text().splitlines()
    users = [line.split(":")[0] for line in passwd]
    assert users[0] == SERVER_USER
    assert set(users[1:]) == {"a-1", "a-2"}  # clusters without a secret cannot log in
    assert SECRET not in "".join(passwd) and SERVER_PASSWORD not in "".join(passwd)
    acl = (mqtt_settings.directory / "acl").read_text()
    assert "pattern read bantin/v1/devices/%u/commands" in acl
    assert "pattern write bantin/v1/devices/%u/acks" in acl
    assert "pattern read bantin/v1/devices/%u/acks" not in acl
    # Each device may read its share of its station's topic, named under its own user line.
    station = devices[0].station_id
    for cluster in devices:
        share = cluster.pk % mqtt.STATION_SHARES
        assert (f"user {cluster.device_id}\n"
                f"topic read bantin/v1/stations/{station}/{share}/commands") in acl
        assert mqtt.commands_topics(cluster)[1] == \
            f"bantin/v1/stations/{station}/{share}/commands"
    assert "topic read bantin/v1/stations/+" not in acl and "stations/#" not in acl


def test_a_device_gets_its_command_pushed(devices, mqtt_settings, loop,
                                          django_capture_on_commit_callbacks):
    device = connect(loop, transport(mqtt_settings, devices[0]))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            issued = commands.issue([devices[0]], Command.VOLUME, {"volume": 40})
        command = Command.objects.get(pk=issued[0].pk)
        assert command.pushed_at is not None
        received = loop.run_until_complete(device.commands(timeout=WAIT))
        assert received == [json.loads(json.dumps(commands.as_message(command)))]
        assert received[0]["payload"] == {"volume": 40}
    finally:
        loop.run_until_complete(device.close())


def test_a_wrong_secret_is_refused(devices, mqtt_settings, loop):
    with pytest.raises(mqtt_wire.ConnectionRefused):
        loop.run_until_complete(transport(mqtt_settings, devices[0], "sai-khoa").connect())
    # An inactive cluster's device is not in the password file at all.
    devices[1].active = False
    devices[1].save()
    mqtt.write_credentials()
    assert "a-2:" not in (mqtt_settings.directory / "passwd").read_text()


def test_a_device_cannot_read_or_write_another_devices_topics(devices, mqtt_settings, loop,
                                                              world,
                                                              django_capture_on_commit_callbacks):
    own, other = devices
    spy = connect(loop, transport(mqtt_settings, own))
    station_b = world["stations"]["b"]
    server = mqtt_wire.Client("127.0.0.1", mqtt_settings.port, "test-server-spy",
                              username=SERVER_USER, password=SERVER_PASSWORD)
    try:
        granted = loop.run_until_complete(spy.client.subscribe(
            [("bantin/v1/devices/a-2/commands", 1), ("bantin/v1/devices/+/commands", 1),
             *[(mqtt.station_topic(station_b.pk, share), 1)
               for share in range(mqtt.STATION_SHARES)],
             ("bantin/v1/stations/+/+/commands", 1), ("bantin/v1/stations/#", 1)]))
        loop.run_until_complete(server.connect())
        loop.run_until_complete(server.subscribe([("bantin/v1/devices/+/acks", 1)]))
        # The other device's command and another station's, then the spy's own: the
        # broker keeps their order, so had one been delivered to the spy it would arrive
        # first.
        with django_capture_on_commit_callbacks(execute=True):
            theirs = commands.issue([other], Command.STOP)
            assert commands.issue_to(Cluster.objects.filter(station=station_b),
                                     Command.STOP) == 2
            mine = commands.issue([own], Command.SYNC)
        received = loop.run_until_complete(spy.commands(timeout=WAIT))
        assert [m["id"] for m in received] == [mine[0].pk], granted
        # A forged ack on the other device's topic, then a real one on its own.
        loop.run_until_complete(spy.client.publish(
            "bantin/v1/devices/a-2/acks", json.dumps({"command": theirs[0].pk, "ok": True})
            .encode(), qos=1))
        loop.run_until_complete(spy.ack(mine[0].pk))
        first = loop.run_until_complete(asyncio.wait_for(server.messages.get(), WAIT))
        assert first.topic == "bantin/v1/devices/a-1/acks"
        assert json.loads(first.payload) == {"command": mine[0].pk, "ok": True}
    finally:
        loop.run_until_complete(spy.close())
        loop.run_until_complete(server.disconnect())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_listener_records_acks_in_batches(devices, mqtt_settings, loop, world,
                                              django_capture_on_commit_callbacks):
    # The listener records on a thread of its own, as in production: committed data only.
    config = mqtt.broker_config()
    listener = mqtt.Listener(config, window=0.2, client_id="test-listener")
    clients = [connect(loop, transport(mqtt_settings, c, topics=mqtt.commands_topics(c)))
               for c in devices]
    try:
        with django_capture_on_commit_callbacks(execute=True):
            issued = commands.issue(devices, Command.POWER_ON)
            # To every cluster of the station: one station-wide message, acked by batch.
            commands.issue_to(Cluster.objects.filter(pk__in=[c.pk for c in devices]),
                              Command.VOLUME, {"volume": 55})
        task = loop.create_task(listener.run())
        loop.run_until_complete(asyncio.wait_for(listener.ready.wait(), WAIT))
        for index, client in enumerate(clients):
            messages = loop.run_until_complete(client.commands(timeout=WAIT))
            while len(messages) < 2:
                messages += loop.run_until_complete(client.commands(timeout=WAIT))
            for message in messages:
                reference = message["id"] if message["id"] is not None else message["batch"]
                loop.run_until_complete(client.ack(reference, ok=index == 0,
                                                   detail="" if index == 0 else "Mất nguồn"))
        # A second ack of the same command and an ack of nothing change nothing.
        loop.run_until_complete(clients[0].ack(issued[0].pk, ok=False))
        loop.run_until_complete(clients[0].client.publish(
            "bantin/v1/devices/a-1/acks", b"not json", qos=1))

        async def until_recorded():
            while listener.recorded["acks"] < 4 or listener.recorded["refused"] < 1:
                await asyncio.sleep(0.05)

        loop.run_until_complete(asyncio.wait_for(until_recorded(), WAIT))
        listener.stop()
        loop.run_until_complete(asyncio.wait_for(task, WAIT))
    finally:
        for client in clients:
            loop.run_until_complete(client.close())
    stored = Command.objects.filter(cluster__in=devices)
    assert stored.count() == 4 and stored.filter(kind=Command.VOLUME).count() == 2
    for command in stored:
        first = command.cluster_id == devices[0].pk
        assert command.acked_at is not None
        assert command.ack_ok is first
        assert command.ack_detail == ("" if first else "Mất nguồn")
    assert listener.recorded["acks"] == 4


def test_without_a_reachable_broker_commands_wait_for_polling(world, settings):
    settings.BANTIN_MQTT_URL = "mqtt://u:p@127.0.0.1:9"  # nothing listens there
    cluster = world["clusters"]["a"][0]
    try:
        issued = commands.issue([cluster], Command.SYNC)
        assert commands.push(issued) == 0
    finally:
        mqtt.close_publisher()
    assert Command.objects.get(pk=issued[0].pk).pushed_at is None
    assert [c.pk for c in commands.pending_for(cluster)] == [issued[0].pk]


def test_broker_url_must_be_mqtt(settings):
    settings.BANTIN_MQTT_URL = "http://x:y@127.0.0.1:1883"
    with pytest.raises(ValueError):
        mqtt.broker_config()
    settings.BANTIN_MQTT_URL = ""
    assert mqtt.broker_config() is None


def test_an_emergency_is_pushed_to_every_device(devices, mqtt_settings, loop, world,
                                                django_capture_on_commit_callbacks):
    from bantin.broadcast import emergency
    from bantin.broadcast.models import EmergencyMessage
    from tests.broadcast.broadcast_world import make_programme

    station = world["stations"]["a"]
    programme = make_programme(station, approve_by=world["people"]["a-moderators"])
    message = EmergencyMessage.objects.create(station=station, title="Lũ", to_all=True,
                                              programme=programme)
    clients = [connect(loop, transport(mqtt_settings, c, topics=mqtt.commands_topics(c)))
               for c in devices]
    published = []
    publisher = mqtt.publisher()
    original = publisher.publish_many

    def counting(messages, *args, **kwargs):
        published.extend(topic for topic, _ in messages)
        return original(messages, *args, **kwargs)

    publisher.publish_many = counting
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert emergency.send(message, world["people"]["a-moderators"]) == 2
        # Every cluster of the station is chosen: one message per share of the station's
        # topic, which the broker hands to each device of the share; without a per-device
        # id, named by its batch.
        assert sorted(published) == sorted({mqtt.commands_topics(c)[1] for c in devices})
        assert all("/stations/" in topic for topic in published)
        for client, cluster in zip(clients, devices, strict=True):
            received = loop.run_until_complete(client.commands(timeout=WAIT))
            command = Command.objects.get(emergency=message, cluster=cluster)
            assert command.pushed_at is not None
            assert received == [json.loads(json.dumps({**commands.as_message(command),
                                                       "id": None}))]
            assert received[0]["payload"]["priority"] == "emergency"
            assert received[0]["batch"] == command.batch

        # A message to one cluster of the station goes to that device's own topic only.
        published.clear()
        single = EmergencyMessage.objects.create(station=station, title="Cháy rừng",
                                                 programme=programme)
        single.clusters.add(devices[1])
        with django_capture_on_commit_callbacks(execute=True):
            assert emergency.send(single, world["people"]["a-moderators"]) == 1
        assert published == [mqtt.topic(devices[1].device_id, "commands")]
        received = loop.run_until_complete(clients[1].commands(timeout=WAIT))
        command = Command.objects.get(emergency=single)
        assert received == [json.loads(json.dumps(commands.as_message(command)))]
        assert loop.run_until_complete(clients[0].commands(timeout=0.5)) == []
    finally:
        publisher.publish_many = original
        for client in clients:
            loop.run_until_complete(client.close())


def test_split_packet_reads_whole_packets_from_a_stream():
    """The read loop hands over packets as they complete, however the bytes were cut."""
    first = mqtt_wire.publish_packet("bantin/v1/devices/a-1/acks", b'{"ok": true}', qos=1,
                                     packet_id=7)
    second = mqtt_wire.publish_packet("t", b"x" * 300)  # a two-byte remaining length
    stream = first + second
    for cut in range(len(stream) + 1):
        buffer, packets, position = bytearray(), [], 0
        for chunk in (stream[:cut], stream[cut:]):
            buffer += chunk
            while (found := mqtt_wire.split_packet(buffer, position)) is not None:
                kind, flags, body, position = found
                packets.append((kind, flags, body))
        assert [p[0] for p in packets] == [mqtt_wire.PUBLISH] * 2, cut
        assert packets[0][1] == 0x02 and packets[0][2].endswith(b'{"ok": true}')
        assert packets[1][2].endswith(b"x" * 300)
    with pytest.raises(mqtt_wire.MQTTError):
        mqtt_wire.split_packet(bytearray(b"\x30\xff\xff\xff\xff\x01"), 0)
    assert mqtt_wire.split_packet(bytearray(b"\x30"), 0) is None
    assert mqtt_wire.split_packet(bytearray(b"\x30\x80"), 0) is None
