"""The Redis counter buffer: exact across a flush killed mid-way and a Redis restarted
during a burst, falling back to files (and still counting) while Redis is away.

A private Redis is started with scripts/services (its own port and data directory, with
appendonly as in production). Where Redis cannot be started the tests are skipped, except
when the run is meant to have Redis (BANTIN_TEST_REDIS_URL or CI set): then they fail.
"""

import datetime as dt
import os
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from counter_process import expected_totals, finish, kill_when_hanging, spawn, stored_totals
from django.db import connection
from django.utils import timezone

from bantin.audience import counting
from bantin.audience.models import SiteDailyVisits

PROJECT = Path(__file__).resolve().parents[2]
EVENTS = [
    (counting.PAGE_VIEW, 201), (counting.LAW_VIEW, 8), (counting.RATING_COUNT, 201),
    (counting.BANNER_CLICK, 4), (counting.SITE_VISIT, 0),
]


class PrivateRedis:
    def __init__(self, directory: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.env = {**os.environ, "BANTIN_REDIS_PORT": str(self.port),
                    "BANTIN_SERVICES_DIR": str(directory)}
        self.pidfile = directory / "redis" / "redis.pid"

    def services(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(PROJECT / "scripts" / "services"), *args], env=self.env,
                              capture_output=True, text=True, timeout=600)

    def start(self, wait: float = 60) -> None:
        result = self.services("start", "redis")
        deadline = time.monotonic() + wait  # a loaded machine may take a while to load the AOF
        while result.returncode == 0 and not self.ping() and time.monotonic() < deadline:
            time.sleep(0.1)
        if result.returncode != 0 or not self.ping():
            raise RuntimeError(f"Redis did not start: {result.stderr[-2000:]}")

    def ping(self) -> bool:
        return subprocess.run(["redis-cli", "-p", str(self.port), "ping"],
                              capture_output=True, text=True).stdout.strip() == "PONG"

    def shutdown(self) -> None:
        subprocess.run(["redis-cli", "-p", str(self.port), "shutdown"], capture_output=True,
                       timeout=60)
        deadline = time.monotonic() + 60
        while self.ping() and time.monotonic() < deadline:
            time.sleep(0.05)
        # Until the old server has exited (AOF written), a new one cannot take the port.
        while self.pidfile.exists() and time.monotonic() < deadline:
            try:
                os.kill(int(self.pidfile.read_text().strip()), 0)
            except (ProcessLookupError, ValueError):
                break
            time.sleep(0.05)


@pytest.fixture(scope="module")
def private_redis(tmp_path_factory):
    server = PrivateRedis(tmp_path_factory.mktemp("redis-services"))
    try:
        server.start()
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as exc:
        if os.environ.get("BANTIN_TEST_REDIS_URL") or os.environ.get("CI"):
            pytest.fail(f"Redis is expected in this run but could not be started: {exc}")
        pytest.skip(f"Redis cannot be started here: {exc}")
    yield server
    server.services("stop", "redis")


@pytest.fixture
def redis_buffer(settings, private_redis):
    if not private_redis.ping():
        private_redis.start()
    settings.BANTIN_REDIS_URL = private_redis.url
    settings.BANTIN_COUNTER_REDIS_PREFIX = f"test-counters-{uuid.uuid4().hex}"
    settings.BANTIN_COUNTER_BUFFER = "bantin.audience.buffers.RedisBuffer"
    return counting.get_buffer()


def _config(settings, site_id, **extra) -> dict:
    return {
        "database": {"NAME": connection.settings_dict["NAME"]},
        "settings": {
            name: str(getattr(settings, name)) for name in (
                "BANTIN_COUNTER_SPOOL_DIR", "BANTIN_COUNTER_BUFFER", "BANTIN_REDIS_URL",
                "BANTIN_COUNTER_REDIS_PREFIX",
            )
        },
        "site": site_id,
        "events": EVENTS,
        **extra,
    }


def stored(site_id) -> dict:
    return stored_totals(site_id, EVENTS)


def expected(*reports) -> dict:
    return expected_totals(EVENTS, *reports)


def leftovers(buffer) -> list:
    keys = list(buffer.client.scan_iter(match=f"{buffer.prefix}:*"))
    return sorted(k.decode() for k in keys if b":seq:" not in k and b":online:" not in k)


@pytest.mark.django_db
def test_counts_and_visitors_go_through_redis(redis_buffer, hub, settings):
    site_id = hub["site"].pk
    for _ in range(3):
        assert counting.record(counting.PAGE_VIEW, 201)
    assert counting.record_visit(site_id, "visitor-aaaaaaaaaaaaaaaa", new_visit=True)
    assert counting.record_visit(site_id, "visitor-bbbbbbbbbbbbbbbb", new_visit=False,
                                 now=timezone.now() - dt.timedelta(minutes=6))
    assert not list(Path(settings.BANTIN_COUNTER_SPOOL_DIR).glob("*.log"))  # no file used
    assert counting.pending(counting.PAGE_VIEW, 201) == 3
    assert counting.visitor_stats(site_id, use_cache=False)["online"] == 1  # no flush needed
    assert counting.flush() == 4
    assert counting.totals([counting.PAGE_VIEW], 201)[counting.PAGE_VIEW] == 3
    assert SiteDailyVisits.objects.get(site_id=site_id).visits == 1
    assert leftovers(redis_buffer) == []
    assert counting.forget_inactive() == 1
    assert counting.visitor_stats(site_id, use_cache=False)["online"] == 1


