"""Live commands over MQTT (mosquitto): the broker's credentials, the server's publisher and
the listener that records what devices send.

- Credentials: each device logs in to the broker with its device id and its device secret.
  The broker checks a hash of the secret kept on the cluster (`Cluster.broker_hash`, set
  with the secret); `write_credentials` writes mosquitto's password file and ACL from the
  clusters and the server account named in BANTIN_MQTT_URL, and makes the running broker
  reload them. A device reads only its own commands topic and its station's, and writes
  only its own acks, heartbeat and logs topics.
- `publisher()`: one persistent connection per process (reconnected when lost) on which
  `commands` publishes, QoS 1, all in one go: each command to its device's topic, or one
  message to a station's topic that the broker hands to every device of the station.
- `Listener`: `python -m bantin broadcast_mqtt` subscribes to every device's acks,
  heartbeats and logs, collects what arrives for a short while and records it in one
  transaction; the broker gets its PUBACKs once that transaction is committed.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import os
import secrets
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from . import mqtt_wire

logger = logging.getLogger("bantin.broadcast.mqtt")

#: Salt bytes in a broker password hash (mosquitto uses 12).
SALT_BYTES = 12


# --- Configuration ------------------------------------------------------------------------


@dataclass(frozen=True)
class BrokerConfig:
    host: str
    port: int
    username: str
    password: str


def broker_config(url: str | None = None) -> BrokerConfig | None:
    """BANTIN_MQTT_URL (mqtt://user:password@host:port) parsed; None when not set."""
    url = settings.BANTIN_MQTT_URL if url is None else url
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("mqtt", "tcp"):
        raise ValueError(f"BANTIN_MQTT_URL: unsupported scheme {parts.scheme!r} (use mqtt://)")
    return BrokerConfig(parts.hostname or "127.0.0.1", parts.port or 1883,
                        unquote(parts.username or ""), unquote(parts.password or ""))


def prefix() -> str:
    return settings.BANTIN_MQTT_PREFIX.strip("/")


def topic(device_id: str, channel: str) -> str:
    return f"{prefix()}/devices/{device_id}/{channel}"


#: A station's clusters are spread over this many station topics (by cluster id), so a
#: command to a whole station is a few messages rather than one: the broker hands each to
#: its share of the devices and reads their acks between them, instead of writing to every
#: device of a large station before it reads any ack.
STATION_SHARES = 16


def share_of(cluster_id: int) -> int:
    return cluster_id % STATION_SHARES


def station_topic(station_id: int, share: int) -> str:
    """Where a command for every cluster of a station is published, once per share."""
    return f"{prefix()}/stations/{station_id}/{share}/commands"


def commands_topics(cluster) -> list[str]:
    """The topics a cluster's device subscribes to for its commands (told at the token
    exchange): its own and its share of its station's."""
    return [topic(cluster.device_id, "commands"),
            station_topic(cluster.station_id, share_of(cluster.pk))]


# --- Credentials ----------------------------------------------------------------------------


def broker_hash(raw: str, salt: bytes | None = None) -> str:
    """A password-file hash mosquitto 2.0 accepts: `$6$<salt>$<sha512(password + salt)>`,
    both base64. Salted SHA-512 rather than mosquitto's PBKDF2 (`$7$`): the broker checks
    it at every device login (thousands after a broker restart), and device secrets are
    long and random (see `Cluster`)."""
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    digest = hashlib.sha512(raw.encode() + salt).digest()
    return f"$6${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def check_broker_hash(encoded: str, raw: str) -> bool:
    try:
        _, kind, salt, digest = encoded.split("$")
        salt_bytes = base64.b64decode(salt)
    except ValueError:
        return False
    return kind == "6" and secrets.compare_digest(
        base64.b64encode(hashlib.sha512(raw.encode() + salt_bytes).digest()).decode(), digest)


def credentials_dir() -> Path:
    return Path(settings.BANTIN_MQTT_CREDENTIALS_DIR)


def password_lines(server: BrokerConfig | None) -> list[str]:
    from .models import Cluster

    lines = []
    if server is not None and server.username:
        lines.append(f"{server.username}:{broker_hash(server.password)}")
    rows = (Cluster.objects.filter(active=True).exclude(broker_hash="")
            .order_by("device_id").values_list("device_id", "broker_hash"))
    server_name = server.username if server else None
    lines.extend(f"{device_id}:{hashed}" for device_id, hashed in rows
                 if device_id != server_name)
    return lines


def acl_text(server: BrokerConfig | None) -> str:
    base = f"{prefix()}/devices"
    lines = ["# Written by `python -m bantin mqtt_credentials`; do not edit."]
    if server is not None and server.username:
        lines += [f"user {server.username}", f"topic readwrite {prefix()}/#", ""]
    # Pattern lines apply to every client: %u is the user name, the device id.
    lines += [f"pattern read {base}/%u/commands",
              f"pattern write {base}/%u/acks",
              f"pattern write {base}/%u/heartbeat",
              f"pattern write {base}/%u/logs", ""]
    # Each device may also read its station's commands topic (patterns apply to every
    # user wherever they stand; these lines, to the user named above them).
    from .models import Cluster

    rows = (Cluster.objects.filter(active=True).exclude(broker_hash="")
            .order_by("device_id").values_list("device_id", "station_id", "pk"))
    server_name = server.username if server else None
    for device_id, station_id, pk in rows:
        if device_id != server_name:
            lines += [f"user {device_id}",
                      f"topic read {station_topic(station_id, share_of(pk))}"]
    lines.append("")
    return "\n".join(lines)


def _write(path: Path, text: str) -> None:
    """Replaces `path` atomically. Readable by its owner and group: on a server the
    directory is the application's, setgid to the broker's group (docs/deploy.md); run
    as root (scripts/services) the file goes to the directory's owner, the broker."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".new")
    with open(tmp, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), 0o640)
        handle.write(text)
    if os.geteuid() == 0:
        owner = path.parent.stat()
        os.chown(tmp, owner.st_uid, owner.st_gid)
    os.replace(tmp, path)


def write_credentials(directory: Path | None = None, *, reload: bool = True) -> dict:
    """Writes `passwd` and `acl` into the broker's directory and signals the broker (its
    pid file `mosquitto.pid` there) to reload them. Returns what was done."""
    directory = credentials_dir() if directory is None else Path(directory)
    server = broker_config()
    lines = password_lines(server)
    _write(directory / "passwd", "\n".join(lines) + "\n")
    _write(directory / "acl", acl_text(server))
    reloaded = reload and reload_broker(directory)
    return {"accounts": len(lines), "directory": str(directory), "reloaded": reloaded}


def reload_broker(directory: Path) -> bool:
    pid_file = directory / "mosquitto.pid"
    try:
        pid = int(pid_file.read_text().strip())
        os.kill(pid, signal.SIGHUP)
    except (OSError, ValueError):
        return False
    return True


def credentials_changed(sender=None, instance=None, **kwargs) -> None:
    """Signal receiver (cluster saved or deleted): once the transaction commits, rewrite
    the broker's files, when this machine runs the broker (BANTIN_MQTT_URL is set and the
    broker's directory exists). A broker elsewhere: run `mqtt_credentials` there."""
    if not settings.BANTIN_MQTT_URL or not credentials_dir().is_dir():
        return
    connection = transaction.get_connection()
    if any(entry[1] is _rewrite_quietly for entry in connection.run_on_commit):
        return  # one rewrite per transaction, however many clusters it changes
    transaction.on_commit(_rewrite_quietly)


