"""The SQLite FTS5 side of the index: the virtual table over `portal_search_entry`'s folded
columns and the triggers that keep it in step with every insert, update and delete.

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
#: Merge the index's segments after a bulk load, for faster queries.
OPTIMIZE = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')"  # noqa: S608


def _run(statements, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for sql in statements:
            schema_editor.execute(sql)


def create(apps, schema_editor) -> None:
    """Migration step: create the FTS5 table and its triggers (SQLite only)."""
    _run(CREATE, schema_editor)


def drop(apps, schema_editor) -> None:
    _run(DROP, schema_editor)


def optimize(connection) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(OPTIMIZE)
