"""The Redis cache keeps pages working while Redis is away and is never stale after.

A private redis-server (Debian's redis-server, which scripts/services installs) is started
on a free port, with an append-only file so that what it held survives its restart.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time

import pytest

from bantin.core import cache as resilient
from bantin.core.cache import ResilientRedisCache
from bantin.core.content_cache import VersionedCache


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    def __init__(self, directory):
        self.port = _free_port()
        self.directory = directory
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--dir",
             str(self.directory), "--appendonly", "yes", "--appendfsync", "always",
             "--save", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def redis_server(tmp_path):
    if not shutil.which("redis-server"):
        message = "redis-server is not installed (scripts/services install redis)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def fast_retry(monkeypatch):
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0.05)


def make_cache(server, prefix="thu") -> ResilientRedisCache:
    return ResilientRedisCache(
        f"redis://127.0.0.1:{server.port}/0",
        {"KEY_PREFIX": prefix, "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}},
    )


def test_reads_miss_and_writes_drop_while_redis_is_away(redis_server, fast_retry):
    cache = make_cache(redis_server)
    cache.set("a", 1)
    assert cache.get("a") == 1
    redis_server.stop()
    assert cache.get("a") is None
    assert cache.get("a", "mặc định") == "mặc định"
    cache.set("b", 2)
    assert cache.add("c", 3) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.delete("a") is False
    with pytest.raises(ValueError):
        cache.incr("a")
    assert cache.get_or_set("d", 4) == 4


def test_after_an_outage_nothing_from_before_is_read(redis_server, fast_retry, monkeypatch):
    cache = make_cache(redis_server)
    other = make_cache(redis_server, prefix="khac")  # e.g. the counters' keys
    monkeypatch.setattr("bantin.core.content_cache.cache", cache)
    tree = VersionedCache("tree")
    assert tree.get_or_build("trang", lambda: "bản cũ") == "bản cũ"
    other.set("giu-nguyen", 7)
    before = tree.version()

    redis_server.stop()
    tree.bump()  # a publish during the outage: this bump is lost
    assert tree.get_or_build("trang", lambda: "bản mới") == "bản mới"

    redis_server.start()  # the append-only file brings the old entries back
    time.sleep(0.1)
    assert tree.version() != before
    assert tree.get_or_build("trang", lambda: "bản mới") == "bản mới"
    assert other.get("giu-nguyen") == 7, "only this cache's own keys are dropped"


def test_no_wait_on_every_call_while_down(redis_server, monkeypatch):
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 5)
    cache = make_cache(redis_server)
    cache.set("a", 1)
    redis_server.stop()
    cache.get("a")  # notices the outage
    calls = []
    original = cache._cache.get
    monkeypatch.setattr(cache._cache, "get", lambda *a, **k: calls.append(a) or original(*a, **k))
    for _ in range(50):
        assert cache.get("a") is None
    assert calls == [], "within RETRY_SECONDS Redis is not tried again"


def test_one_client_object_serves_every_call(redis_server):
    cache = make_cache(redis_server)
    cache.set("a", 1)
    first = cache._cache.get_client()
    assert cache.get("a") == 1 and cache.get_many(["a"]) == {"a": 1}
    assert cache._cache.get_client() is first
    assert cache._cache.get_client(write=True) is first  # one server: one pool, one client
