"""The PostgreSQL side of the index: a weighted tsvector over the folded columns, GIN
indexes, and the query that finds the newest matches.

The text is folded by `core.text.fold` before PostgreSQL sees it, exactly as for SQLite,
so the `simple` configuration (lower case, no stemming, no stop words) is all that is
needed: its lexemes are the index's tokens, and both databases match the same entries.
An `unaccent` configuration would fold a second time, differently (it does not know the
project's tone-style rules and folds some letters other ways); see docs/search.md.

`search_vector` (title A, lead B, body C) and `title_vector` are generated columns, so
every insert and update keeps them current without triggers; each has a GIN index.
"""

from __future__ import annotations

ENTRY_TABLE = "portal_search_entry"
VECTOR_INDEX = "portal_search_entry_vector"
TITLE_INDEX = "portal_search_entry_title_vector"
#: PostgreSQL keeps word positions up to 16,383 and a tsvector under 1 MB: the body is
#: indexed up to this many characters (the title and lead in full).
BODY_LIMIT = 100_000
TITLE_VECTOR = "title_vector"

# Stored, so that a scan that tests rows one by one reads the vector instead of computing
# it (a title's vector is small and stays in the row).
ADD_COLUMNS = [
    f"ALTER TABLE {ENTRY_TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, title_folded), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, lead_folded), 'B') || "
    f"setweight(to_tsvector('simple'::regconfig, left(body_folded, {BODY_LIMIT})), 'C')"
    ") STORED",
    f"ALTER TABLE {ENTRY_TABLE} ADD COLUMN title_vector tsvector GENERATED ALWAYS AS ("
    "to_tsvector('simple'::regconfig, title_folded)) STORED",
]
CREATE_INDEXES = [
    f"CREATE INDEX IF NOT EXISTS {VECTOR_INDEX} ON {ENTRY_TABLE} USING gin (search_vector)",
    f"CREATE INDEX IF NOT EXISTS {TITLE_INDEX} ON {ENTRY_TABLE} USING gin (title_vector)",
]
DROP_INDEXES = [f"DROP INDEX IF EXISTS {VECTOR_INDEX}", f"DROP INDEX IF EXISTS {TITLE_INDEX}"]
DROP_COLUMNS = [f"ALTER TABLE {ENTRY_TABLE} DROP COLUMN IF EXISTS {c}"
                for c in ("search_vector", "title_vector")]


def _run(statements, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for sql in statements:
            schema_editor.execute(sql)


def create(apps, schema_editor) -> None:
    """Migration step: the tsvector column and its GIN indexes (PostgreSQL only)."""
    _run([*ADD_COLUMNS, *CREATE_INDEXES], schema_editor)


def drop(apps, schema_editor) -> None:
    _run([*DROP_INDEXES, *DROP_COLUMNS], schema_editor)


def tsquery(query, *, any_word: bool, prefix: bool, weight: str = "") -> str:
    """A `to_tsquery` expression: every group (or any) as a phrase of quoted lexemes.

    Tokens hold letters and digits only (`query.tokens`), so quoting cannot be escaped
    from and nothing typed can act as tsquery syntax (& | ! <-> : * ( )).
    """
    parts = []
    for i, group in enumerate(query.groups):
        last = prefix and i == len(query.groups) - 1
        lexemes = [f"'{t}'" + (":*" if last and j == len(group) - 1 else "")
                   for j, t in enumerate(group)]
        if weight:
            lexemes = [f"{x}{weight}" if x.endswith("*") else f"{x}:{weight}" for x in lexemes]
        parts.append("(" + " <-> ".join(lexemes) + ")")
    return (" | " if any_word else " & ").join(parts)


def newest(query, where: tuple[str, list], *, any_word: bool, prefix: bool,
           column: str | None, limit: int) -> list[int]:
    """Ids of the newest `limit` entries matching `query` (and `where`), newest first."""
    from django.db import connection

    if column == "title_folded":
        vector, expression = TITLE_VECTOR, tsquery(query, any_word=any_word, prefix=prefix)
    else:
        weight = {"lead_folded": "B", "body_folded": "C"}.get(column or "", "")
        vector = "search_vector"
        expression = tsquery(query, any_word=any_word, prefix=prefix, weight=weight)
    condition = f" AND ({where[0]})" if where[0] else ""
    # Identifiers are constants of this module; the expression and values are parameters.
    sql = (f"SELECT id FROM {ENTRY_TABLE} "  # noqa: S608
           f"WHERE {vector} @@ to_tsquery('simple'::regconfig, %s){condition} "
           "ORDER BY id DESC LIMIT %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, *where[1], limit])
        return [row[0] for row in cursor.fetchall()]


def suspend_index(connection) -> None:
    """Before a bulk load: drop the GIN indexes (the generated column stays)."""
    with connection.cursor() as cursor:
        for sql in DROP_INDEXES:
            cursor.execute(sql)


def resume_index(connection) -> None:
    with connection.cursor() as cursor:
        for sql in CREATE_INDEXES:
            cursor.execute(sql)


def optimize(connection) -> None:
    """After a bulk load: fresh planner statistics."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {ENTRY_TABLE}")
