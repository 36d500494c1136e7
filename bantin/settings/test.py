"""Test settings: a file-backed SQLite database so threads of a live server share it."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import sqlite_database

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
_tmp = Path(os.environ.get("BANTIN_TEST_TMP", tempfile.gettempdir()))
DATABASES = {"default": sqlite_database(_tmp / "bantin-test.sqlite3")}
DATABASES["default"]["TEST"] = {"NAME": str(_tmp / f"bantin-test-{os.getpid()}.sqlite3")}
MEDIA_ROOT = _tmp / f"bantin-test-media-{os.getpid()}"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
