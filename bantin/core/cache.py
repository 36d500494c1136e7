"""A Redis cache that keeps the site up while Redis is away, and is never stale after.

Django's `RedisCache` raises when Redis cannot be reached, so every page would fail with
it. Here an unreachable Redis is a cache that holds nothing: reads miss, writes are
dropped, and for `RETRY_SECONDS` after a failure no request waits on a connection
attempt. Pages are then built from the database, more slowly, but they are built.

Dropped writes are what could make the cache wrong afterwards: a publish during the
outage bumps a content version (`core.content_cache`) or deletes an entry, and that bump
is lost. So a process that saw Redis fail deletes every key of this cache (its own key
prefix only, never the counters' keys) before it uses Redis again. Content versions then
start from numbers never used before, so nothing cached earlier is read again, in Redis
or in any process's memory.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("bantin.cache")

#: After a failure, how long the cache answers as empty without trying Redis.
RETRY_SECONDS = 1.0
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, OSError)


class _ReusedClient(RedisCacheClient):
    """Django builds a new `redis.Redis` for every cache call, and with it a table of
    about 180 response callbacks: a third of a millisecond each time, several times per
    page. A client is thread-safe and holds no connection of its own (its pool does), so
    one per pool is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClient
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._must_wipe = False

    # -- state ------------------------------------------------------------------------

    def _failed(self, error: Exception) -> None:
        with self._lock:
            first = not self._must_wipe
            self._must_wipe = True
            self._down_until = time.monotonic() + RETRY_SECONDS
        if first:
            logger.warning("Redis cache unreachable, serving without it: %s", error)

    def _available(self) -> bool:
        if time.monotonic() < self._down_until:
            return False
        if not self._must_wipe:
            return True
        with self._lock:
            if not self._must_wipe:
                return True
            try:
                self._wipe()
            except _UNREACHABLE as error:
                self._down_until = time.monotonic() + RETRY_SECONDS
                logger.debug("Redis still unreachable: %s", error)
                return False
            self._must_wipe = False
        logger.warning("Redis cache reachable again; its entries were dropped")
        return True

    def _wipe(self) -> None:
        client = self._cache.get_client(write=True)
        pattern = self.make_key("*")
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                client.unlink(*batch)
                batch.clear()
        if batch:
            client.unlink(*batch)

    def _call(self, default, method, *args, **kwargs):
        if not self._available():
            return default
        try:
            return method(*args, **kwargs)
        except _UNREACHABLE as error:
            self._failed(error)
            return default

    # -- the cache API --------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        if not self._available():
            # As for a missing key: callers then set a value, which is dropped too.
            raise ValueError(f"Key '{key}' not found (cache unavailable).")
        try:
            return super().incr(key, delta, version)
        except _UNREACHABLE as error:
            self._failed(error)
            raise ValueError(f"Key '{key}' not found (cache unavailable).") from error

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._call(None, super().delete_many, keys, version)

    def clear(self):
        return self._call(False, super().clear)
