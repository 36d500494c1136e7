"""Live commands without a broker: created in bulk, handed to the device's polls until
acknowledged or expired, acknowledged once by their own cluster only; and the listener's
batch recording of acks, heartbeats and logs (the device protocol faked)."""

import datetime as dt
import sys
import types

import pytest
from django.utils import timezone

import bantin.broadcast
from bantin.broadcast import commands, mqtt
from bantin.broadcast.models import Command, EmergencyDelivery, EmergencyMessage
from tests.broadcast import broadcast_world
from tests.broadcast.broadcast_world import make_programme

pytestmark = pytest.mark.django_db
world = broadcast_world.world


def test_issue_creates_one_command_per_cluster_and_polling_hands_them_out(world, settings):
    settings.BANTIN_COMMAND_TTL_SECONDS = 300
    a1, a2 = world["clusters"]["a"]
    before = timezone.now()
    first = commands.issue([a1, a2], Command.VOLUME, {"volume": 70})
    second = commands.issue([a1], Command.SYNC)
    assert len(first) == 2 and all(c.pk for c in first)
    assert all(c.pushed_at is None for c in first)  # no broker: polling only
    command = Command.objects.get(pk=first[0].pk)
    assert command.expires_at >= before + dt.timedelta(seconds=300)
    pending = commands.pending_for(a1)
    assert [c.pk for c in pending] == [first[0].pk, second[0].pk]  # oldest first
    assert all(c.fetched_at is not None for c in pending)
    fetched_at = Command.objects.get(pk=first[0].pk).fetched_at
    commands.pending_for(a1)
    assert Command.objects.get(pk=first[0].pk).fetched_at == fetched_at  # first fetch kept
    assert [c.pk for c in commands.pending_for(a2)] == [first[1].pk]


def test_expired_and_acknowledged_commands_are_not_handed_out(world):
    a1 = world["clusters"]["a"][0]
    short = commands.issue([a1], Command.STOP, ttl=60)[0]
    done = commands.issue([a1], Command.POWER_OFF)[0]
    commands.acknowledge(a1, done.pk, True)
    later = timezone.now() + dt.timedelta(seconds=61)
    assert commands.pending_for(a1, now=later) == []
    assert [c.pk for c in commands.pending_for(a1)] == [short.pk]


def test_as_message(world):
    a1 = world["clusters"]["a"][0]
    command = commands.issue([a1], Command.VOLUME, {"volume": 10})[0]
    message = commands.as_message(command)
    assert message == {"id": command.pk, "batch": command.batch, "kind": "volume",
                       "payload": {"volume": 10},
                       "emergency": None, "issued_at": command.created_at.isoformat(),
                       "expires_at": command.expires_at.isoformat()}
    assert commands.BATCH_RE.fullmatch(command.batch)


def test_commands_issued_together_share_a_batch_key(world):
    a1, a2 = world["clusters"]["a"]
    first = commands.issue([a1, a2], Command.VOLUME, {"volume": 70})
    second = commands.issue([a1], Command.VOLUME, {"volume": 70})
    assert first[0].batch == first[1].batch != second[0].batch
    created = commands.issue_to(type(a1).objects.filter(pk__in=[a1.pk, a2.pk]), Command.STOP)
    stored = Command.objects.filter(kind=Command.STOP)
    assert created == 2 and len({c.batch for c in stored}) == 1
    assert stored[0].batch not in {first[0].batch, second[0].batch}


def test_an_ack_may_name_the_batch_instead_of_the_command(world):
    """A station-wide message has no per-device id: the device names the batch, and the
    server finds that cluster's command of the batch."""
    a1, a2 = world["clusters"]["a"]
    b1 = world["clusters"]["b"][0]
    issued = commands.issue([a1, a2], Command.SYNC)
    batch = issued[0].batch
    done = commands.acknowledge_many([(a1, batch, True, "", None), (b1, batch, True, "", None),
                                      (a2, "0" * 16, True, "", None)])
    assert done == [issued[0].pk]  # b1 has no command of the batch
    assert Command.objects.get(pk=issued[0].pk).acked_at is not None
    assert Command.objects.get(pk=issued[1].pk).acked_at is None
    assert not Command.objects.filter(cluster=b1).exists()
    # By the single-ack path too, idempotent.
    acked = commands.acknowledge(a2, batch, False, "Mất điện")
    assert acked.pk == issued[1].pk and acked.ack_ok is False
    assert commands.acknowledge(a2, batch, True).ack_ok is False
    assert commands.acknowledge(b1, batch, True) is None
    assert commands.acknowledge(a1, "not-a-batch", True) is None


def test_issue_refuses_unknown_kinds(world):
    with pytest.raises(ValueError):
        commands.issue(world["clusters"]["a"], "self_destruct")
    assert not Command.objects.exists()


def test_acknowledge_is_idempotent_and_checks_the_cluster(world):
    a1, a2 = world["clusters"]["a"]
    command = commands.issue([a1], Command.STOP)[0]
    assert commands.acknowledge(a2, command.pk, True) is None
    assert Command.objects.get(pk=command.pk).acked_at is None
    acked = commands.acknowledge(a1, command.pk, False, "Loa hỏng")
    assert acked.ack_ok is False and acked.ack_detail == "Loa hỏng"
    again = commands.acknowledge(a1, command.pk, True, "khác")
    stored = Command.objects.get(pk=command.pk)
    assert again.pk == command.pk
    assert (stored.acked_at, stored.ack_ok, stored.ack_detail) == (
        acked.acked_at, False, "Loa hỏng")
    assert commands.acknowledge(a1, 999999, True) is None


