"""The full-text backend of the current database: `fts` (SQLite FTS5), `pg` (PostgreSQL
tsvector), or `like` (pattern matching on the folded columns, any other database)."""

from __future__ import annotations

import importlib
from types import ModuleType

_MODULES = {"sqlite": "fts", "postgresql": "pg"}


def of(connection) -> ModuleType:
    name = _MODULES.get(connection.vendor, "like")
    return importlib.import_module(f"{__package__}.{name}")


def suspend_index(connection) -> None:
    of(connection).suspend_index(connection)


def resume_index(connection) -> None:
    of(connection).resume_index(connection)


def optimize(connection) -> None:
    of(connection).optimize(connection)
