"""A separate process that records or flushes counted events, for the buffer tests.

    python counter_process.py write   # record events from threads, print what was acknowledged
    python counter_process.py flush   # flush in a loop until the stop file appears
    python counter_process.py hang    # flush, but stop dead at COUNTER_HANG (to be killed)

Its configuration (database, settings, what to record) comes as JSON in COUNTER_CONFIG, so
it works on the test database of the run that started it.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path

SCRIPT = Path(__file__).resolve()
PROJECT = SCRIPT.parents[2]


def stored_totals(site_id, events) -> dict:
    """The stored totals of `events` ("kind:id" keys; visits summed for the site), in a test."""
    from bantin.audience import counting
    from bantin.audience.models import SiteDailyVisits

    found = {
        f"{kind}:{object_id}": counting.totals([kind], object_id)[kind]
        for kind, object_id in events if kind != counting.SITE_VISIT
    }
    found[f"{counting.SITE_VISIT}:0"] = sum(
        SiteDailyVisits.objects.filter(site_id=site_id).values_list("visits", flat=True)
    )
    return found


def expected_totals(events, *reports) -> dict:
    """What the writer processes' reports say was acknowledged, added up."""
    total = {f"{kind}:{object_id}": 0 for kind, object_id in events}
    for report in reports:
        for key, n in report["acked"].items():
            total[key] += n
    return total


def spawn(mode: str, config: dict, **popen):
    """Start this script in `mode` (from a test); its stdout is a pipe."""
    import subprocess

    env = {**os.environ, "COUNTER_CONFIG": json.dumps(config, default=str),
           "PYTHONPATH": str(PROJECT), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, str(SCRIPT), mode], env=env, cwd=PROJECT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen,
    )


def finish(process, timeout: float = 300) -> dict:
    """Wait for a spawned process and return the JSON it printed last."""
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err[-3000:]
    return json.loads(out.strip().splitlines()[-1])


def kill_when_hanging(process, timeout: float = 120) -> None:
    """Wait until a `hang` process has stopped at its point, then SIGKILL it."""
    import signal

    line = process.stdout.readline()
    if line.strip() != "HANGING":
        process.kill()
        _, err = process.communicate()
        raise AssertionError(f"the flush did not reach its hang point: {line!r} {err[-3000:]}")
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=timeout)


def setup() -> dict:
    config = json.loads(os.environ["COUNTER_CONFIG"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bantin.settings.test")
    from django.conf import settings

    settings.DATABASES["default"].update(config["database"])
    for name, value in config["settings"].items():
        setattr(settings, name, value)
    import django

    django.setup()
    return config


def write(config: dict) -> None:
    """Record events from several threads; print the acknowledged ones per key."""
    from bantin.audience import counting

    events = [tuple(e) for e in config["events"]]  # (kind, object_id)
    site_id, threads, per_thread = config.get("site"), config["threads"], config["per_thread"]
    stop = Path(config["stop"]) if config.get("stop") else None
    acked: Counter = Counter()
    refused: Counter = Counter()
    lock = threading.Lock()
    buffer = counting.get_buffer()
    fallback = getattr(buffer, "fallback", None)
    fell_back = Counter()
    if fallback is not None:
        original = fallback.add

        def counted_add(*args, **kwargs):
            with lock:
                fell_back["events"] += 1
            return original(*args, **kwargs)

        fallback.add = counted_add

    def run(index: int) -> None:
        mine, theirs = Counter(), Counter()
        i = 0
        while i < per_thread or (stop is not None and not stop.exists()):
            kind, object_id = events[(i + index) % len(events)]
            if kind == counting.SITE_VISIT:
                ok = counting.record_visit(site_id, f"visitor-{os.getpid()}-{index}-{i}", True)
            else:
                ok = counting.record(kind, object_id)
            (mine if ok else theirs)[f"{kind}:{object_id}"] += 1
            i += 1
            if stop is not None and config.get("pause"):
                time.sleep(config["pause"])
        with lock:
            acked.update(mine)
            refused.update(theirs)

    pool = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    print(json.dumps({"acked": acked, "refused": refused, "fell_back": fell_back["events"]}))


def flush_loop(config: dict) -> None:
    from django.db import close_old_connections

    from bantin.audience import counting

    stop = Path(config["stop"])
    flushed = 0
    print("FLUSHING", flush=True)
    while not stop.exists():
        close_old_connections()
        flushed += counting.flush()
        time.sleep(config.get("interval", 0.02))
    print(json.dumps({"flushed": flushed}))


def hang(config: dict) -> None:
    """Flush, and at the chosen point say so and wait to be killed."""
    from bantin.audience import batches, counting

    def stop_dead() -> None:
        print("HANGING", flush=True)
        time.sleep(3600)

    where = config["hang"]
    if where == "in-transaction":  # totals written, transaction still open
        original = batches._upsert_presence

        def upsert_then_hang(rows):
            original(rows)
            stop_dead()

        batches._upsert_presence = upsert_then_hang
    elif where == "after-commit":  # totals committed, claimed batch not yet deleted
        original_apply = batches.apply

        def apply_then_hang(*args, **kwargs):
            original_apply(*args, **kwargs)
            stop_dead()

        batches.apply = apply_then_hang
    else:
        raise SystemExit(f"unknown hang point {where}")
    counting.flush()
    print("FLUSHED WITHOUT HANGING", flush=True)


if __name__ == "__main__":
    configuration = setup()
    {"write": write, "flush": flush_loop, "hang": hang}[sys.argv[1]](configuration)
