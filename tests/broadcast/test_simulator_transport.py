"""The simulator's composed transport: MQTT for the live channel when the broker is
there, HTTP otherwise; a command seen both pushed and polled is handed over once."""

from __future__ import annotations

import asyncio
import socket
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from bantin.broadcast.simulator_mqtt import LiveOverMqtt, MqttDeviceTransport


class FakeHttp:
    def __init__(self, polled=()):
        self.stats = Counter()
        self.calls = []
        self.polled = list(polled)

    async def heartbeat(self, body):
        self.calls.append(("heartbeat", body))
        return {"pending_commands": 0}

    async def logs(self, entries):
        self.calls.append(("logs", entries))
        return {"accepted": len(entries)}

    async def ack(self, body):
        self.calls.append(("ack", body))
        return {}

    async def commands(self):
        self.calls.append(("commands", None))
        return list(self.polled)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


def test_without_a_broker_the_live_channel_goes_over_http():
    http = FakeHttp(polled=[{"id": 5, "kind": "sync"}])
    device = MqttDeviceTransport("a-1", "bi-mat", port=closed_port())
    transport = LiveOverMqtt(http, device, retry_seconds=60)

    async def scenario():
        assert await transport.heartbeat({"power": True}) == {"pending_commands": 0}
        assert await transport.logs([{"play_key": "k"}]) == {"accepted": 1}
        first = await transport.commands()
        again = await transport.commands()  # the server still lists it until the ack lands
        await transport.ack({"command": 5, "ok": True})
        return first, again

    first, again = asyncio.run(scenario())
    assert [c["id"] for c in first] == [5] and again == []
    assert [kind for kind, _ in http.calls] == ["heartbeat", "logs", "commands", "commands",
                                                "ack"]
    # One failed connection, then no new try before retry_seconds.
    assert http.stats["mqtt_connect_failures"] == 1


def test_simulate_devices_refuses_a_bad_broker_url(tmp_path):
    for url in ("http://127.0.0.1:1883", "mqtt://user:pw@127.0.0.1:1883", "mqtt://h:99999"):
        with pytest.raises(CommandError):
            call_command("simulate_devices", "--mqtt", url, "--secrets",
                         str(tmp_path / "none.json"))
