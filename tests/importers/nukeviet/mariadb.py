"""A real MariaDB for the NukeViet import tests, run by scripts/services (installed when
missing) on a free port with its own data directory, so that the SQLite and PostgreSQL
runs of `make test` (in parallel) each have their own server."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

import pymysql
import pytest

from tests import private_service

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
    with private_service.running("mariadb", "BANTIN_MARIADB_PORT", BANTIN_MARIADB_USER=USER,
                                 BANTIN_MARIADB_PASSWORD=PASSWORD) as (port, directory):
        yield Server(port, directory)
