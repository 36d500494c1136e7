"""Where counted events wait before a flush adds them to the stored totals.

Recording an event never touches the database. Two buffers share one interface (`add`,
`seen`, `flush`, `online`, `forget_inactive`, `pending`), chosen by BANTIN_COUNTER_BUFFER:

- `FileBuffer`, the embedded default: each server process appends one line per event to
  its own spool file under BANTIN_COUNTER_SPOOL_DIR. A flush claims a spool file by
  renaming it, adds it up, applies it in one transaction that also records the claimed
  file's id, then deletes it.
- `RedisBuffer`, for production: events are HINCRBY'd into one hash and visitors ZADD'ed
  into one sorted set per site. A flush claims the hash by renaming it to a unique name,
  applies it the same way, then deletes it. When Redis cannot be reached an event goes to
  the file buffer instead, and the flush adds those too.

Either way a batch left behind by a killed flush is found by the next one and applied
exactly once: see `batches.apply`.

An event may carry a *label*, a short text that is part of what is counted (the folded
words of a search: `search.stats`). Labelled counts travel with the others and are
handed at the flush to the sink their kind registered (`batches.register_sink`).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
import socket
import threading
import time
import uuid
import weakref
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from . import batches
from .models import ActiveVisitor

logger = logging.getLogger("bantin.audience")

SPOOL_PREFIX = "spool-"
CLAIM_PREFIX = "claimed-"
SUFFIX = ".log"


LABEL_LENGTH = 200


def _clean(text: str, length: int = 64) -> str:
    return "".join(ch for ch in str(text) if ch not in "\t\r\n")[:length]


def _epoch(at: dt.datetime | None) -> float:
    return (at or timezone.now()).timestamp()


def _from_epoch(value: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(value, tz=dt.UTC)


class _Batch:
    """The added-up contents of one claimed file or hash."""

    def __init__(self) -> None:
        self.increments: dict[tuple[str, int, dt.date | None], int] = defaultdict(int)
        # (kind, object_id, day, label) -> n
        self.labelled: dict[tuple[str, int, dt.date | None, str], int] = defaultdict(int)
        self.presence: dict[tuple[int, str], dt.datetime] = {}
        # (writer, seq) -> (key, n), for events whose Redis write may or may not have
        # landed; a key of four parts is a labelled count's
        self.uncertain: dict[tuple[str, int], tuple[tuple, int]] = {}

    def count(self, key, n: int, marker: tuple[str, int] | None = None) -> None:
        if marker is not None:
            self.uncertain[marker] = (key, n)
        elif len(key) == 4:
            self.labelled[key] += n
        else:
            self.increments[key] += n

    def events(self) -> int:
        return batches.events_in(self.increments) + batches.events_in(self.labelled)

    def see(self, site_id: int, visitor: str, at: dt.datetime) -> None:
        key = (site_id, visitor)
        if key not in self.presence or self.presence[key] < at:
            self.presence[key] = at


def _parse_line(line: str, batch: _Batch) -> None:
    parts = line.split("\t")
    if parts[0] == "c" and len(parts) in (5, 7):
        kind, object_id = parts[1], int(parts[2])
        day = dt.date.fromisoformat(parts[3]) if parts[3] else None
        marker = (parts[5], int(parts[6])) if len(parts) == 7 else None
        batch.count((kind, object_id, day), int(parts[4]), marker)
    elif parts[0] == "l" and len(parts) in (6, 8) and parts[5]:
        kind, object_id = parts[1], int(parts[2])
        day = dt.date.fromisoformat(parts[3]) if parts[3] else None
        marker = (parts[6], int(parts[7])) if len(parts) == 8 else None
        batch.count((kind, object_id, day, parts[5]), int(parts[4]), marker)
    elif parts[0] == "p" and len(parts) == 4:
        batch.see(int(parts[1]), parts[2], _from_epoch(float(parts[3])))
    else:
        raise ValueError("unknown record")


def parse(data: bytes, name: str = "") -> _Batch:
    batch = _Batch()
    text = data.decode("utf-8", errors="replace")
    lines = text.split("\n")
    # A line is complete only with its newline: anything after the last one is a torn write
    # whose record() never returned, so it was never acknowledged.
    for line in lines[:-1]:
        if not line:
            continue
        try:
            _parse_line(line, batch)
        except (ValueError, IndexError):
            logger.warning("Skipped a malformed counter record in %s: %r", name, line[:200])
    if lines[-1]:
        logger.warning("Skipped a torn counter record at the end of %s", name)
    return batch


_FILE_BUFFERS: weakref.WeakSet = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for buffer in list(_FILE_BUFFERS):
        buffer._after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


class FileBuffer:
    """Append-only spool files, one per process; see the module docstring.

    Durability: a line is written with one write(2) before `add` returns, so it survives the
    death of the process at once. It reaches the disk itself within
    BANTIN_COUNTER_FSYNC_SECONDS (fsync at most that often; 0 syncs every event, a negative
    value leaves it to the kernel), the same bound Redis' `appendfsync everysec` gives.
    Only an operating-system crash can lose that last second of counts.
    """

    def __init__(self, directory: str | Path | None = None,
                 fsync_seconds: float | None = None) -> None:
        self.directory = Path(directory or settings.BANTIN_COUNTER_SPOOL_DIR)
        self.fsync_seconds = float(
            settings.BANTIN_COUNTER_FSYNC_SECONDS if fsync_seconds is None else fsync_seconds
        )
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._path: Path | None = None
        self._synced = 0.0
        _FILE_BUFFERS.add(self)

    # -- recording -------------------------------------------------------------------

    def add(self, kind: str, object_id: int, day: dt.date | None = None, n: int = 1,
            marker: tuple[str, int] | None = None, label: str = "") -> bool:
        fields = f"{_clean(kind)}\t{int(object_id)}\t{day.isoformat() if day else ''}\t{int(n)}"
        label = _clean(label, LABEL_LENGTH)
        line = f"l\t{fields}\t{label}" if label else f"c\t{fields}"
        if marker is not None:
            line += f"\t{_clean(marker[0])}\t{int(marker[1])}"
        return self._append(line + "\n")

    def seen(self, site_id: int, visitor: str, at: dt.datetime | None = None) -> bool:
        return self._append(f"p\t{int(site_id)}\t{_clean(visitor)}\t{_epoch(at):.3f}\n")

    def _after_fork(self) -> None:
        # The child must not share the parent's file (nor a lock another thread held).
        self._lock = threading.Lock()
        self._fd, self._path = None, None

    def _close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
        self._fd, self._path = None, None

    def _open(self) -> int:
        if self._fd is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            name = f"{SPOOL_PREFIX}{socket.gethostname()}-{os.getpid()}{SUFFIX}"
            self._path = self.directory / name
            self._fd = os.open(self._path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        return self._fd

    def _append(self, line: str) -> bool:
        data = line.encode()
        try:
            with self._lock:
                while True:
                    fd = self._open()
                    # The flush renames a spool file, then takes this lock before reading:
                    # holding it, check the name still leads to our file, or write a new one.
                    fcntl.flock(fd, fcntl.LOCK_EX)
                    try:
                        current = os.fstat(fd)
                        try:
                            named = os.stat(self._path)
                        except FileNotFoundError:
                            named = None
                        if named is None or (named.st_ino, named.st_dev) != (
                            current.st_ino, current.st_dev
                        ):
                            self._close()  # also releases the lock
                            continue
                        view = memoryview(data)
                        while view:
                            view = view[os.write(fd, view):]
                        self._sync(fd)
                        return True
                    finally:
                        if self._fd == fd:
                            fcntl.flock(fd, fcntl.LOCK_UN)
        except OSError:
            logger.exception("Could not buffer a counted event in %s", self.directory)
            self._close_quietly()
            return False

    def _close_quietly(self) -> None:
        try:
            self._close()
        except OSError:
            self._fd, self._path = None, None

    def _sync(self, fd: int) -> None:
        if self.fsync_seconds < 0:
            return
        now = time.monotonic()
        if now - self._synced >= self.fsync_seconds:
            os.fsync(fd)
            self._synced = now

    # -- flushing --------------------------------------------------------------------

    def _claim_all(self) -> None:
        if not self.directory.is_dir():
            return
        for path in self.directory.glob(f"{SPOOL_PREFIX}*{SUFFIX}"):
            target = self.directory / f"{CLAIM_PREFIX}{uuid.uuid4().hex}{SUFFIX}"
            try:
                os.rename(path, target)
            except FileNotFoundError:
                continue  # another flush claimed it

    def _claimed(self) -> list[Path]:
        if not self.directory.is_dir():
            return []
        return sorted(self.directory.glob(f"{CLAIM_PREFIX}*{SUFFIX}"))

    @staticmethod
    def _read_claimed(path: Path) -> bytes | None:
        try:
            with open(path, "rb") as handle:
                # Wait for a writer that was appending when the file was renamed.
                fcntl.flock(handle, fcntl.LOCK_EX)
                return handle.read()
        except FileNotFoundError:
            return None

    def flush(self, resolve: Callable[[set[str]], dict[str, int]] | None = None,
              presence: Callable[[dict], None] | None = None) -> int:
        """Apply every spool file; returns how many events were added now.

        `resolve` (for the Redis buffer's fallback) tells, per writer, the last sequence
        number Redis took, so an event that did reach Redis is not added twice; `presence`
        takes the visitors seen instead of the ActiveVisitor table.
        """
        self._claim_all()
        added = 0
        for path in self._claimed():
            try:
                added += self._apply_file(path, resolve, presence)
            except Exception:
                # Left in place: the next flush tries again, and other files go on.
                logger.exception("Could not apply the counter batch %s", path.name)
        return added

    def _apply_file(self, path: Path, resolve, presence) -> int:
        data = self._read_claimed(path)
        if data is None:
            return 0
        batch = parse(data, path.name)
        if batch.uncertain:
            if resolve is None:
                raise RuntimeError("events of uncertain delivery need the Redis buffer")
            taken = resolve({writer for writer, _ in batch.uncertain})
            for (writer, seq), (key, n) in batch.uncertain.items():
                if seq > taken.get(writer, 0):
                    batch.count(key, n)
        if presence is not None and batch.presence:
            presence(batch.presence)
            batch.presence = {}
        batch_id = "file:" + path.name.removeprefix(CLAIM_PREFIX).removesuffix(SUFFIX)
        applied = batches.apply(batch_id, batch.increments, batch.presence, batch.labelled)
        path.unlink(missing_ok=True)
        return batch.events() if applied else 0

    # -- reading ---------------------------------------------------------------------

    def pending(self, kind: str, object_id: int) -> int:
        """Events buffered and not yet applied (reads every spool file: for tests and tools)."""
        if not self.directory.is_dir():
            return 0
        total = 0
        for path in self.directory.glob(f"*{SUFFIX}"):
            try:
                batch = parse(path.read_bytes(), path.name)
            except FileNotFoundError:
                continue
            total += sum(
                n for (k, o, _), n in batch.increments.items() if (k, o) == (kind, object_id)
            )
            total += sum(
                n for (k, o, *_), n in batch.labelled.items() if (k, o) == (kind, object_id)
            )
            total += sum(
                n for (k, o, *_), n in batch.uncertain.values() if (k, o) == (kind, object_id)
            )
        return total

    def online(self, site_ids: list[int], since: dt.datetime) -> int:
        return ActiveVisitor.objects.filter(site_id__in=site_ids, last_seen__gte=since).count()

    def forget_inactive(self, before: dt.datetime) -> int:
        deleted, _ = ActiveVisitor.objects.filter(last_seen__lt=before).delete()
        return deleted

    def close(self) -> None:
        with self._lock:
            self._close_quietly()


# Count one event unless this writer's sequence number shows Redis already took it.
_COUNT = """
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(ARGV[3]) <= last then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[4])
return 1
"""

# Claim the pending hash under a batch id and note the id, in one atomic step.
_CLAIM = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RENAME', KEYS[1], KEYS[3])
redis.call('SADD', KEYS[2], ARGV[1])
return 1
"""