def _rewrite_quietly() -> None:
    try:
        write_credentials()
    except OSError:
        logger.exception("could not rewrite the broker's credentials")


# --- Publisher ----------------------------------------------------------------------------


class Publisher:
    """A persistent connection to the broker on a thread of its own, for synchronous code.
    `publish_many` sends a batch of QoS 1 messages and waits for the broker's PUBACKs;
    a lost connection is made again at the next call."""

    def __init__(self, config: BrokerConfig):
        self.config = config
        self.loop = asyncio.new_event_loop()
        self.client: mqtt_wire.Client | None = None
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True,
                                       name="bantin-mqtt-publisher")
        self.thread.start()

    async def _ensure(self) -> mqtt_wire.Client:
        if self.client is None or not self.client.connected:
            client = mqtt_wire.Client(
                self.config.host, self.config.port,
                f"bantin-server-{os.getpid()}-{secrets.token_hex(3)}",
                username=self.config.username or None, password=self.config.password or None,
                keepalive=60)
            await client.connect(timeout=5)
            self.client = client
        return self.client

    async def _publish(self, messages: list[tuple[str, bytes]], timeout: float) -> list[bool]:
        client = await self._ensure()
        futures = [client.publish_nowait(t, payload, qos=1) for t, payload in messages]
        await client.drain()
        done = await asyncio.wait_for(
            asyncio.gather(*futures, return_exceptions=True), timeout)
        return [not isinstance(result, BaseException) for result in done]

    def publish_many(self, messages: list[tuple[str, bytes]], timeout: float = 10) -> list[bool]:
        """Which of `messages` the broker took (all False when it cannot be reached)."""
        if not messages:
            return []
        with self.lock:
            future = asyncio.run_coroutine_threadsafe(self._publish(messages, timeout),
                                                      self.loop)
            try:
                return future.result(timeout + 6)
            except Exception as exc:  # noqa: BLE001 - the devices still poll
                future.cancel()
                logger.warning("MQTT publish failed (%s): devices will fetch by polling", exc)
                return [False] * len(messages)

    def close(self) -> None:
        async def stop():
            if self.client is not None:
                await self.client.disconnect()
        try:
            asyncio.run_coroutine_threadsafe(stop(), self.loop).result(5)
        except Exception:  # noqa: BLE001, S110 - closing anyway
            pass
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


