"""The SQLite FTS5 side of the index: the virtual tables over `portal_search_entry`'s folded
columns (all three; the title alone) and the triggers that keep them in step with every
insert, update and delete, and the query that finds the newest matches.

The FTS5 table uses the `unicode61` tokenizer with `remove_diacritics 0`: the text it
sees is already folded by `core.text.fold` (the tokenizer alone would neither fold đ nor
letters with two marks), and one- and two-letter words ("y", "ta", "ha") stay searchable,
which a trigram tokenizer would not allow. Prefix indexes of 2 and 3 letters keep
as-you-type lookups cheap.
"""

FTS_TABLE = "portal_search_fts"
ENTRY_TABLE = "portal_search_entry"
COLUMNS = ("title_folded", "lead_folded", "body_folded")

_cols = ", ".join(COLUMNS)
_new = ", ".join(f"new.{c}" for c in COLUMNS)
_old = ", ".join(f"old.{c}" for c in COLUMNS)
# Every identifier below is a constant of this module: nothing comes from input.
_delete_old = (
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_cols}) "  # noqa: S608
    f"VALUES ('delete', old.id, {_old});"
)
_insert_new = f"INSERT INTO {FTS_TABLE}(rowid, {_cols}) VALUES (new.id, {_new});"  # noqa: S608

CREATE = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({_cols}, content='{ENTRY_TABLE}', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
    f"CREATE TRIGGER {ENTRY_TABLE}_ai AFTER INSERT ON {ENTRY_TABLE} BEGIN {_insert_new} END",
    f"CREATE TRIGGER {ENTRY_TABLE}_ad AFTER DELETE ON {ENTRY_TABLE} BEGIN {_delete_old} END",
    f"CREATE TRIGGER {ENTRY_TABLE}_au AFTER UPDATE ON {ENTRY_TABLE} "
    f"BEGIN {_delete_old} {_insert_new} END",
]
DROP = [
    f"DROP TRIGGER IF EXISTS {ENTRY_TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {ENTRY_TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {ENTRY_TABLE}_au",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
# A second, small FTS5 table over the titles alone (migration 0002): "is it in the title"
# is then a walk of short doclists, where a column filter on the main table would check
# the positions of every match.
TITLE_TABLE = "portal_search_title_fts"
_title_delete = (
    f"INSERT INTO {TITLE_TABLE}({TITLE_TABLE}, rowid, title_folded) "  # noqa: S608
    "VALUES ('delete', old.id, old.title_folded);"
)
_title_insert = (
    f"INSERT INTO {TITLE_TABLE}(rowid, title_folded) VALUES (new.id, new.title_folded);"  # noqa: S608
)
CREATE_TITLES = [
    f"CREATE VIRTUAL TABLE {TITLE_TABLE} USING fts5(title_folded, content='{ENTRY_TABLE}', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
    f"CREATE TRIGGER {ENTRY_TABLE}_title_ai AFTER INSERT ON {ENTRY_TABLE} "
    f"BEGIN {_title_insert} END",
    f"CREATE TRIGGER {ENTRY_TABLE}_title_ad AFTER DELETE ON {ENTRY_TABLE} "
    f"BEGIN {_title_delete} END",
    f"CREATE TRIGGER {ENTRY_TABLE}_title_au AFTER UPDATE ON {ENTRY_TABLE} "
    f"BEGIN {_title_delete} {_title_insert} END",
    f"INSERT INTO {TITLE_TABLE}({TITLE_TABLE}) VALUES ('rebuild')",  # noqa: S608
]
DROP_TITLES = [
    f"DROP TRIGGER IF EXISTS {ENTRY_TABLE}_title_ai",
    f"DROP TRIGGER IF EXISTS {ENTRY_TABLE}_title_ad",
    f"DROP TRIGGER IF EXISTS {ENTRY_TABLE}_title_au",
    f"DROP TABLE IF EXISTS {TITLE_TABLE}",
]
# The index's vocabulary: each term with the number of entries holding it (typo.py).
VOCAB_TABLE = "portal_search_fts_vocab"
CREATE_VOCAB = [f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB_TABLE} "
                f"USING fts5vocab('{FTS_TABLE}', 'row')"]
