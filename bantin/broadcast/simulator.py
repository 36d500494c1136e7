"""Virtual loudspeaker devices that follow the device protocol (docs/device-protocol.md).

Many devices run in one asyncio process (`run`). The device logic (`VirtualDevice`) talks
to the server only through a `Transport` (token, schedule sync, download, heartbeat, logs,
commands, acknowledgements), so another transport plugs in without touching it.
`HttpTransport` speaks /api/devices/v1/ with the standard library's urllib in worker
threads; `simulator_mqtt.LiveOverMqtt` adds MQTT for commands, acks, heartbeats and logs.

Time is virtual: `VirtualClock` runs `speed` times faster than the real clock from the
moment the simulation starts, so a morning's schedule plays in minutes. A play is "started"
when the clock reaches its start and "finished" at its end; nothing is played aloud.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import json
import random
import re
import secrets
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

FIRMWARE = "bantin-sim-1.0"
HEARTBEAT_SECONDS = 60
COMMAND_POLL_SECONDS = 10
SYNC_SECONDS = 300
MAX_ATTEMPTS = 6


class TransportError(Exception):
    """A request that did not get an answer (network failure, dropped, 5xx)."""


class Refused(Exception):
    """The server answered with an error a retry cannot fix."""

    def __init__(self, status: int, code: str, body=None):
        super().__init__(f"{status} {code}")
        self.status, self.code, self.body = status, code, body


class VirtualClock:
    def __init__(self, speed: float = 1.0, origin: float | None = None):
        self.speed = speed
        self.origin = time.time() if origin is None else origin
        self._mono = time.monotonic()

    def timestamp(self) -> float:
        return self.origin + (time.monotonic() - self._mono) * self.speed

    def now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.timestamp(), dt.UTC)

    def real_seconds(self, virtual_seconds: float) -> float:
        return virtual_seconds / self.speed


class Transport(Protocol):
    """What a device needs from the server, whatever carries it."""

    async def get_token(self) -> None: ...
    async def sync(self, etag: str | None) -> tuple[dict | None, str | None]: ...
    async def download(self, url: str, dest: Path, size: int, sha256: str) -> dict: ...
    async def heartbeat(self, body: dict) -> dict: ...
    async def logs(self, entries: list[dict]) -> dict: ...
    async def commands(self) -> list[dict]: ...
    async def ack(self, body: dict) -> dict: ...


@dataclass
class Flakiness:
    """Drops a fraction of requests before they leave, and loses the answer of as many
    after the server handled them (so retries repeat work the server already did)."""

    probability: float = 0.0
    rng: random.Random = field(default_factory=random.Random)

    def before(self) -> None:
        if self.probability and self.rng.random() < self.probability / 2:
            raise TransportError("dropped before sending (simulated)")

    def after(self) -> bool:
        return bool(self.probability) and self.rng.random() < self.probability / 2


class HttpTransport:
    def __init__(self, base_url: str, device_id: str, secret: str, *,
                 flaky: Flakiness | None = None, stats: Counter | None = None,
                 timeout: float = 30.0):
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"not an http(s) URL: {base_url}")
        self.base = base_url.rstrip("/")
        self.api = self.base + "/api/devices/v1/"
        self.device_id, self.secret = device_id, secret
        self.flaky = flaky or Flakiness()
        self.stats = stats if stats is not None else Counter()
        self.timeout = timeout
        self.token: str | None = None
        self.commands_topics: list[str] = []  # from the token exchange, for MQTT

    # -- plumbing (runs in a worker thread) --

    def _open(self, method: str, url: str, body: bytes | None, headers: dict):
        # Only http(s): the base URL is checked in __init__ and paths come from the server.
        request = urllib.request.Request(  # noqa: S310
            url, data=body, method=method, headers=headers)
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)  # noqa: S310
        except urllib.error.HTTPError as exc:
            return exc
        except (OSError, ValueError) as exc:
            raise TransportError(str(exc)) from exc

    def _exchange(self, method, url, body=None, headers=None) -> tuple[int, dict, bytes]:
        self.flaky.before()
        response = self._open(method, url, body, headers or {})
        with response:
            try:
                data = response.read()
            except OSError as exc:
                raise TransportError(str(exc)) from exc
            status, head = response.status, {k.lower(): v for k, v in response.headers.items()}
        self.stats["requests"] += 1
        if self.flaky.after():
            raise TransportError("answer lost (simulated)")
        if status >= 500:
            raise TransportError(f"server error {status}")
        return status, head, data

    async def _call(self, method, path, payload=None, headers=None, *, auth=True):
        """JSON request with retries; a refused token is renewed once."""
        body = None if payload is None else json.dumps(payload).encode()
        for renewal in (0, 1):
            extra = dict(headers or {})
            if body is not None:
                extra["Content-Type"] = "application/json"
            if auth:
                if self.token is None:
                    await self.get_token()
                extra["Authorization"] = f"Bearer {self.token}"
            status, head, data = await self._retrying(method, self.api + path, body, extra)
            if status == 401 and auth and renewal == 0:
                self.token = None
                self.stats["token_renewals"] += 1
                continue
            return status, head, data
        return status, head, data

    async def _retrying(self, method, url, body, headers):
        for attempt in range(MAX_ATTEMPTS):
            try:
                return await asyncio.to_thread(self._exchange, method, url, body, headers)
            except TransportError:
                self.stats["retries"] += 1
                if attempt == MAX_ATTEMPTS - 1:
                    raise
                await asyncio.sleep(min(0.05 * 2 ** attempt, 2.0) * (0.5 + random.random()))
        raise AssertionError("unreachable")

    @staticmethod
    def _json(status, data, expected=(200,)):
        try:
            decoded = json.loads(data.decode()) if data else {}
        except ValueError:
            decoded = {}
        if status not in expected:
            raise Refused(status, decoded.get("error", "") if isinstance(decoded, dict) else "",
                          decoded)
        return decoded

    # -- the protocol --

    async def get_token(self) -> None:
        basic = base64.b64encode(f"{self.device_id}:{self.secret}".encode()).decode()
        for attempt in range(MAX_ATTEMPTS):
            headers = {"Authorization": f"Basic {basic}",
                       "X-Bantin-Timestamp": str(int(time.time())),
                       "X-Bantin-Nonce": secrets.token_urlsafe(18)}  # a new nonce per try
            try:
                status, _, data = await asyncio.to_thread(
                    self._exchange, "POST", self.api + "token", b"", headers)
            except TransportError:
                self.stats["retries"] += 1
                if attempt == MAX_ATTEMPTS - 1:
                    raise
                await asyncio.sleep(min(0.05 * 2 ** attempt, 2.0))
                continue
            body = self._json(status, data)
            self.token = body["token"]
            self.commands_topics = list(body.get("commands_topics") or [])
            self.stats["tokens"] += 1
            return

    async def sync(self, etag):
        headers = {"If-None-Match": f'"{etag}"'} if etag else {}
        status, head, data = await self._call("GET", "schedule?days=2", headers=headers)
        if status == 304:
            self.stats["sync_304"] += 1
            return None, etag
        document = self._json(status, data)
        self.stats["sync_200"] += 1
        return document, head.get("etag", "").strip('"') or None

    async def download(self, url, dest, size, sha256):
        """Fetch into `dest` + ".part", resuming what is there; verify and rename."""
        if not sha256:  # not announced (an emergency naming only its programme): ask
            size, sha256 = await self._describe(url)
            dest = dest.with_name(f"{sha256}.mp3")
        part = dest.with_name(dest.name + ".part")
        if not url.startswith("/"):
            raise Refused(0, "audio URLs are paths on the server")
        full_url = self.base + url
        resumed = False
        for attempt in range(MAX_ATTEMPTS * 2):
            have = part.stat().st_size if part.exists() else 0
            headers = {"If-Range": f'"{sha256}"'}
            if have:
                headers["Range"] = f"bytes={have}-"
                resumed = True
            if self.token is None:
                await self.get_token()
            headers["Authorization"] = f"Bearer {self.token}"
            try:
                status = await asyncio.to_thread(self._fetch_into, full_url, headers, part)
            except TransportError:
                self.stats["retries"] += 1
                await asyncio.sleep(min(0.05 * 2 ** min(attempt, 5), 2.0))
                continue
            if status == 401:
                self.token = None
                continue
            if status == 416:  # our partial copy is wrong: start again
                part.unlink(missing_ok=True)
                continue
            if status not in (200, 206):
                raise Refused(status, "download")
            if part.stat().st_size < size:
                continue
            digest = hashlib.sha256(part.read_bytes()).hexdigest()
            if digest != sha256:
                self.stats["checksum_mismatches"] += 1
                part.unlink()
                continue
            part.replace(dest)
            self.stats["downloads"] += 1
            self.stats["resumed_downloads"] += int(resumed)
            return {"size": size, "sha256": digest, "resumed": resumed}
        raise TransportError(f"download of {url} did not complete")

    async def _describe(self, url) -> tuple[int, str]:
        """Size and SHA-256 (the ETag) of an audio file, by a HEAD request."""
        if not url.startswith("/"):
            raise Refused(0, "audio URLs are paths on the server")
        status, head, _ = await self._call("HEAD", url.removeprefix("/api/devices/v1/"))
        etag = head.get("etag", "").strip('"')
        if status != 200 or not re.fullmatch(r"[0-9a-f]{64}", etag):
            raise Refused(status, "audio")
        return int(head.get("content-length", 0)), etag

    def _fetch_into(self, url, headers, part: Path) -> int:
        self.flaky.before()
        response = self._open("GET", url, None, headers)
        with response:
            status = response.status
            if status not in (200, 206):
                response.read()
                return status
            mode = "ab" if status == 206 else "wb"
            cut = self.flaky.after()  # a connection that breaks halfway
            with part.open(mode) as out:
                while True:
                    try:
                        chunk = response.read(16384)
                    except OSError as exc:
                        raise TransportError(str(exc)) from exc
                    if not chunk:
                        break
                    if cut:
                        out.write(chunk[:len(chunk) // 2])
                        raise TransportError("connection cut mid-download (simulated)")
                    out.write(chunk)
                    self.stats["bytes"] += len(chunk)
        self.stats["requests"] += 1
        return status

    async def heartbeat(self, body):
        status, _, data = await self._call("POST", "heartbeat", body)
        self.stats["heartbeats"] += 1
        return self._json(status, data)

    async def logs(self, entries):
        status, _, data = await self._call("POST", "logs", entries)
        return self._json(status, data, expected=(200, 400))

    async def commands(self):
        status, _, data = await self._call("GET", "commands")
        return self._json(status, data)["commands"]

    async def ack(self, body):
        status, _, data = await self._call("POST", "commands/ack", body)
        return self._json(status, data, expected=(200, 404))


@dataclass
class Emergency:
    command: int | str  # the command's id, or its batch key when pushed station-wide
    message: int | None
    programme: int | None
    left: int
    gap: float
    duration: float
    next_start: float
    playing_key: str | None = None
    ends: float = 0.0
    count: int = 0


class VirtualDevice:
    def __init__(self, device_id: str, transport: Transport, clock: VirtualClock,
                 workdir: Path, *, stats: Counter | None = None, keep_audio: bool = False,
                 rng: random.Random | None = None):
        self.device_id = device_id
        self.transport = transport
        self.clock = clock
        self.workdir = workdir
        self.keep_audio = keep_audio
        self.stats = stats if stats is not None else Counter()
        self.rng = rng or random.Random()
        self.etag: str | None = None
        self.document: dict = {"plays": []}
        self.verified: set[str] = set()  # sha256 of audio downloaded and checked
        self.started: dict[str, float] = {}
        self.finished: set[str] = set()
        self.pending_logs: list[dict] = []
        self.emergencies: list[Emergency] = []
        self.volume = 70
        self.power = False
        self.playing = ""
        self.begun = clock.timestamp()
        self.pushes = bool(getattr(transport, "pushes", False))

    # -- helpers --

    @staticmethod
    def _ts(value: str) -> float:
        return dt.datetime.fromisoformat(value).timestamp()

    def _iso(self, ts: float) -> str:
        return dt.datetime.fromtimestamp(ts, dt.UTC).isoformat()

    def _log(self, key, event, at, **kw):
        entry = {"play_key": key, "event": event, "at": self._iso(at), "programme": None,
                 "schedule": None, "emergency": None, "scheduled_start": None}
        entry.update(kw)
        self.pending_logs.append(entry)
        self.stats[f"play_{event}"] += 1

    # -- behaviour --

    async def sync(self) -> None:
        document, etag = await self.transport.sync(self.etag)
        if document is not None:
            self.document, self.etag = document, etag
        for play in self.document.get("plays", []):
            for item in play["items"]:
                await self._fetch(item.get("audio_url"), item.get("size"), item.get("sha256"))

    async def _fetch(self, url, size, sha256) -> bool:
        if not url or not sha256:
            return False
        if sha256 in self.verified:
            return True
        dest = self.workdir / f"{sha256}.mp3"
        await self.transport.download(url, dest, size or 0, sha256)
        self.verified.add(sha256)
        if not self.keep_audio:
            dest.unlink(missing_ok=True)
        return True

    def play_by_the_clock(self, now: float) -> None:
        self.power = False
        self.playing = ""
        for play in self.document.get("plays", []):
            key = play["key"]
            start, end = self._ts(play["start"]), self._ts(play["end"])
            if self._ts(play["power_on"]) <= now < self._ts(play["power_off"]):
                self.power = True
            if end <= self.begun:
                continue  # over before this device came up
            items = play["items"]
            single = items[0]["programme"] if len(items) == 1 else None
            common = {"programme": single, "schedule": play["schedule"],
                      "scheduled_start": play["start"]}
            if key not in self.started and start <= now < end:
                missing = [i for i in items if not i.get("stream_url")
                           and i.get("sha256") not in self.verified]
                if missing:
                    self._log(key, "failed", now, detail="Chưa có tệp âm thanh", **common)
                    self.finished.add(key)
                else:
                    self._log(key, "started", max(start, now - 1), **common)
                self.started[key] = now
            if key in self.started and key not in self.finished and now >= end:
                self._log(key, "finished", end, **common)
                self.finished.add(key)
            if key in self.started and key not in self.finished and single:
                self.playing = f"programme:{single}"

    async def poll_commands(self) -> None:
        for command in await self.transport.commands():
            ok, detail = True, ""
            kind, payload = command["kind"], command.get("payload") or {}
            now = self.clock.timestamp()
            # A command pushed to the whole station carries no id: it is named by its batch.
            reference = command["id"] if command.get("id") is not None else command["batch"]
            if kind == "play_emergency":
                programme = payload.get("programme")
                url = payload.get("audio_url") or (
                    f"/api/devices/v1/audio/{programme}" if programme else None)
                try:
                    if url and payload.get("sha256"):
                        await self._fetch(url, payload.get("size"), payload["sha256"])
                    elif url:
                        result = await self.transport.download(
                            url, self.workdir / "emergency.mp3", None, None)
                        self.verified.add(result["sha256"])
                except (TransportError, Refused) as exc:
                    ok, detail = False, f"Không tải được âm thanh: {exc}"[:255]
                if ok and not any(e.command == reference for e in self.emergencies):
                    self.emergencies.append(Emergency(
                        command=reference, message=command.get("emergency"),
                        programme=programme,
                        left=int(payload.get("repeat_count", payload.get("repeat", 1)) or 1),
                        gap=float(payload.get("repeat_gap_seconds", payload.get("gap", 0))),
                        duration=float(payload.get("duration_seconds") or 30),
                        next_start=now))
            elif kind == "volume":
                volume = payload.get("volume")
                if isinstance(volume, int) and 0 <= volume <= 100:
                    self.volume = volume
                else:
                    ok, detail = False, "Âm lượng không hợp lệ"
            elif kind == "stop":
                for emergency in self.emergencies:
                    if emergency.playing_key:
                        self._log(emergency.playing_key, "interrupted", now,
                                  emergency=emergency.message, programme=emergency.programme)
                self.emergencies.clear()
            elif kind == "sync":
                self.etag = None
            named = {"command": reference} if isinstance(reference, int) else {"batch": reference}
            await self.transport.ack({**named, "ok": ok, "detail": detail})
            self.stats["commands_acked"] += 1

    def run_emergencies(self, now: float) -> None:
        for emergency in list(self.emergencies):
            if emergency.playing_key and now >= emergency.ends:
                self._log(emergency.playing_key, "finished", emergency.ends,
                          emergency=emergency.message, programme=emergency.programme)
                emergency.playing_key = None
                emergency.left -= 1
                emergency.next_start = emergency.ends + emergency.gap
            if emergency.playing_key is None and emergency.left <= 0:
                self.emergencies.remove(emergency)
                continue
            if emergency.playing_key is None and now >= emergency.next_start:
                emergency.count += 1
                emergency.playing_key = (f"e{emergency.message or 0}-c{emergency.command}"
                                         f"#{emergency.count}")
                emergency.ends = now + emergency.duration
                self._log(emergency.playing_key, "started", now, emergency=emergency.message,
                          programme=emergency.programme)
            if emergency.playing_key:
                self.power = True
                self.playing = f"emergency:{emergency.message or 0}"

    async def flush_logs(self) -> None:
        if not self.pending_logs:
            return
        batch, self.pending_logs = self.pending_logs, []
        try:
            result = await self.transport.logs(batch)
        except (TransportError, Refused):
            self.pending_logs = batch + self.pending_logs  # sent again next time
            raise
        self.stats["logs_accepted"] += result.get("accepted", 0)
        self.stats["logs_refused"] += len(result.get("errors") or {})

    async def heartbeat(self) -> dict:
        return await self.transport.heartbeat({
            "power": self.power, "playing": self.playing, "volume": self.volume,
            "signal": self.rng.randint(40, 95), "firmware": FIRMWARE,
            "schedule_etag": self.etag or "", "sent_at": self.clock.now().isoformat()})

    async def run(self, real_seconds: float) -> None:
        deadline = time.monotonic() + real_seconds
        speed = self.clock.speed
        tick = max(0.05, min(1.0, 5.0 / speed))
        # Spread the devices' periodic requests instead of sending them all at once.
        next_sync = next_beat = next_poll = self.clock.timestamp()
        next_beat += self.rng.uniform(0, min(HEARTBEAT_SECONDS, 5 * speed))
        while True:
            now = self.clock.timestamp()
            try:
                if now >= next_sync or self.etag is None:
                    await self.sync()
                    next_sync = now + SYNC_SECONDS
                self.play_by_the_clock(now)
                self.run_emergencies(now)
                if now >= next_poll:
                    await self.poll_commands()
                    # Pushed commands are already here: look at them every tick.
                    next_poll = now + (0 if self.pushes else COMMAND_POLL_SECONDS)
                    self.run_emergencies(self.clock.timestamp())
                await self.flush_logs()
                if now >= next_beat:
                    answer = await self.heartbeat()
                    next_beat = now + HEARTBEAT_SECONDS
                    if answer.get("pending_commands"):
                        next_poll = now  # commands waiting: fetch them without delay
            except (TransportError, Refused) as exc:
                self.stats["errors"] += 1
                self.stats[f"error:{type(exc).__name__}"] += 1
            if time.monotonic() >= deadline:
                break
            await asyncio.sleep(tick * self.rng.uniform(0.8, 1.2))
        for _ in range(3):  # what is still unsent goes before the device stops
            try:
                await self.flush_logs()
                break
            except (TransportError, Refused):
                await asyncio.sleep(0.1)


async def run(devices: list[VirtualDevice], real_seconds: float) -> None:
    await asyncio.gather(*(device.run(real_seconds) for device in devices))
