"""The device side of the MQTT channel, for the device simulator (and the benchmarks).

`MqttDeviceTransport` logs in to the broker as one device (user name = device id,
password = device secret), subscribes to its commands topics (its own and its station's,
as the token exchange names them) and publishes its acks,
heartbeats and play logs, with the same JSON bodies as the HTTP protocol. It covers the
live part of the transport interface (`heartbeat`, `logs`, `commands`, `ack`); the
schedule (`sync`), audio (`download`) and token exchange stay on HTTP, so a simulator
combines it with its HTTP transport: `LiveOverMqtt` does, falling back to HTTP while the
broker is away.

Thousands of these run in one process: each is one socket and two small tasks on the
caller's asyncio loop. `connect_all` opens many with bounded concurrency.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Iterable

from . import mqtt_wire
from .simulator import TransportError

DEFAULT_PREFIX = "bantin/v1"


class MqttDeviceTransport:
    """One simulated device's MQTT connection.

    `on_command(transport, message)`, when given, is called (and awaited if it returns an
    awaitable) for each command as it arrives, e.g. to acknowledge at once; otherwise
    commands wait in a queue for `commands()`.
    """

    def __init__(self, device_id: str, secret: str, *, host: str = "127.0.0.1",
                 port: int = 1883, prefix: str = DEFAULT_PREFIX, keepalive: int = 60,
                 clean_session: bool = False, topics: Iterable[str] = (),
                 on_command: Callable[[MqttDeviceTransport, dict], Awaitable | None]
                 | None = None):
        self.device_id = device_id
        self.base = f"{prefix.strip('/')}/devices/{device_id}"
        self.topics = self._with_own(topics)
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
        """Connects and subscribes to the device's commands topics (QoS 1). Raises
        `mqtt_wire.ConnectionRefused` for a wrong secret."""
        await self.client.connect(timeout)
        await self._subscribe(self.topics, timeout)

    async def _subscribe(self, topics: list[str], timeout: float = 10) -> None:
        granted = await self.client.subscribe([(t, 1) for t in topics], timeout)
        if any(code >= 0x80 for code in granted):
            await self.client.disconnect()
            raise mqtt_wire.MQTTError("the broker refused a commands subscription")

    def _with_own(self, topics: Iterable[str]) -> list[str]:
        """The device's own commands topic first, then the others named."""
        own = f"{self.base}/commands"
        return [own, *(t for t in topics if t != own)]

    async def set_topics(self, topics: Iterable[str]) -> None:
        """The commands topics as the server names them now (a cluster moved to another
        station has another station topic); subscribes to new ones when connected."""
        wanted = self._with_own(topics)
        if wanted == self.topics:
            return
        new = [t for t in wanted if t not in self.topics]
        self.topics = wanted
        if new and self.client.connected:
            await self._subscribe(new)

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

    async def ack(self, reference: int | str, ok: bool = True, detail: str = "") -> None:
        """Acknowledges a command named by its id, or by its batch key when it came
        station-wide (without an id)."""
        body = {"command" if isinstance(reference, int) else "batch": reference, "ok": ok}
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


class LiveOverMqtt:
    """A device transport that carries the live channel (commands, acks, heartbeats,
    play logs) over MQTT and the rest (token, schedule, audio) over HTTP.

    While the broker cannot be reached the live channel falls back to HTTP: heartbeats,
    logs and acks are posted and commands are polled; a new MQTT connection is tried every
    `retry_seconds` (real). While connected, commands arrive pushed; the commands endpoint
    is still polled every `catch_up_seconds` (real) for those issued while no broker was
    there to push them. A command seen twice (pushed and polled) is handed over once.
    """

    pushes = True  # commands arrive by themselves: the device may look for them often

    def __init__(self, http, mqtt: MqttDeviceTransport, *, retry_seconds: float = 5.0,
                 catch_up_seconds: float = 300.0):
        self.http, self.mqtt = http, mqtt
        self.stats = http.stats
        self.retry_seconds, self.catch_up_seconds = retry_seconds, catch_up_seconds
        self._next_try = 0.0
        self._next_catch_up = 0.0
        # Commands handed over, oldest first, by batch key (the same whether pushed to the
        # station or polled with an id) or, without one, by id.
        self._seen: dict[object, None] = {}

    # -- the HTTP part ------------------------------------------------------------------

    async def get_token(self) -> None:
        await self.http.get_token()

    async def sync(self, etag):
        return await self.http.sync(etag)

    async def download(self, url, dest, size, sha256):
        return await self.http.download(url, dest, size, sha256)

    # -- the live part ------------------------------------------------------------------

    async def live(self) -> bool:
        """Whether MQTT carries the live channel now (connecting again when it is time).
        The commands topics follow what the last token exchange named."""
        topics = getattr(self.http, "commands_topics", None)
        if topics:
            try:
                await self.mqtt.set_topics(topics)
            except (TimeoutError, OSError, mqtt_wire.MQTTError):
                self.stats["mqtt_connect_failures"] += 1
        if self.mqtt.connected:
            return True
        now = time.monotonic()
        if now < self._next_try:
            return False
        self._next_try = now + self.retry_seconds
        try:
            await self.mqtt.connect(timeout=min(self.retry_seconds, 5.0))
        except (TimeoutError, OSError, mqtt_wire.MQTTError):
            self.stats["mqtt_connect_failures"] += 1
            return False
        self.stats["mqtt_connects"] += 1
        self._next_catch_up = 0.0  # look for what was issued while we were away
        return True

    async def _publish(self, send, *args) -> None:
        try:
            await send(*args)
        except (TimeoutError, OSError, mqtt_wire.MQTTError) as exc:
            self.stats["mqtt_publish_failures"] += 1
            raise TransportError(f"MQTT: {exc}") from exc
        self.stats["mqtt_messages"] += 1

    async def heartbeat(self, body):
        if not await self.live():
            return await self.http.heartbeat(body)
        await self._publish(self.mqtt.heartbeat, body)
        self.stats["heartbeats"] += 1
        return {}

    async def logs(self, entries):
        if not await self.live():
            return await self.http.logs(entries)
        await self._publish(self.mqtt.logs, entries)
        self.stats["logs_sent_mqtt"] += len(entries)
        return {}

    async def ack(self, body):
        if not await self.live():
            return await self.http.ack(body)
        reference = body["command"] if body.get("command") is not None else body["batch"]
        await self._publish(self.mqtt.ack, reference, body["ok"], body.get("detail", ""))
        return {}

    async def commands(self):
        found = []
        if await self.live():
            found = await self.mqtt.commands()
            self.stats["commands_pushed"] += len(found)
            if time.monotonic() >= self._next_catch_up:
                self._next_catch_up = time.monotonic() + self.catch_up_seconds
                found += await self.http.commands()
        else:
            found = await self.http.commands()
        fresh = []
        for command in found:
            key = command.get("batch") or command.get("id")
            if key in self._seen:
                continue
            self._seen[key] = None
            fresh.append(command)
        while len(self._seen) > 1000:
            del self._seen[next(iter(self._seen))]
        return fresh

    async def close(self) -> None:
        await self.mqtt.close()
