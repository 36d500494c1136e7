"""deploy/gunicorn.conf.py: the master preloads the application and what every worker
needs on its first request, freezes it for the garbage collector, and leaves no database
connection for a worker to inherit (docs/performance.md, "Worker memory")."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "deploy" / "gunicorn.conf.py"


def test_preload_is_the_default_and_can_be_turned_off(monkeypatch):
    monkeypatch.delenv("GUNICORN_PRELOAD", raising=False)
    assert runpy.run_path(str(CONF))["preload_app"] is True
    monkeypatch.setenv("GUNICORN_PRELOAD", "0")
    assert runpy.run_path(str(CONF))["preload_app"] is False


FORK = """
import runpy, sys, types
import django
django.setup()
from django.db import connection
pre_fork = runpy.run_path(sys.argv[1])["pre_fork"]
def server(preload):
    return types.SimpleNamespace(cfg=types.SimpleNamespace(preload_app=preload))
connection.ensure_connection()
pre_fork(server(False), None)
assert connection.connection is not None  # nothing preloaded: nothing to close
pre_fork(server(True), None)
assert connection.connection is None
with connection.cursor() as cursor:  # the worker opens its own on its first query
    cursor.execute("SELECT 1")
    print(cursor.fetchone()[0])
"""


def test_no_worker_inherits_the_masters_database_connection(tmp_path):
    # In a process of its own, on a database of its own: closing the connections of the
    # test run's process would end the transaction its tests run in.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "bantin.settings.dev",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'master.sqlite3'}",
           "BANTIN_VAR_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", FORK, str(CONF)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["1"]


MASTER = """
import gc, runpy, sys, types
import django
django.setup()
from wagtail import hooks
conf = runpy.run_path(sys.argv[1])
assert "wagtail.admin.urls" not in sys.modules and not hooks._searched_for_hooks
assert gc.get_freeze_count() == 0
conf["when_ready"](types.SimpleNamespace(cfg=types.SimpleNamespace(preload_app=True)))
print("urls" if "wagtail.admin.urls" in sys.modules else "-",
      "hooks" if hooks._searched_for_hooks else "-",
      "public-hooks" if hooks._hooks.get("before_serve_page") else "-",
      "frozen" if gc.get_freeze_count() > 1000 else "-",
      conf["bind"], conf["proc_name"])
"""


@pytest.mark.parametrize("pool, loaded", [
    ("all", ["urls", "hooks", "public-hooks", "frozen", "127.0.0.1:8000", "bantin-web"]),
    ("admin", ["urls", "hooks", "public-hooks", "frozen", "127.0.0.1:8001", "bantin-admin"]),
    # The public pool: its URLs without the admin's, the public hooks only (bantin.core.pools).
    ("public", ["-", "-", "public-hooks", "frozen", "127.0.0.1:8000", "bantin-web"]),
])
def test_the_master_loads_urls_and_hooks_then_freezes_before_forking(pool, loaded):
    # In a process of its own: what a test process has already imported proves nothing,
    # and a frozen heap would stay frozen for the rest of the run.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BANTIN_POOL": pool}
    for name in ("GUNICORN_BIND", "GUNICORN_ADMIN_BIND"):
        env.pop(name, None)
    result = subprocess.run([sys.executable, "-c", MASTER, str(CONF)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == loaded


CLIENT_LIBRARIES = """
import runpy, sys, types
import django
django.setup()
before = "redis" in sys.modules
conf = runpy.run_path(sys.argv[1])
conf["when_ready"](types.SimpleNamespace(cfg=types.SimpleNamespace(preload_app=True)))
print("before" if before else "-", "redis" if "redis" in sys.modules else "-",
      "cryptography" if "cryptography.hazmat" in sys.modules else "-")
"""


def test_the_master_loads_the_cache_client_but_not_the_passkey_cryptography(tmp_path):
    # Production settings with Redis: every worker would otherwise import redis-py (6 MB
    # of Python objects) on its first request, each for itself. The passkey library's
    # cryptography is left out until a passkey view needs it (bantin.core.lazy_imports;
    # redis-py imports the `cryptography` package itself, a few kB, to see if it is there).
    env = {**os.environ, "PYTHONPATH": str(ROOT),
           "DJANGO_SETTINGS_MODULE": "bantin.settings.production",
           "SECRET_KEY": "preload-test-" + "x" * 40, "ALLOWED_HOSTS": "localhost",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'master.sqlite3'}",
           "REDIS_URL": "redis://127.0.0.1:9/0",  # never connected to: nothing is read
           "BANTIN_VAR_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", CLIENT_LIBRARIES, str(CONF)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["-", "redis", "-"]