def test_an_emergency_ack_marks_the_delivery(world):
    station = world["stations"]["a"]
    programme = make_programme(station, approve_by=world["people"]["a-moderators"])
    message = EmergencyMessage.objects.create(station=station, title="Bão", programme=programme)
    a1, a2 = world["clusters"]["a"]
    for cluster in (a1, a2):
        EmergencyDelivery.objects.create(message=message, cluster=cluster)
    ok, bad = (commands.issue([c], Command.PLAY_EMERGENCY, emergency=message)[0]
               for c in (a1, a2))
    commands.acknowledge_many([(a1, ok.pk, True, "", None), (a2, bad.pk, False, "", None)])
    first = EmergencyDelivery.objects.get(message=message, cluster=a1)
    second = EmergencyDelivery.objects.get(message=message, cluster=a2)
    assert first.received_at is not None and first.status == "received"
    assert second.failed_at is not None and second.status == "failed" and second.detail


def test_parse_ack_refuses_bad_bodies():
    assert commands.parse_ack({"command": 3, "ok": True}) == (3, True, "")
    assert commands.parse_ack({"command": 3, "ok": False, "detail": "x" * 300})[2] == "x" * 255
    batch = "0123456789abcdef"
    assert commands.parse_ack({"batch": batch, "ok": True}) == (batch, True, "")
    # The command id wins when both are given.
    assert commands.parse_ack({"command": 4, "batch": batch, "ok": True})[0] == 4
    for body in ([], "3", {"command": "3", "ok": True}, {"command": 3}, {"command": 0, "ok": True},
                 {"command": True, "ok": True}, {"command": 3, "ok": "yes"},
                 {"command": 3, "ok": True, "detail": 5}, {"ok": True},
                 {"batch": "0123456789ABCDEF", "ok": True}, {"batch": batch[:-1], "ok": True},
                 {"batch": 12, "ok": True}, {"batch": batch + "\n", "ok": True},
                 {"command": None, "batch": None, "ok": True}):
        assert commands.parse_ack(body) is None, body
    assert set(commands.ack_errors({"batch": "x", "ok": 1})) == {"batch", "ok"}
    assert "command" in commands.ack_errors({"ok": True})


@pytest.fixture
def fake_protocol(monkeypatch):
    """The device protocol's contract (protocol.py belongs to the device API)."""
    calls = []

    class ReportError(ValueError):
        def __init__(self, errors):
            super().__init__(errors)
            self.errors = errors

    def parse_heartbeat(data):
        if not isinstance(data.get("volume"), int):
            raise ReportError({"volume": "Âm lượng không hợp lệ."})
        return data

    def record_heartbeat(cluster, clean, at=None):
        calls.append(("heartbeat", cluster.device_id, clean, at))

    def record_logs(cluster, entries):
        calls.append(("logs", cluster.device_id, entries))
        return len(entries), {}

    module = types.ModuleType("bantin.broadcast.protocol")
    module.ReportError, module.parse_heartbeat = ReportError, parse_heartbeat
    module.record_heartbeat, module.record_logs = record_heartbeat, record_logs
    monkeypatch.setitem(sys.modules, "bantin.broadcast.protocol", module)
    monkeypatch.setattr(bantin.broadcast, "protocol", module, raising=False)
    return calls


def test_record_batch_hands_each_channel_to_its_recorder(world, fake_protocol):
    a1, a2 = world["clusters"]["a"]
    b1 = world["clusters"]["b"][0]
    b1.active = False
    b1.save()
    command = commands.issue([a1], Command.SYNC)[0]
    at = timezone.now()
    counts = mqtt.record_batch([
        ("a-1", "acks", {"command": command.pk, "ok": True}, at),
        ("a-2", "acks", {"command": command.pk, "ok": True}, at),  # not a-2's command
        ("a-1", "acks", {"ok": True}, at),  # bad ack
        ("a-1", "heartbeat", {"volume": 50, "power": True}, at),
        ("a-2", "heartbeat", {"volume": "to"}, at),  # refused by the protocol
        ("a-2", "logs", [{"play_key": "k1"}], at),
        ("a-2", "logs", {"play_key": "k1"}, at),  # not a list
        ("b-1", "heartbeat", {"volume": 1}, at),  # inactive cluster
        ("nobody", "acks", {"command": command.pk, "ok": True}, at),
        ("a-1", "acks", None, at),  # not JSON
    ])
    assert counts == {"acks": 1, "heartbeat": 1, "logs": 1, "refused": 4}
    assert Command.objects.get(pk=command.pk).acked_at == at
    assert fake_protocol == [("heartbeat", "a-1", {"volume": 50, "power": True}, at),
                             ("logs", "a-2", [{"play_key": "k1"}])]


def test_a_failing_report_does_not_lose_the_batch(world, fake_protocol, monkeypatch):
    a1 = world["clusters"]["a"][0]
    command = commands.issue([a1], Command.SYNC)[0]

    def broken(cluster, clean, at=None):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(sys.modules["bantin.broadcast.protocol"], "record_heartbeat", broken)
    counts = mqtt.record_batch([("a-1", "heartbeat", {"volume": 5}, timezone.now()),
                                ("a-1", "acks", {"command": command.pk, "ok": True},
                                 timezone.now())])
    assert counts["acks"] == 1 and counts["refused"] == 1
    assert Command.objects.get(pk=command.pk).acked_at is not None
