"""gunicorn's configuration for bantin (`gunicorn -c deploy/gunicorn.conf.py bantin.wsgi`).

Every value can be overridden from the environment (the systemd unit reads
/etc/bantin/bantin.env; `scripts/prod` sets them for a local run).
"""

import gc
import multiprocessing
import os

# Which pool this is (docs/deploy.md, "Two pools"): `public` serves visitors without ever
# loading the admin (bantin.core.pools); `admin` serves /quan-tri/ and signed-in staff, which
# nginx sends it; `all` (the default) serves everything from one pool.
pool = os.environ.get("BANTIN_POOL", "all")
admin = pool == "admin"

# nginx is the only client: listen on loopback.
bind = os.environ.get("GUNICORN_ADMIN_BIND", "127.0.0.1:8001") if admin else os.environ.get(
    "GUNICORN_BIND", "127.0.0.1:8000")
# Threads let a worker overlap database and cache waits; processes use the cores.
worker_class = "gthread"
# Cores + 1 processes of 4 threads: on 2 cores, 3 processes served uncached pages 5–15 %
# faster than the usual 2 × cores + 1 (fewer processes contending for the cores; the
# threads cover the time spent waiting on PostgreSQL and Redis), with 40 % less memory
# (docs/performance.md, "The production stack under load").
# The admin pool serves a few editors: two processes unless GUNICORN_ADMIN_WORKERS says.
workers = int(os.environ.get("GUNICORN_ADMIN_WORKERS", 2) if admin else os.environ.get(
    "GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# A burst of visitors waits in the listen queue instead of being refused.
backlog = int(os.environ.get("GUNICORN_BACKLOG", 2048))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
# nginx keeps upstream connections open (keepalive in deploy/nginx/bantin.conf).
keepalive = 75
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 10000))
max_requests_jitter = max_requests // 10
# The master imports the application once and forks its workers from it (docs/performance.md,
# "Worker memory"): each worker then starts with Django, Wagtail and the application already
# in memory, pages it shares with the master and the other workers until it writes to them,
# and a worker that is replaced (max_requests, a crash) starts at once. New code is then
# loaded by a restart, not by a reload (HUP): see docs/deploy.md, "Upgrades".
# GUNICORN_PRELOAD=0 loads the application in each worker instead.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"


def when_ready(server):
    """In the master, after the preloaded application: what every worker loads on its first
    request is loaded here once (bantin.core.preload), then Python's objects so far are
    moved out of the garbage collector's reach, so that a collection in a worker does not
    write to (and so copy) the pages it shares with the master."""
    if server.cfg.preload_app:
        from bantin.core.preload import warm

        warm()
        gc.freeze()


def pre_fork(server, worker):
    """No worker may inherit the master's database connections (a socket used by two
    processes at once mixes their replies); each worker opens its own."""
    if server.cfg.preload_app:
        from django.db import connections

        connections.close_all()


# Proxy headers are trusted from nginx on this machine only.
forwarded_allow_ips = "127.0.0.1,::1"
proc_name = "bantin-admin" if admin else "bantin-web"
# Workers' heartbeat files in memory, not on a disk that may stall under load (gunicorn
# creates them with mkstemp).
_SHM = "/dev/shm"  # noqa: S108
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None

# Requests are logged by the application (one JSON line each, with nginx's request id);
# gunicorn's own messages go to stderr in the same JSON shape.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "bantin.core.logs.JSONFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # gunicorn would log every request here too: the application's line is enough.
        "gunicorn.access": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
