"""Production: every secret comes from the environment, and nothing starts without them."""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in the environment for production.")
    if "CHANGE-ME" in value:
        raise ImproperlyConfigured(
            f"{name} still holds the template's CHANGE-ME placeholder: set the real value."
        )
    return value


DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
# Persistent connections, checked before each request reuses them, so a restarted
# PostgreSQL costs one failed check instead of errors on every worker.
DATABASES = {
    "default": dj_database_url.parse(
        _required("DATABASE_URL"),
        conn_max_age=int(os.environ.get("BANTIN_CONN_MAX_AGE", 60)),
        conn_health_checks=True,
    )
}
if os.environ.get("MEDIA_ROOT"):
    MEDIA_ROOT = os.environ["MEDIA_ROOT"]
if os.environ.get("STATIC_ROOT"):
    STATIC_ROOT = os.environ["STATIC_ROOT"]
# Files handed out by views after their checks (broadcast audio) are sent by nginx from
# this internal location (deploy/nginx/bantin.conf); empty: Django streams them itself.
BANTIN_ACCEL_REDIRECT = os.environ.get("BANTIN_ACCEL_REDIRECT", "/_protected/media/")
# Hashed file names: nginx can then let browsers keep static files for a year.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {
        "BACKEND": "bantin.core.staticfiles.RememberingManifestStaticFilesStorage",
    },
}

# Redis, when there is one, is the cache every process shares; the embedded default
# (files under var/cache) stays otherwise. The renditions cache stays in each process.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        **CACHES,  # noqa: F405
        "default": {
            "BACKEND": "bantin.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("BANTIN_CACHE_PREFIX", "bantin"),
            # Fail fast when Redis is away instead of holding the request for a minute.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        },
    }
# Sessions read from the cache and survive its loss (they are written to the database too).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Counted events wait in Redis when there is one (falling back to files while it is away),
# in files under BANTIN_VAR_DIR otherwise; see docs/architecture.md, "Counters".
if REDIS_URL:
    BANTIN_REDIS_URL = REDIS_URL
    BANTIN_COUNTER_BUFFER = "bantin.audience.buffers.RedisBuffer"
if os.environ.get("BANTIN_COUNTER_BUFFER"):
    BANTIN_COUNTER_BUFFER = os.environ["BANTIN_COUNTER_BUFFER"]

# The health endpoint's limits (see bantin/core/health.py).
BANTIN_HEALTH_QUEUE_MAX_AGE = int(os.environ.get("BANTIN_HEALTH_QUEUE_MAX_AGE", 300))
BANTIN_HEALTH_MIN_FREE_MB = int(os.environ.get("BANTIN_HEALTH_MIN_FREE_MB", 1024))
BANTIN_HEALTH_REQUIRE_WORKER = os.environ.get("BANTIN_HEALTH_REQUIRE_WORKER") == "1"

# Structured logs on stderr, one JSON object per line, each request with its id
# (nginx's X-Request-ID), method, path, status and duration.
MIDDLEWARE = ["bantin.core.logs.RequestLogMiddleware", *MIDDLEWARE]  # noqa: F405
LOG_LEVEL = os.environ.get("BANTIN_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "bantin.core.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "bantin.core.logs.JSONFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "bantin": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # Client errors are in the request lines already; server errors keep their traceback.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
SESSION_COOKIE_SECURE = os.environ.get("BANTIN_INSECURE_COOKIES") != "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# nginx redirects http to https (certbot sets that up); Django itself must keep answering
# plain http on loopback for health probes, so it does not redirect.
SILENCED_SYSTEM_CHECKS = ["security.W008"]
# Once https works for every host name, e.g. BANTIN_HSTS_SECONDS=31536000; subdomains and
# the preload list only when every subdomain serves https (docs/security.md).
SECURE_HSTS_SECONDS = int(os.environ.get("BANTIN_HSTS_SECONDS", 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("BANTIN_HSTS_INCLUDE_SUBDOMAINS") == "1"
SECURE_HSTS_PRELOAD = os.environ.get("BANTIN_HSTS_PRELOAD") == "1"
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")