DROP_VOCAB = [f"DROP TABLE IF EXISTS {VOCAB_TABLE}"]
#: Index every row of the content table again (after a bulk load without triggers).
REBUILD = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"  # noqa: S608
#: Merge the indexes' segments after a bulk load, for faster queries.
OPTIMIZE = [f"INSERT INTO {t}({t}) VALUES ('optimize')" for t in (FTS_TABLE, TITLE_TABLE)]  # noqa: S608


def _run(statements, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for sql in statements:
            schema_editor.execute(sql)


def create(apps, schema_editor) -> None:
    """Migration step: create the FTS5 table and its triggers (SQLite only)."""
    _run(CREATE, schema_editor)


def drop(apps, schema_editor) -> None:
    _run(DROP, schema_editor)


def create_titles(apps, schema_editor) -> None:
    """Migration step: the titles' FTS5 table and its triggers (SQLite only)."""
    _run(CREATE_TITLES, schema_editor)


def drop_titles(apps, schema_editor) -> None:
    _run(DROP_TITLES, schema_editor)


def create_vocab(apps, schema_editor) -> None:
    """Migration step: the vocabulary table over the FTS5 index (SQLite only)."""
    _run(CREATE_VOCAB, schema_editor)


def drop_vocab(apps, schema_editor) -> None:
    _run(DROP_VOCAB, schema_editor)


def word_counts(words) -> dict[str, int]:
    """{word: number of entries holding it} for those of `words` that are indexed."""
    from django.db import connection

    words = sorted(words)
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        for i in range(0, len(words), 500):
            chunk = words[i:i + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT term, doc FROM {VOCAB_TABLE} "  # noqa: S608
                           f"WHERE term IN ({marks})", chunk)
            found.update(cursor.fetchall())
    return found


def optimize(connection) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for sql in OPTIMIZE:
                cursor.execute(sql)


def suspend_index(connection) -> None:
    """Before a bulk load: drop the FTS table and its triggers (rows go in unindexed)."""
    with connection.cursor() as cursor:
        for sql in [*DROP, *DROP_TITLES]:
            cursor.execute(sql)


def resume_index(connection) -> None:
    """After a bulk load: create the FTS table and triggers and index every row at once."""
    with connection.cursor() as cursor:
        for sql in [*CREATE, REBUILD, *CREATE_TITLES]:
            cursor.execute(sql)


def newest(query, where: tuple[str, list], *, any_word: bool, prefix: bool,
           column: str | None, limit: int) -> list[int]:
    """Ids of the newest `limit` entries matching `query` (and `where`, SQL over the entry
    table; "" for every entry), newest first.

    FTS5 walks its index in descending rowid order and stops at `limit`, so the cost is
    bounded whatever the number of matches; no rank is computed (bm25 would read every
    match). Without a `where` the entry table is not read at all; with one, CROSS JOIN
    makes SQLite run the full-text match first and look entries up by id.
    """
    expression = query.match_expression(any_word=any_word, prefix=prefix)
    table = FTS_TABLE
    if column == "title_folded":
        table = TITLE_TABLE
    elif column:
        expression = f"{column} : ({expression})"
    if where[0]:
        # Identifiers are constants; the expression and every value are parameters.
        sql = (f"SELECT {table}.rowid FROM {table} CROSS JOIN {ENTRY_TABLE} "  # noqa: S608
               f"ON {ENTRY_TABLE}.id = {table}.rowid "
               f"WHERE {table} MATCH %s AND ({where[0]}) "
               f"ORDER BY {table}.rowid DESC LIMIT %s")
    else:
        sql = (f"SELECT rowid FROM {table} WHERE {table} MATCH %s "  # noqa: S608
               "ORDER BY rowid DESC LIMIT %s")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, *where[1], limit])
        return [row[0] for row in cursor.fetchall()]
