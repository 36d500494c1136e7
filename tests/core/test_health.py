"""/healthz: 200 when the database, cache, queue, worker and disk are fine; 503 naming the
failed check otherwise; never cached; no secrets in the answer."""

import datetime as dt
import json
import time
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone

from bantin.core import health

pytestmark = pytest.mark.django_db
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def get_health(client, **headers):
    response = client.get("/healthz", **headers)
    return response, json.loads(response.content)


def failed_checks(body) -> set[str]:
    return {name for name, check in body["checks"].items() if not check["ok"]}


def test_all_checks_pass_gives_200_and_is_never_cached(client):
    health.beat()
    response, body = get_health(client)
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "queue", "worker", "disk"}
    assert failed_checks(body) == set()
    assert body["checks"]["worker"]["last_heartbeat_seconds"] < 5
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    assert "Set-Cookie" not in response.headers, "the probe gets no session or CSRF cookie"


def test_answer_holds_no_secrets_or_paths(client):
    health.beat()
    response, _ = get_health(client)
    text = response.content.decode()
    assert settings.SECRET_KEY not in text
    assert str(settings.MEDIA_ROOT) not in text
    assert settings.DATABASES["default"]["NAME"] not in text
    for key in ("password", "PASSWORD", "LOCATION", "redis://", "postgres://"):
        assert key not in text


def test_database_failure_gives_503(client):
    with mock.patch.object(health, "connections") as connections:
        connections.__getitem__.return_value.cursor.side_effect = OperationalError(
            "connection to server at 10.0.0.5 failed: password authentication failed"
        )
        response, body = get_health(client)
    assert response.status_code == 503
    assert body["status"] == "fail"
    assert failed_checks(body) == {"database"}
    assert body["checks"]["database"]["error"] == "OperationalError"
    assert "10.0.0.5" not in response.content.decode(), "error messages stay in the log"


def test_cache_failure_gives_503_even_though_the_site_lookup_uses_the_cache(client):
    cache = caches["default"]
    with mock.patch.object(cache, "set", side_effect=ConnectionError("Redis is away")), \
            mock.patch.object(cache, "get", side_effect=ConnectionError("Redis is away")):
        response, body = get_health(client)
    assert response.status_code == 503
    assert {"cache", "worker"} == failed_checks(body)
    assert body["checks"]["cache"]["error"] == "ConnectionError"


def test_cache_that_loses_what_it_was_given_gives_503(client):
    cache = caches["default"]
    with mock.patch.object(cache, "get", return_value=None):
        response, body = get_health(client)
    assert response.status_code == 503
    assert failed_checks(body) == {"cache"}


@override_settings(TASKS=DB_TASKS, BANTIN_HEALTH_QUEUE_MAX_AGE=300)
def test_task_waiting_too_long_gives_503(client):
    from django_tasks_db.models import DBTaskResult

    from bantin.core.tasks import publish_scheduled

    health.beat()
    result = publish_scheduled.enqueue()
    response, body = get_health(client)
    assert response.status_code == 200, "a task just enqueued is not late"
    assert body["checks"]["queue"]["oldest_ready_seconds"] < 60

    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - dt.timedelta(seconds=301)
    )
    response, body = get_health(client)
    assert response.status_code == 503
    assert failed_checks(body) == {"queue"}
    assert body["checks"]["queue"]["oldest_ready_seconds"] >= 301


@override_settings(TASKS=DB_TASKS)
def test_finished_and_future_tasks_do_not_count_as_waiting(client):
    from django_tasks_db.models import DBTaskResult

    from bantin.core.tasks import publish_scheduled

    health.beat()
    long_ago = timezone.now() - dt.timedelta(hours=2)
    done = publish_scheduled.enqueue()
    later = publish_scheduled.using(run_after=timezone.now() + dt.timedelta(hours=1)).enqueue()
    DBTaskResult.objects.filter(pk=done.id).update(status="SUCCESSFUL", enqueued_at=long_ago)
    DBTaskResult.objects.filter(pk=later.id).update(enqueued_at=long_ago)
    response, body = get_health(client)
    assert response.status_code == 200, body
    assert body["checks"]["queue"]["oldest_ready_seconds"] is None

    # Once its time has come, a scheduled task waits from its run_after time.
    DBTaskResult.objects.filter(pk=later.id).update(
        run_after=timezone.now() - dt.timedelta(seconds=400)
    )
    response, body = get_health(client)
    assert response.status_code == 503
    assert 400 <= body["checks"]["queue"]["oldest_ready_seconds"] < 500


def test_stale_worker_heartbeat_gives_503(client):
    caches["default"].set(health.HEARTBEAT_KEY, time.time() - 3600, None)
    response, body = get_health(client)
    assert response.status_code == 503
    assert failed_checks(body) == {"worker"}
    assert body["checks"]["worker"]["last_heartbeat_seconds"] >= 3600


def test_missing_heartbeat_fails_only_when_a_worker_is_required(client):
    caches["default"].delete(health.HEARTBEAT_KEY)
    response, body = get_health(client)
    assert response.status_code == 200
    assert body["checks"]["worker"]["last_heartbeat_seconds"] is None
    with override_settings(BANTIN_HEALTH_REQUIRE_WORKER=True):
        response, body = get_health(client)
    assert response.status_code == 503
    assert failed_checks(body) == {"worker"}


def test_worker_clock_records_the_heartbeat():
    import threading

    from bantin.core.management.commands.worker import _clock

    caches["default"].delete(health.HEARTBEAT_KEY)
    stop = threading.Event()
    stop.wait = lambda interval: stop.set()  # one round, then stop
    _clock(stop, 30, periodic=False)
    assert time.time() - caches["default"].get(health.HEARTBEAT_KEY) < 5


def test_little_free_disk_gives_503(client, tmp_path):
    health.beat()
    with override_settings(BANTIN_HEALTH_MIN_FREE_MB=10**12, MEDIA_ROOT=tmp_path / "not-yet"):
        response, body = get_health(client)
    assert response.status_code == 503
    assert failed_checks(body) == {"disk"}
    assert body["checks"]["disk"]["free_mb"] < body["checks"]["disk"]["min_free_mb"]


def test_only_get_and_head_are_answered(client):
    health.beat()
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200
    response, body = get_health(client, QUERY_STRING="check=all&x=<script>")
    assert response.status_code == 200 and body["status"] == "ok"
