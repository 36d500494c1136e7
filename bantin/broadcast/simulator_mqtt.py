"""The device side of the MQTT channel, for the device simulator (and the benchmarks).

`MqttDeviceTransport` logs in to the broker as one device (user name = device id,
password = device secret), subscribes to its commands topic and publishes its acks,
heartbeats and play logs, with the same JSON bodies as the HTTP protocol. It covers the
live part of the transport interface (`heartbeat`, `logs`, `commands`, `ack`); the
schedule (`sync`), audio (`download`) and token exchange stay on HTTP, so a simulator
combines it with its HTTP transport.

Thousands of these run in one process: each is one socket and two small tasks on the
caller's asyncio loop. `connect_all` opens many with bounded concurrency.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterable

from . import mqtt_wire

DEFAULT_PREFIX = "bantin/v1"


class MqttDeviceTransport:
    """One simulated device's MQTT connection.

    `on_command(transport, message)`, when given, is called (and awaited if it returns an
    awaitable) for each command as it arrives, e.g. to acknowledge at once; otherwise
    commands wait in a queue for `commands()`.
    """

    def __init__(self, device_id: str, secret: str, *, host: str = "127.0.0.1",
                 port: int = 1883, prefix: str = DEFAULT_PREFIX, keepalive: int = 60,
                 clean_session: bool = False,
                 on_command: Callable[[MqttDeviceTransport, dict], Awaitable | None]
                 | None = None):
        self.device_id = device_id
        self.base = f"{prefix.strip('/')}/devices/{device_id}"
        self.on_command = on_command
        self.received: asyncio.Queue[dict] = asyncio.Queue()
        self.rejected = 0  # command messages that were not JSON objects
        self._tasks: set[asyncio.Task] = set()
        self.client = mqtt_wire.Client(host, port, device_id, username=device_id,
                                       password=secret, keepalive=keepalive,
                                       clean_session=clean_session, on_message=self._message)

    @property
    def connected(self) -> bool:
        return self.client.connected

    async def connect(self, timeout: float = 10) -> None:
        """Connects and subscribes to the device's commands topic (QoS 1). Raises
        `mqtt_wire.ConnectionRefused` for a wrong secret."""
        await self.client.connect(timeout)
        granted = await self.client.subscribe([(f"{self.base}/commands", 1)], timeout)
        if granted and granted[0] >= 0x80:
            await self.client.disconnect()
            raise mqtt_wire.MQTTError("the broker refused the commands subscription")

    async def close(self) -> None:
        await self.client.disconnect()
        for task in list(self._tasks):
            task.cancel()

    def _message(self, message: mqtt_wire.Message) -> None:
        try:
            body = json.loads(message.payload)
        except ValueError:
            body = None
        if not isinstance(body, dict):
            self.rejected += 1
            return
        if self.on_command is None:
            self.received.put_nowait(body)
            return
        result = self.on_command(self, body)
        if asyncio.iscoroutine(result) or isinstance(result, asyncio.Future):
            task = asyncio.ensure_future(result)
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    # -- the transport interface (live part) --------------------------------------------

    async def commands(self, timeout: float = 0) -> list[dict]:
        """Commands received so far; waits up to `timeout` seconds for a first one."""
        found = []
        if timeout and self.received.empty():
            try:
                found.append(await asyncio.wait_for(self.received.get(), timeout))
            except TimeoutError:
                return []
        while not self.received.empty():
            found.append(self.received.get_nowait())
        return found

    async def ack(self, command_id: int, ok: bool = True, detail: str = "") -> None:
        body = {"command": command_id, "ok": ok}
        if detail:
            body["detail"] = detail
        await self._publish("acks", body, qos=1)

    async def heartbeat(self, body: dict) -> None:
        await self._publish("heartbeat", body, qos=0)

    async def logs(self, entries: list[dict]) -> None:
        await self._publish("logs", entries, qos=1)

    async def _publish(self, channel: str, body, qos: int) -> None:
        payload = json.dumps(body, ensure_ascii=False).encode()
        await self.client.publish(f"{self.base}/{channel}", payload, qos=qos)


async def connect_all(transports: Iterable[MqttDeviceTransport], concurrency: int = 200,
                      timeout: float = 30) -> list[BaseException | None]:
    """Connects every transport, at most `concurrency` handshakes at a time; returns the
    error of each (None when connected)."""
    gate = asyncio.Semaphore(concurrency)

    async def one(transport):
        async with gate:
            try:
                await transport.connect(timeout)
            except (TimeoutError, OSError, mqtt_wire.MQTTError) as exc:
                return exc
        return None

    return list(await asyncio.gather(*(one(t) for t in transports)))
