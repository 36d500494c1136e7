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


def _optional(name: str, connection) -> None:
    step = getattr(of(connection), name, None)
    if step is not None:
        step(connection)


def bulk(connection) -> None:
    """Within a transaction that rewrites much of the index and ends with `optimize`:
    per-entry upkeep that `optimize` redoes at once stands aside (PostgreSQL's
    vocabulary); a no-op elsewhere."""
    _optional("bulk", connection)


def recount_words(connection) -> None:
    """Bring the vocabulary's counts up to date where they are kept apart from the index
    (PostgreSQL); FTS5's vocabulary is the index's own and always exact."""
    _optional("recount_words", connection)