@pytest.mark.django_db
def test_redis_down_falls_back_to_files_and_loses_nothing(redis_buffer, private_redis, hub,
                                                          settings):
    site_id = hub["site"].pk
    assert counting.record(counting.PAGE_VIEW, 201)
    private_redis.shutdown()
    for _ in range(5):  # the first goes to Redis and fails; the rest go straight to files
        assert counting.record(counting.PAGE_VIEW, 201)
    assert counting.record_visit(site_id, "visitor-cccccccccccccccc", new_visit=True)
    assert list(Path(settings.BANTIN_COUNTER_SPOOL_DIR).glob("spool-*.log"))
    assert counting.visitor_stats(site_id, use_cache=False)["online"] == 0  # shown, not raised
    # While Redis is away, the file holding an event of uncertain delivery waits for it.
    counting.flush()
    assert counting.totals([counting.PAGE_VIEW], 201)[counting.PAGE_VIEW] == 0
    private_redis.start()  # appendonly: what Redis had is back
    counting.flush()
    assert counting.totals([counting.PAGE_VIEW], 201)[counting.PAGE_VIEW] == 6
    assert SiteDailyVisits.objects.get(site_id=site_id).visits == 1
    assert counting.visitor_stats(site_id, use_cache=False)["online"] == 1
    assert not list(Path(settings.BANTIN_COUNTER_SPOOL_DIR).glob("*.log"))


@pytest.mark.django_db
def test_search_statistics_go_through_redis_and_its_file_fallback(redis_buffer, private_redis,
                                                                 hub):
    from bantin.search import stats
    from bantin.search.models import QueryStat

    site_id, day = hub["site"].pk, timezone.localdate()
    assert counting.record_labelled(stats.SEARCHED, site_id, "lu | lut", day)
    assert counting.record_labelled(stats.FOUND_NOTHING, site_id, "lu | lut", day)
    assert counting.record_labelled(stats.SEARCHED, 987654, "site gone", day)
    private_redis.shutdown()
    assert counting.record_labelled(stats.SEARCHED, site_id, "lu | lut", day)  # fails over
    assert counting.record_labelled(stats.SEARCHED, site_id, "lu | lut", day)  # to files
    private_redis.start()
    assert counting.flush() == 5
    assert list(QueryStat.objects.values_list("site_id", "query", "searches", "empty")) == [
        (site_id, "lu | lut", 3, 1)]  # the deleted site's row is dropped, not an error
    assert leftovers(redis_buffer) == []


@pytest.mark.django_db
def test_an_event_redis_took_before_failing_is_not_counted_again(redis_buffer, settings):
    buffer = redis_buffer
    writer, seq = buffer._writer()
    buffer._count(keys=[buffer._pending_key, buffer._seq_key(writer)],
                  args=[buffer._field(counting.PAGE_VIEW, 201, None), 1, seq, 60])
    # As if the reply had been lost: the same event also went to the file, marked.
    buffer.fallback.add(counting.PAGE_VIEW, 201, None, 1, marker=(writer, seq))
    buffer.fallback.add(counting.PAGE_VIEW, 201, None, 1, marker=(writer, seq + 1))
    assert counting.flush() == 2
    assert counting.totals([counting.PAGE_VIEW], 201)[counting.PAGE_VIEW] == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("point", ["in-transaction", "after-commit"])
def test_a_killed_flush_is_finished_exactly_once(redis_buffer, hub, settings, point):
    site_id = hub["site"].pk
    report = finish(spawn("write", _config(settings, site_id, threads=2, per_thread=100)))
    assert report["fell_back"] == 0
    killed = spawn("hang", _config(settings, site_id, hang=point))
    kill_when_hanging(killed)
    assert killed.returncode == -signal.SIGKILL
    assert len(leftovers(redis_buffer)) == 2  # the claimed hash and the set naming it
    want = expected(report)
    assert stored(site_id) == (want if point == "after-commit" else dict.fromkeys(want, 0))
    counting.flush()
    assert stored(site_id) == want
    assert leftovers(redis_buffer) == []
    assert counting.flush() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_redis_restarted_during_a_burst_loses_and_doubles_nothing(redis_buffer, private_redis,
                                                                   hub, settings, tmp_path):
    site_id = hub["site"].pk
    stop, flush_stop = tmp_path / "stop", tmp_path / "flush-stop"
    flusher = spawn("flush", _config(settings, site_id, stop=str(flush_stop), interval=0.2))
    writers = [
        spawn("write", _config(settings, site_id, threads=4, per_thread=300, stop=str(stop),
                               pause=0.002))
        for _ in range(2)
    ]
    assert flusher.stdout.readline().strip() == "FLUSHING"
    deadline = time.monotonic() + 120
    while counting.pending(counting.PAGE_VIEW, 201) + counting.totals(
        [counting.PAGE_VIEW], 201
    )[counting.PAGE_VIEW] < 50:
        assert time.monotonic() < deadline, "the writers did not start"
        time.sleep(0.2)
    private_redis.shutdown()  # `redis-cli shutdown` in the middle of the burst
    time.sleep(2)
    private_redis.start()  # scripts/services start redis
    time.sleep(2)
    stop.write_text("")
    reports = [finish(w) for w in writers]
    flush_stop.write_text("")
    finish(flusher)
    counting.flush()
    want = expected(*reports)
    assert all(not r["refused"] for r in reports)
    assert sum(r["fell_back"] for r in reports) > 0  # some events did go to files
    assert sum(want.values()) >= 2 * 4 * 300
    assert stored(site_id) == want
    assert leftovers(redis_buffer) == []
    assert not list(Path(settings.BANTIN_COUNTER_SPOOL_DIR).glob("*.log"))
