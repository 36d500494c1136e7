"""What counting one event costs a request, and what a flush costs the worker.

Records N events through `counting.record` with the file buffer (and the Redis buffer
when --redis-url is given), against a reference in the same run: the database write per
event the buffers replace (one INSERT of a row, committed, as the earlier PendingHit
buffer did), on the same SQLite database. Then flushes the N events and reports the time.

    python bench/counters.py --events 20000 [--redis-url redis://127.0.0.1:6379/0]
        [--database-url postgres://…]   # the reference INSERT on PostgreSQL instead

With Redis, a PING per event is measured too: the round trip every Redis call pays.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django(workdir: Path, database_url: str | None) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bantin.settings.dev"
    os.environ["BANTIN_VAR_DIR"] = str(workdir)
    import django
    from django.conf import settings

    if database_url:
        import dj_database_url

        settings.DATABASES["default"] = dj_database_url.parse(database_url)

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def per_event(fn, n: int) -> float:
    start = time.perf_counter()
    for i in range(n):
        fn(i)
    return (time.perf_counter() - start) / n * 1e6  # microseconds


def run(events: int, redis_url: str | None) -> dict:
    from django.db import connection
    from django.test.utils import override_settings

    from bantin.audience import counting

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_hit")
        cursor.execute("CREATE TABLE bench_hit (kind varchar(32), object_id bigint, n int)")

    def insert(i: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_hit VALUES (%s, %s, 1)", ["page_view", i % 500])

    results = {"events": events, "database": connection.vendor,
               "reference_db_insert_us": round(per_event(insert, events), 1)}
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_hit")
    if redis_url:
        import redis

        client = redis.Redis.from_url(redis_url)
        results["redis_ping_us"] = round(per_event(lambda i: client.ping(), events), 1)
    buffers = {"file": {"BANTIN_COUNTER_BUFFER": "bantin.audience.buffers.FileBuffer"}}
    if redis_url:
        buffers["redis"] = {
            "BANTIN_COUNTER_BUFFER": "bantin.audience.buffers.RedisBuffer",
            "BANTIN_REDIS_URL": redis_url,
            "BANTIN_COUNTER_REDIS_PREFIX": f"bench-{uuid.uuid4().hex}",
        }
    for name, overrides in buffers.items():
        with override_settings(**overrides):
            cost = per_event(lambda i: counting.record(counting.PAGE_VIEW, i % 500), events)
            start = time.perf_counter()
            flushed = counting.flush()
            flush_s = time.perf_counter() - start
            assert flushed == events, (name, flushed)
            results[name] = {
                "record_us": round(cost, 1),
                "ratio_to_db_insert": round(cost / results["reference_db_insert_us"], 3),
                "flush_s": round(flush_s, 3),
                "flush_events_per_s": round(events / flush_s),
            }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL"))
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bantin-bench-counters-") as tmp:
        setup_django(Path(tmp), args.database_url)
        print(json.dumps(run(args.events, args.redis_url), indent=2))


if __name__ == "__main__":
    main()
