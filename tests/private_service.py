"""A service from scripts/services (installed when missing) started for the tests on a free
port, with its files in a directory of its own: the SQLite and PostgreSQL runs of
`make test` go side by side, so a fixed port or directory would clash."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from bantin.importers.nukeviet.dump import free_port

SERVICES = Path(__file__).resolve().parents[1] / "scripts" / "services"


@contextlib.contextmanager
def running(name: str, port_variable: str, **environment: str):
    """Start service `name` with `port_variable` set to a free port and `environment` added;
    yields (port, its directory); stops it and removes its files afterwards. Skips the test
    when the service cannot be installed here."""
    services_dir = Path(tempfile.mkdtemp(prefix=f"bantin-test-{name}-"))
    port = free_port()
    env = {**os.environ, "BANTIN_SERVICES_DIR": str(services_dir),
           port_variable: str(port), **environment}
    install = subprocess.run([str(SERVICES), "install", name], env=env,
                             capture_output=True, text=True, check=False)
    if install.returncode != 0:
        shutil.rmtree(services_dir, ignore_errors=True)
        pytest.skip(f"{name} cannot be installed here: {install.stderr.strip()[-300:]}")
    try:
        subprocess.run([str(SERVICES), "start", name], env=env, check=True,
                       capture_output=True, text=True)
        yield port, services_dir / name
    finally:
        subprocess.run([str(SERVICES), "stop", name], env=env, check=False)
        shutil.rmtree(services_dir, ignore_errors=True)
