"""Test settings.

By default a file-backed SQLite database (so threads of a live server share it) and an
in-process cache. With BANTIN_TEST_DATABASE_URL set (as `make test` does for its second
run) the same suite runs on PostgreSQL, and with BANTIN_TEST_REDIS_URL on a Redis cache.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url

from .base import *  # noqa: F403
from .base import sqlite_database

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
_tmp = Path(os.environ.get("BANTIN_TEST_TMP", tempfile.gettempdir()))
_database_url = os.environ.get("BANTIN_TEST_DATABASE_URL", "").strip()
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url)}
    DATABASES["default"]["TEST"] = {"NAME": f"test_bantin_{os.getpid()}"}
else:
    DATABASES = {"default": sqlite_database(_tmp / "bantin-test.sqlite3")}
    DATABASES["default"]["TEST"] = {"NAME": str(_tmp / f"bantin-test-{os.getpid()}.sqlite3")}
MEDIA_ROOT = _tmp / f"bantin-test-media-{os.getpid()}"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# No broker unless a test starts one (tests/broadcast/mosquitto.py).
BANTIN_MQTT_URL = ""
BANTIN_MQTT_CREDENTIALS_DIR = _tmp / f"bantin-test-mosquitto-{os.getpid()}"
_redis_url = os.environ.get("BANTIN_TEST_REDIS_URL", "").strip()
if _redis_url:
    # Each test run uses its own key prefix, so parallel runs never see each other's keys.
    CACHES = {
        "default": {
            "BACKEND": "bantin.core.cache.ResilientRedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": f"test-{os.getpid()}",
        },
        "renditions": CACHES["renditions"],  # noqa: F405
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
