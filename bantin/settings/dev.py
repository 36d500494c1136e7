"""Local development and the demo: SQLite, debug on, loopback only.

`DATABASE_URL` and `REDIS_URL` in the environment (what `scripts/services env` prints)
switch the database to PostgreSQL and the cache to Redis; the test suite's PostgreSQL run
serves its live portal that way.
"""

import os

import dj_database_url

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret"  # noqa: S105 -- the demo is bound to 127.0.0.1
ALLOWED_HOSTS = ["127.0.0.1", "localhost", ".localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405 -- the embedded database lives here

if os.environ.get("DATABASE_URL", "").strip():
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"].strip())}
if os.environ.get("REDIS_URL", "").strip():
    CACHES = {
        **CACHES,  # noqa: F405
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"].strip(),
        },
    }
