"""What `/healthz` checks: the database, the cache (Redis in production), the worker's
queue and heartbeat, and the free disk under MEDIA_ROOT.

Each check returns a dict with `ok` and a few plain figures. Failures name the kind of
error only: exception messages can carry host names, users or paths, so they go to the
log, never into the response.
"""

from __future__ import annotations

import logging
import shutil
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.db.models import Min
from django.db.models.functions import Greatest
from django.utils import timezone

logger = logging.getLogger("bantin.health")

# The worker writes time.time() here on every round of its clock (see the worker command).
HEARTBEAT_KEY = "bantin:worker:heartbeat"

DEFAULTS = {
    # A task that waits longer than this for the worker means the worker is down or swamped.
    "BANTIN_HEALTH_QUEUE_MAX_AGE": 300,
    # A worker heartbeat older than this means the worker has stopped (None: three
    # rounds of the worker's clock, and at least 180 s).
    "BANTIN_HEALTH_HEARTBEAT_MAX_AGE": None,
    # With this on, no heartbeat at all is a failure too (a fresh install without a worker).
    "BANTIN_HEALTH_REQUIRE_WORKER": False,
    # Less free space than this under MEDIA_ROOT is a failure.
    "BANTIN_HEALTH_MIN_FREE_MB": 1024,
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])


def _failed(check: str, exc: BaseException) -> dict:
    logger.error("Health check %s failed: %s", check, exc, exc_info=exc)
    return {"ok": False, "error": type(exc).__name__}


def _timed(fn):
    started = time.perf_counter()
    result = fn()
    result["ms"] = round((time.perf_counter() - started) * 1000, 2)
    return result


def check_database() -> dict:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return _failed("database", exc)
    return {"ok": True, "vendor": connections["default"].vendor}


def check_cache() -> dict:
    cache = caches["default"]
    key = f"bantin:healthz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    try:
        cache.set(key, value, 30)
        read = cache.get(key)
        cache.delete(key)
    except Exception as exc:
        return _failed("cache", exc)
    backend = type(cache).__name__
    if read != value:
        logger.error("Health check cache failed: a value written was not read back")
        return {"ok": False, "backend": backend, "error": "value not read back"}
    return {"ok": True, "backend": backend}


def oldest_ready_age(now=None) -> float | None:
    """Seconds the longest-waiting runnable task has waited, or None when none waits.

    A task waits from when it was enqueued, or from its `run_after` time when that is
    later; tasks whose `run_after` is still in the future are not waiting yet.
    """
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    unscheduled = ready.filter(run_after=get_date_max()).aggregate(t=Min("enqueued_at"))["t"]
    scheduled = (
        ready.filter(run_after__lte=now)
        .aggregate(t=Min(Greatest("enqueued_at", "run_after")))["t"]
    )
    since = [t for t in (unscheduled, scheduled) if t is not None]
    if not since:
        return None
    return max(0.0, (now - min(since)).total_seconds())


def check_queue() -> dict:
    try:
        age = oldest_ready_age()
    except Exception as exc:
        return _failed("queue", exc)
    limit = setting("BANTIN_HEALTH_QUEUE_MAX_AGE")
    result = {
        "ok": age is None or age <= limit,
        "oldest_ready_seconds": None if age is None else round(age, 1),
        "max_age_seconds": limit,
    }
    if not result["ok"]:
        logger.error("Health check queue failed: a task has waited %.0f s", age)
    return result


def check_worker() -> dict:
    limit = setting("BANTIN_HEALTH_HEARTBEAT_MAX_AGE") or max(
        180, 3 * getattr(settings, "BANTIN_PERIODIC_SECONDS", 30)
    )
    try:
        beat = caches["default"].get(HEARTBEAT_KEY)
    except Exception as exc:
        return _failed("worker", exc)
    if beat is None:
        required = bool(setting("BANTIN_HEALTH_REQUIRE_WORKER"))
        return {"ok": not required, "last_heartbeat_seconds": None,
                "max_age_seconds": limit}
    age = max(0.0, time.time() - float(beat))
    result = {"ok": age <= limit, "last_heartbeat_seconds": round(age, 1),
              "max_age_seconds": limit}
    if not result["ok"]:
        logger.error("Health check worker failed: last heartbeat %.0f s ago", age)
    return result


def _existing(path: Path) -> Path:
    """MEDIA_ROOT may not exist yet on a new install: measure the disk it will be on."""
    path = path.resolve()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_disk() -> dict:
    minimum = setting("BANTIN_HEALTH_MIN_FREE_MB")
    try:
        usage = shutil.disk_usage(_existing(Path(settings.MEDIA_ROOT)))
    except Exception as exc:
        return _failed("disk", exc)
    free_mb = usage.free // (1024 * 1024)
    result = {"ok": free_mb >= minimum, "free_mb": free_mb, "min_free_mb": minimum,
              "free_percent": round(100 * usage.free / usage.total, 1) if usage.total else 0}
    if not result["ok"]:
        logger.error("Health check disk failed: %s MB free under MEDIA_ROOT", free_mb)
    return result


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "queue": check_queue,
    "worker": check_worker,
    "disk": check_disk,
}


def run_checks() -> tuple[bool, dict]:
    results = {name: _timed(check) for name, check in CHECKS.items()}
    return all(r["ok"] for r in results.values()), results


def beat(cache=None) -> None:
    """Record that a worker is alive (called by the worker's clock on every round)."""
    (cache or caches["default"]).set(HEARTBEAT_KEY, time.time(), None)