class RedisBuffer:
    """Counts in one Redis hash, visitors in one sorted set per site; see the module docstring.

    Exactly once across Redis failures: each thread numbers its events and Redis keeps,
    per writer, the last number it took (in the same atomic script as the increment). When
    a call fails, the event goes to the file buffer with its writer and number and the
    thread takes a new writer id. Whether Redis took that event before the failure is then
    answered by the writer's last number, which no later call can change; the flush adds
    the file's event only if Redis did not.
    """

    SEQ_TTL = 7 * 24 * 3600
    RETRY_AFTER = 1.0  # seconds to go straight to the file buffer after a failure

    def __init__(self, url: str | None = None, prefix: str | None = None,
                 fallback: FileBuffer | None = None) -> None:
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        self._errors = redis.RedisError
        url = url or settings.BANTIN_REDIS_URL or os.environ.get("REDIS_URL", "")
        if not url:
            raise ValueError("RedisBuffer needs BANTIN_REDIS_URL (or REDIS_URL) to be set.")
        # No retries inside the client: a retried increment could be counted twice.
        self.client = redis.Redis.from_url(
            url, socket_connect_timeout=0.25, socket_timeout=1.0,
            retry=Retry(NoBackoff(), 0), retry_on_timeout=False, health_check_interval=0,
        )
        self.prefix = prefix or settings.BANTIN_COUNTER_REDIS_PREFIX
        self.fallback = fallback or FileBuffer()
        self._count = self.client.register_script(_COUNT)
        self._claim = self.client.register_script(_CLAIM)
        self._local = threading.local()
        self._down_until = 0.0

    # keys
    @property
    def _pending_key(self) -> str:
        return f"{self.prefix}:pending"

    @property
    def _claims_key(self) -> str:
        return f"{self.prefix}:claims"

    def _claimed_key(self, batch_id: str) -> str:
        return f"{self.prefix}:claimed:{batch_id}"

    def _seq_key(self, writer: str) -> str:
        return f"{self.prefix}:seq:{writer}"

    def _online_key(self, site_id: int) -> str:
        return f"{self.prefix}:online:{site_id}"

    @staticmethod
    def _field(kind: str, object_id: int, day: dt.date | None, label: str = "") -> str:
        field = f"{_clean(kind)}|{int(object_id)}|{day.isoformat() if day else ''}"
        return f"{field}|{label}" if label else field

    @staticmethod
    def _unfield(field: bytes | str) -> tuple:
        """(kind, object_id, day), or (kind, object_id, day, label) for a labelled count."""
        text = field.decode() if isinstance(field, bytes) else field
        kind, object_id, day, *label = text.split("|", 3)
        key = (kind, int(object_id), dt.date.fromisoformat(day) if day else None)
        if label and not label[0]:
            raise ValueError("empty label")
        return key + tuple(label)

    def _writer(self) -> tuple[str, int]:
        state = self._local
        if getattr(state, "pid", None) != os.getpid():
            state.pid, state.writer, state.seq = os.getpid(), uuid.uuid4().hex, 0
        state.seq += 1
        return state.writer, state.seq

    def _retire_writer(self) -> None:
        self._local.writer, self._local.seq = uuid.uuid4().hex, 0

    def _usable(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, what: str) -> None:
        self._down_until = time.monotonic() + self.RETRY_AFTER
        logger.warning("Redis unreachable while %s: buffering in files", what, exc_info=True)

    # -- recording -------------------------------------------------------------------

    def add(self, kind: str, object_id: int, day: dt.date | None = None, n: int = 1,
            label: str = "") -> bool:
        label = _clean(label, LABEL_LENGTH)
        if not self._usable():
            return self.fallback.add(kind, object_id, day, n, label=label)
        writer, seq = self._writer()
        try:
            self._count(keys=[self._pending_key, self._seq_key(writer)],
                        args=[self._field(kind, object_id, day, label), int(n), seq,
                              self.SEQ_TTL])
            return True
        except self._errors:
            self._retire_writer()
            self._failed("counting")
            return self.fallback.add(kind, object_id, day, n, marker=(writer, seq), label=label)

    def seen(self, site_id: int, visitor: str, at: dt.datetime | None = None) -> bool:
        if self._usable():
            try:
                # GT: a late write never moves a visitor's last-seen time backwards.
                self.client.zadd(self._online_key(site_id), {_clean(visitor): _epoch(at)},
                                 gt=True)
                return True
            except self._errors:
                self._failed("marking a visitor")
        return self.fallback.seen(site_id, visitor, at)

    # -- flushing --------------------------------------------------------------------

    def flush(self) -> int:
        added = 0
        try:
            batch_id = uuid.uuid4().hex
            self._claim(keys=[self._pending_key, self._claims_key, self._claimed_key(batch_id)],
                        args=[batch_id])
            for member in sorted(self.client.smembers(self._claims_key)):
                claimed = member.decode()
                added += self._apply_claimed(claimed)
        except self._errors:
            logger.warning("Redis unreachable while flushing counters", exc_info=True)
        # Events buffered in files while Redis was down (if Redis is still down, the ones
        # of uncertain delivery wait for it).
        added += self.fallback.flush(resolve=self._last_taken, presence=self._see_many)
        return added

    def _apply_claimed(self, claimed: str) -> int:
        key = self._claimed_key(claimed)
        batch = _Batch()
        for field, value in self.client.hgetall(key).items():
            try:
                batch.count(self._unfield(field), int(value))
            except ValueError:
                logger.warning("Skipped a malformed counter field %r", field)
        applied = batches.apply("redis:" + claimed, batch.increments, labelled=batch.labelled)
        pipe = self.client.pipeline(transaction=True)
        pipe.delete(key)
        pipe.srem(self._claims_key, claimed)
        pipe.execute()
        return batch.events() if applied else 0

    def _last_taken(self, writers: set[str]) -> dict[str, int]:
        ordered = sorted(writers)
        values = self.client.mget([self._seq_key(w) for w in ordered])
        return {w: int(v) for w, v in zip(ordered, values, strict=True) if v is not None}

    def _see_many(self, presence: dict[tuple[int, str], dt.datetime]) -> None:
        pipe = self.client.pipeline(transaction=False)
        for (site_id, visitor), at in presence.items():
            pipe.zadd(self._online_key(site_id), {visitor: at.timestamp()}, gt=True)
        pipe.execute()

    # -- reading ---------------------------------------------------------------------

    def pending(self, kind: str, object_id: int) -> int:
        total = self.fallback.pending(kind, object_id)
        prefix = f"{kind}|{int(object_id)}|".encode()
        keys = [self._pending_key] + [
            self._claimed_key(m.decode()) for m in self.client.smembers(self._claims_key)
        ]
        for key in keys:
            for field, value in self.client.hgetall(key).items():
                if field.startswith(prefix):
                    total += int(value)
        return total

    def online(self, site_ids: list[int], since: dt.datetime) -> int:
        try:
            pipe = self.client.pipeline(transaction=False)
            for site_id in site_ids:
                pipe.zcount(self._online_key(site_id), since.timestamp(), "+inf")
            return sum(pipe.execute())
        except self._errors:
            logger.warning("Redis unreachable: online visitors shown as 0", exc_info=True)
            return 0

    def forget_inactive(self, before: dt.datetime) -> int:
        removed = 0
        try:
            for key in self.client.scan_iter(match=f"{self.prefix}:online:*", count=500):
                removed += self.client.zremrangebyscore(key, "-inf", f"({before.timestamp()}")
        except self._errors:
            logger.warning("Redis unreachable while forgetting visitors", exc_info=True)
        return removed + self.fallback.forget_inactive(before)

    def close(self) -> None:
        self.fallback.close()
        self.client.close()