_publisher: tuple[int, str, Publisher] | None = None
_publisher_lock = threading.Lock()


def publisher() -> Publisher | None:
    """This process's publisher (None without a broker). A forked process makes its own."""
    global _publisher
    config = broker_config()
    if config is None:
        return None
    with _publisher_lock:
        key = (os.getpid(), settings.BANTIN_MQTT_URL)
        if _publisher is None or _publisher[:2] != key:
            _publisher = (*key, Publisher(config))
        return _publisher[2]


def close_publisher() -> None:
    global _publisher
    with _publisher_lock:
        if _publisher is not None and _publisher[0] == os.getpid():
            _publisher[2].close()
        _publisher = None


# --- Listener -----------------------------------------------------------------------------


def _decode(message: mqtt_wire.Message):
    """(device_id, channel, body) of a device message, or None if it is not one."""
    parts = message.topic.split("/")
    base = prefix().split("/")
    if len(parts) != len(base) + 3 or parts[:len(base)] != base or parts[len(base)] != "devices":
        return None
    device_id, channel = parts[-2], parts[-1]
    try:
        body = json.loads(message.payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        logger.warning("%s: not JSON, ignored", message.topic)
        return device_id, channel, None
    return device_id, channel, body


def record_batch(items: list[tuple[str, str, object, object]]) -> dict:
    """Records (device_id, channel, body, received_at) tuples in one transaction: command
    acks in bulk (`commands.acknowledge_many`), heartbeats and play logs through the
    device protocol. Bad bodies are logged and skipped. Returns counts per channel."""
    from . import commands
    from .models import Cluster

    counts = {"acks": 0, "heartbeat": 0, "logs": 0, "refused": 0}
    # Acks need only the cluster's id (an emergency brings thousands at once); heartbeats
    # and logs go through the protocol with the whole cluster.
    active = Cluster.objects.filter(active=True)
    ack_ids = commands.cluster_ids({d for d, channel, *_ in items if channel == "acks"})
    reporting = {d for d, channel, *_ in items if channel != "acks"}
    clusters = active.filter(device_id__in=reporting).in_bulk(field_name="device_id") \
        if reporting else {}
    acks = []
    with transaction.atomic():
        for device_id, channel, body, at in items:
            cluster = ack_ids.get(device_id) if channel == "acks" else clusters.get(device_id)
            if cluster is None or body is None:
                counts["refused"] += 1
                continue
            if channel == "acks":
                ack = commands.parse_ack(body)
                if ack is None:
                    counts["refused"] += 1
                    logger.warning("%s: bad ack %r", device_id, body)
                    continue
                acks.append((cluster, *ack, at))
            elif channel in ("heartbeat", "logs"):
                record = _record_heartbeat if channel == "heartbeat" else _record_logs
                try:
                    counts[channel] += record(cluster, body, at)
                except Exception:  # one bad report must not lose the batch
                    logger.exception("%s: %s not recorded", device_id, channel)
                    counts["refused"] += 1
            else:
                counts["refused"] += 1
        if acks:
            counts["acks"] = len(commands.acknowledge_many(acks))
    return counts


def _record_heartbeat(cluster, body, at) -> int:
    from . import protocol

    try:
        clean = protocol.parse_heartbeat(body)
    except protocol.ReportError as exc:
        logger.warning("%s: heartbeat refused: %s", cluster.device_id, exc.errors)
        return 0
    with transaction.atomic():
        protocol.record_heartbeat(cluster, clean, at=at)
    return 1


def _record_logs(cluster, body, at=None) -> int:
    from . import protocol

    if not isinstance(body, list):
        logger.warning("%s: logs must be a list", cluster.device_id)
        return 0
    with transaction.atomic():
        accepted, errors = protocol.record_logs(cluster, body)
    if errors:
        logger.warning("%s: log entries refused: %s", cluster.device_id, errors)
    return accepted


#: How often the listener looks for more messages while a batch is open.
POLL_SECONDS = 0.01


class Listener:
    """Subscribes to every device's acks, heartbeats and logs and records them in batches:
    a batch closes `window` seconds after its first message or at `max_batch` messages."""

    def __init__(self, config: BrokerConfig, *, window: float = 0.1, max_batch: int = 2000,
                 client_id: str = "bantin-listener"):
        self.config = config
        self.window, self.max_batch = window, max_batch
        self.client_id = client_id
        self.queue: asyncio.Queue = asyncio.Queue()
        self.recorded = {"acks": 0, "heartbeat": 0, "logs": 0, "refused": 0, "batches": 0,
                         "record_cpu_seconds": 0}
        self.stopping = asyncio.Event()
        self.ready = asyncio.Event()
        # One thread records every batch, on one database connection.
        self.recorder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bantin-record",
                                           initializer=close_old_connections)

    def topics(self) -> list[tuple[str, int]]:
        base = f"{prefix()}/devices/+"
        return [(f"{base}/acks", 1), (f"{base}/heartbeat", 0), (f"{base}/logs", 1)]

    async def run(self) -> None:
        """Until `stop()`: connects (again after a failure, every 2 s) and records."""
        while not self.stopping.is_set():
            client = mqtt_wire.Client(
                self.config.host, self.config.port, self.client_id,
                username=self.config.username or None, password=self.config.password or None,
                keepalive=30, clean_session=False, manual_ack=True,
                on_message=self.queue.put_nowait)
            try:
                await client.connect(timeout=5)
                granted = await client.subscribe(self.topics())
                if any(code >= 0x80 for code in granted):
                    raise mqtt_wire.MQTTError("the broker refused the listener's subscriptions")
                logger.info("listening on %s:%s", self.config.host, self.config.port)
                self.ready.set()
                await self._consume(client)
            except (TimeoutError, OSError, mqtt_wire.MQTTError) as exc:
                logger.warning("broker connection: %s; retrying in 2 s", exc)
                self.ready.clear()
                try:
                    await asyncio.wait_for(self.stopping.wait(), 2)
                except TimeoutError:
                    pass
            finally:
                await client.disconnect()
        # The recording thread's database connection goes with it.
        await asyncio.get_running_loop().run_in_executor(self.recorder, _close_connection)
        self.recorder.shutdown(wait=False)

    def stop(self) -> None:
        self.stopping.set()

    async def _consume(self, client: mqtt_wire.Client) -> None:
        stop = asyncio.create_task(self.stopping.wait())
        try:
            while True:
                first = asyncio.create_task(self.queue.get())
                done, _ = await asyncio.wait({first, stop, client.closed},
                                             return_when=asyncio.FIRST_COMPLETED)
                if first not in done:
                    first.cancel()
                    if client.closed in done and client.closed.exception():
                        raise client.closed.exception()
                    return
                batch = [first.result()]
                deadline = time.monotonic() + self.window
                while len(batch) < self.max_batch:
                    # What has arrived is taken without waiting; then the queue is looked
                    # at again every few milliseconds until the window closes (thousands of
                    # acks arriving one by one cost no task or timer each).
                    while len(batch) < self.max_batch and not self.queue.empty():
                        batch.append(self.queue.get_nowait())
                    remaining = deadline - time.monotonic()
                    if len(batch) >= self.max_batch or remaining <= 0:
                        break
                    await asyncio.sleep(min(remaining, POLL_SECONDS))
                await self._record(client, batch)
        finally:
            stop.cancel()

    async def _record(self, client: mqtt_wire.Client, batch: list[mqtt_wire.Message]) -> None:
        now = timezone.now()
        items = []
        for message in batch:
            decoded = _decode(message)
            if decoded is not None:
                items.append((*decoded, now))
        if items:
            try:
                counts = await asyncio.get_running_loop().run_in_executor(
                    self.recorder, _record_in_thread, items)
            except Exception as exc:
                # Not acknowledged: the broker sends the batch again after reconnecting.
                logger.exception("batch of %d not recorded", len(items))
                raise mqtt_wire.MQTTError("batch not recorded") from exc
            for key, value in counts.items():
                self.recorded[key] += value
            self.recorded["batches"] += 1
        client.ack_many(batch)


def _close_connection():
    connection.close()  # this thread's connection (`connection` is looked up per thread)


def _record_in_thread(items):
    """On the listener's one recording thread, which keeps its database connection from
    batch to batch (a broken one is dropped and made again at the next batch)."""
    started = time.thread_time()
    if connection.connection is not None and not connection.is_usable():
        connection.close()
    try:
        counts = record_batch(items)
    except Exception:
        connection.close()
        raise
    counts["record_cpu_seconds"] = round(time.thread_time() - started, 3)
    return counts
