"""Structured logs (one JSON object a line, with the request's id, method, path, status and
duration) and what the production settings make of the environment."""

import io
import json
import logging
import os
import re
import subprocess
import sys
from unittest import mock

import pytest
from django.conf import settings
from django.test import override_settings

from bantin.core import health
from bantin.core.logs import JSONFormatter, RequestIdFilter, request_logger

LOGGED_MIDDLEWARE = ["bantin.core.logs.RequestLogMiddleware", *settings.MIDDLEWARE]


@pytest.fixture
def log_lines():
    """What the bantin loggers write, through the production formatter and filter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONFormatter())
    handler.addFilter(RequestIdFilter())
    loggers = [request_logger, logging.getLogger("bantin.health")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for lg, level in zip(loggers, levels, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)


def test_formatter_writes_one_json_object_per_record():
    logger = logging.getLogger("bantin.test")
    record = logger.makeRecord(
        "bantin.test", logging.WARNING, __file__, 1, "Không đọc được %s\nhai dòng", ("tệp",),
        None, extra={"unit": "xã Phúc Khoa", "odd": object()},
    )
    line = JSONFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "WARNING" and entry["logger"] == "bantin.test"
    assert entry["message"] == "Không đọc được tệp\nhai dòng"
    assert entry["unit"] == "xã Phúc Khoa" and entry["odd"].startswith("<object")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", entry["time"])
    assert "request_id" not in entry, "no request, no id"
    assert "Không" in line, "Vietnamese stays readable"


def test_formatter_includes_the_traceback():
    try:
        raise ValueError("hỏng")
    except ValueError:
        record = logging.getLogger("bantin.test").makeRecord(
            "bantin.test", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    entry = json.loads(JSONFormatter().format(record))
    assert "ValueError: hỏng" in entry["exception"]


@pytest.mark.django_db
@override_settings(MIDDLEWARE=LOGGED_MIDDLEWARE)
def test_each_request_gets_an_id_and_one_log_line(client, log_lines):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    [line] = [e for e in log_lines() if e["logger"] == "bantin.request"]
    assert line["request_id"] == request_id
    assert line["method"] == "GET" and line["path"] == "/khong-co-trang-nay/"
    assert line["status"] == 404 and line["level"] == "WARNING"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0

    second = client.get("/khong-co-trang-nay/")
    assert second["X-Request-ID"] != request_id


@pytest.mark.django_db
@override_settings(MIDDLEWARE=LOGGED_MIDDLEWARE)
def test_nginx_request_id_is_kept_and_a_malformed_one_replaced(client, log_lines):
    nginx_id = "0ac88267fb3577e5dff4a0f0ed5b1465"
    assert client.get("/healthz", HTTP_X_REQUEST_ID=nginx_id)["X-Request-ID"] == nginx_id
    for bad in ("a b c d e f g h", "x" * 65, "short", "id\r\nSet-Cookie: a=b", "<script>1234"):
        request_id = client.get("/healthz", HTTP_X_REQUEST_ID=bad)["X-Request-ID"]
        assert request_id != bad and re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert {e["request_id"] for e in log_lines()} >= {nginx_id}


@pytest.mark.django_db
@override_settings(MIDDLEWARE=LOGGED_MIDDLEWARE, BANTIN_HEALTH_MIN_FREE_MB=10**12)
def test_lines_logged_during_a_request_carry_its_id(client, log_lines):
    health.beat()
    response = client.get("/healthz")
    assert response.status_code == 503
    lines = log_lines()
    disk = [e for e in lines if e["logger"] == "bantin.health"]
    assert disk and disk[0]["request_id"] == response["X-Request-ID"]
    assert "disk" in disk[0]["message"]
    [request] = [e for e in lines if e["logger"] == "bantin.request"]
    assert request["status"] == 503 and request["level"] == "ERROR"


@pytest.mark.django_db
@override_settings(MIDDLEWARE=LOGGED_MIDDLEWARE)
def test_a_request_that_raises_is_logged_and_still_raises(client, log_lines):
    client.raise_request_exception = True
    with mock.patch("bantin.core.views.health.run_checks", side_effect=RuntimeError("boom")):
        with pytest.raises(RuntimeError):
            client.get("/healthz")
    [line] = [e for e in log_lines() if e["logger"] == "bantin.request"]
    assert line["status"] == 500 and line["path"] == "/healthz"


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "bantin.settings.production",
    "SECRET_KEY": "a-real-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "portal.example.vn",
}


def run_production(tmp_path, code: str | None, **env):
    """`shell -c code` (or `check` without code) under the production settings."""
    environment = {**os.environ, **PRODUCTION_ENV,
                   "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                   "BANTIN_VAR_DIR": str(tmp_path), **env}
    for name in ("REDIS_URL", "BANTIN_COUNTER_BUFFER"):
        if name not in env:
            environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "bantin", *(["shell", "-c", code] if code else ["check"])],
        env=environment,
        capture_output=True, text=True, timeout=120,
    )


def test_production_logs_are_json_lines(tmp_path):
    result = run_production(
        tmp_path, "import logging; logging.getLogger('bantin.demo').warning('xin chào %s', 'bạn')"
    )
    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stderr.strip().splitlines()[-1])
    assert entry["message"] == "xin chào bạn" and entry["logger"] == "bantin.demo"
    assert entry["level"] == "WARNING"


SHOW_SETTINGS = (
    "import json; from django.conf import settings as s;"
    "print(json.dumps({'cache': s.CACHES['default']['BACKEND'],"
    "'renditions': s.CACHES['renditions']['BACKEND'], 'session': s.SESSION_ENGINE,"
    "'buffer': s.BANTIN_COUNTER_BUFFER, 'health_checks': s.DATABASES['default']"
    "['CONN_HEALTH_CHECKS'], 'max_age': s.DATABASES['default']['CONN_MAX_AGE'],"
    "'first_middleware': s.MIDDLEWARE[0], 'static': s.STORAGES['staticfiles']['BACKEND']}))"
)


def test_production_settings_follow_the_environment(tmp_path):
    result = run_production(tmp_path, SHOW_SETTINGS)
    assert result.returncode == 0, result.stderr
    plain = json.loads(result.stdout.strip().splitlines()[-1])
    assert plain["cache"].endswith("FileBasedCache"), "no Redis: the embedded file cache"
    assert plain["buffer"] == "bantin.audience.buffers.FileBuffer"
    assert plain["session"] == "django.contrib.sessions.backends.cached_db"
    assert plain["health_checks"] is True and plain["max_age"] == 60
    assert plain["first_middleware"] == "bantin.core.logs.RequestLogMiddleware"
    assert plain["static"].endswith("ManifestStaticFilesStorage")

    result = run_production(tmp_path, SHOW_SETTINGS, REDIS_URL="redis://127.0.0.1:6379/3")
    assert result.returncode == 0, result.stderr
    redis = json.loads(result.stdout.strip().splitlines()[-1])
    assert redis["cache"] == "bantin.core.cache.ResilientRedisCache"
    assert redis["buffer"] == "bantin.audience.buffers.RedisBuffer"

    result = run_production(
        tmp_path, SHOW_SETTINGS, REDIS_URL="redis://127.0.0.1:6379/3",
        BANTIN_COUNTER_BUFFER="bantin.audience.buffers.FileBuffer",
    )
    assert json.loads(result.stdout.strip().splitlines()[-1])["buffer"].endswith("FileBuffer")
    assert redis["renditions"].endswith("LocMemCache"), "renditions stay in each process"


def test_production_refuses_the_templates_placeholders(tmp_path):
    result = run_production(tmp_path, None, SECRET_KEY="CHANGE-ME")
    assert result.returncode != 0
    assert "SECRET_KEY still holds the template's CHANGE-ME placeholder" in result.stderr
    result = run_production(
        tmp_path, None, DATABASE_URL="postgres://bantin:CHANGE-ME@127.0.0.1:5432/bantin"
    )
    assert result.returncode != 0
    assert "DATABASE_URL still holds" in result.stderr
    assert run_production(tmp_path, None).returncode == 0
