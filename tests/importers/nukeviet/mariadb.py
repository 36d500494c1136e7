"""A real MariaDB for the NukeViet import tests, run by scripts/services (installed when
missing) on a free port with its own data directory, so that the SQLite and PostgreSQL
runs of `make test` (in parallel) each have their own server."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pymysql
import pytest

from bantin.importers.nukeviet.dump import free_port

ROOT = Path(__file__).resolve().parents[3]
SERVICES = ROOT / "scripts" / "services"
USER, PASSWORD = "bantin-test", "mat-khau-thu-nghiem"


@dataclass
class Server:
    port: int
    directory: Path

    def url(self, database: str) -> str:
        return f"mysql://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str | None = None):
        return pymysql.connect(host="127.0.0.1", port=self.port, user=USER, password=PASSWORD,
                               database=database, charset="utf8mb4", autocommit=True)

    def create_database(self, prefix: str = "nv") -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        with self.connect() as conn, conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        return name


@pytest.fixture(scope="session")
def mariadb():
    services_dir = Path(tempfile.mkdtemp(prefix="bantin-test-mariadb-"))
    env = {**os.environ, "BANTIN_SERVICES_DIR": str(services_dir),
           "BANTIN_MARIADB_PORT": str(free_port()),
           "BANTIN_MARIADB_USER": USER, "BANTIN_MARIADB_PASSWORD": PASSWORD}
    install = subprocess.run([str(SERVICES), "install", "mariadb"], env=env,
                             capture_output=True, text=True, check=False)
    if install.returncode != 0:
        shutil.rmtree(services_dir, ignore_errors=True)
        pytest.skip(f"mariadb cannot be installed here: {install.stderr.strip()[-300:]}")
    subprocess.run([str(SERVICES), "start", "mariadb"], env=env, check=True,
                   capture_output=True, text=True)
    try:
        yield Server(int(env["BANTIN_MARIADB_PORT"]), services_dir / "mariadb")
    finally:
        subprocess.run([str(SERVICES), "stop", "mariadb"], env=env, check=False)
        shutil.rmtree(services_dir, ignore_errors=True)
