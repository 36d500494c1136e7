"""The PostgreSQL side of the index: weighted tsvectors over the folded columns, in a
narrow table of their own, GIN indexes, and the query that finds the newest matches.

The text is folded by `core.text.fold` before PostgreSQL sees it, exactly as for SQLite,
so the `simple` configuration (lower case, no stemming, no stop words) is all that is
needed: its lexemes are the index's tokens, and both databases match the same entries.
An `unaccent` configuration would fold a second time, differently (it does not know the
project's tone-style rules and folds some letters other ways); see docs/search.md.

`search_vector` (title A, lead B, body C) lives in `portal_search_vector` and
`title_vector` in `portal_search_title`, one row per entry in each with the entry's id,
kept in step by a trigger on every insert, update, delete and truncate of the entries.
The search vectors are stored in the row itself (STORAGE MAIN, `toast_tuple_target` at
its maximum): the newest-first query walks this table's primary key backwards and tests
each vector, and a vector out of line in TOAST (an entry's is about 3 kB) costs an index
lookup and a reassembly per row; in the entry table, beside the texts, they were
(migration 0002, see docs/performance.md). The title vectors have a table of their own
(migration 0007): "the newest entries whose title holds the query" then reads rows of a
few hundred bytes, 20 to a page, where beside the search vectors it read a page per row
(a common pair of words in titles: 140–270 ms at 1,000,000 entries, 6 ms alone). Each
vector has a GIN index, for the planner's use with rare words.
"""

from __future__ import annotations

ENTRY_TABLE = "portal_search_entry"
VECTOR_TABLE = "portal_search_vector"
VECTOR_INDEX = "portal_search_vector_search"
TITLE_TABLE = "portal_search_title"
TITLE_INDEX = "portal_search_title_vector"
#: PostgreSQL keeps word positions up to 16,383 and a tsvector under 1 MB: the body is
#: indexed up to this many characters (the title and lead in full).
BODY_LIMIT = 100_000
TITLE_VECTOR = "title_vector"


def _search_vector(row: str) -> str:
    return (
        f"setweight(to_tsvector('simple'::regconfig, {row}title_folded), 'A') || "
        f"setweight(to_tsvector('simple'::regconfig, {row}lead_folded), 'B') || "
        f"setweight(to_tsvector('simple'::regconfig, left({row}body_folded, {BODY_LIMIT})), 'C')"
    )


def _title_vector(row: str) -> str:
    return f"to_tsvector('simple'::regconfig, {row}title_folded)"


def _vectors(row: str) -> str:
    return f"{_search_vector(row)}, {_title_vector(row)}"


_FUNCTION = f"{VECTOR_TABLE}_sync"
# Migration 0003's state: both vectors in `portal_search_vector` (0007 moves the titles').
_TITLE_INDEX_0003 = "portal_search_vector_title"
_SYNC_0003 = (
    f"CREATE OR REPLACE FUNCTION {_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "  # noqa: S608
    "BEGIN "
    "IF TG_OP = 'TRUNCATE' THEN "
    f"TRUNCATE {VECTOR_TABLE}; RETURN NULL; "
    "ELSIF TG_OP = 'DELETE' THEN "
    f"DELETE FROM {VECTOR_TABLE} WHERE id = OLD.id; RETURN OLD; "
    "END IF; "
    f"INSERT INTO {VECTOR_TABLE} (id, search_vector, title_vector) "
    f"VALUES (NEW.id, {_vectors('NEW.')}) "
    "ON CONFLICT (id) DO UPDATE SET search_vector = EXCLUDED.search_vector, "
    "title_vector = EXCLUDED.title_vector; "
    "RETURN NEW; "
    "END $$"
)
CREATE_TABLE = [
    f"CREATE TABLE IF NOT EXISTS {VECTOR_TABLE} (id bigint PRIMARY KEY, "
    "search_vector tsvector NOT NULL, title_vector tsvector NOT NULL) "
    "WITH (toast_tuple_target = 8160)",
    f"ALTER TABLE {VECTOR_TABLE} ALTER COLUMN search_vector SET STORAGE MAIN",
    f"ALTER TABLE {VECTOR_TABLE} ALTER COLUMN title_vector SET STORAGE MAIN",
    _SYNC_0003,
]
FILL_0003 = (f"INSERT INTO {VECTOR_TABLE} (id, search_vector, title_vector) "  # noqa: S608
             f"SELECT id, {_vectors('')} FROM {ENTRY_TABLE} "
             "ON CONFLICT (id) DO UPDATE SET search_vector = EXCLUDED.search_vector, "
             "title_vector = EXCLUDED.title_vector")
CREATE_INDEXES_0003 = [
    f"CREATE INDEX IF NOT EXISTS {VECTOR_INDEX} ON {VECTOR_TABLE} USING gin (search_vector)",
    f"CREATE INDEX IF NOT EXISTS {_TITLE_INDEX_0003} ON {VECTOR_TABLE} "
    "USING gin (title_vector)",
]

# Migration 0007 on: the title vectors in a table of their own.
_SYNC = (
    f"CREATE OR REPLACE FUNCTION {_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "  # noqa: S608
    "BEGIN "
    "IF TG_OP = 'TRUNCATE' THEN "
    f"TRUNCATE {VECTOR_TABLE}, {TITLE_TABLE}; RETURN NULL; "
    "ELSIF TG_OP = 'DELETE' THEN "
    f"DELETE FROM {VECTOR_TABLE} WHERE id = OLD.id; "
    f"DELETE FROM {TITLE_TABLE} WHERE id = OLD.id; RETURN OLD; "
    "END IF; "
    f"INSERT INTO {VECTOR_TABLE} (id, search_vector) VALUES (NEW.id, {_search_vector('NEW.')}) "
    "ON CONFLICT (id) DO UPDATE SET search_vector = EXCLUDED.search_vector; "
    f"INSERT INTO {TITLE_TABLE} (id, title_vector) VALUES (NEW.id, {_title_vector('NEW.')}) "
    "ON CONFLICT (id) DO UPDATE SET title_vector = EXCLUDED.title_vector; "
    "RETURN NEW; "
    "END $$"
)
#: Every entry's vectors, computed at once (after a bulk load).
FILL = [
    f"INSERT INTO {VECTOR_TABLE} (id, search_vector) "  # noqa: S608
    f"SELECT id, {_search_vector('')} FROM {ENTRY_TABLE} "
    "ON CONFLICT (id) DO UPDATE SET search_vector = EXCLUDED.search_vector",
    f"INSERT INTO {TITLE_TABLE} (id, title_vector) "  # noqa: S608
    f"SELECT id, {_title_vector('')} FROM {ENTRY_TABLE} "
    "ON CONFLICT (id) DO UPDATE SET title_vector = EXCLUDED.title_vector",
]
CREATE_INDEXES = [
    f"CREATE INDEX IF NOT EXISTS {VECTOR_INDEX} ON {VECTOR_TABLE} USING gin (search_vector)",
    f"CREATE INDEX IF NOT EXISTS {TITLE_INDEX} ON {TITLE_TABLE} USING gin (title_vector)",
]
DROP_INDEXES = [f"DROP INDEX IF EXISTS {VECTOR_INDEX}", f"DROP INDEX IF EXISTS {TITLE_INDEX}"]
SPLIT_TITLES = [
    f"CREATE TABLE IF NOT EXISTS {TITLE_TABLE} (id bigint PRIMARY KEY, "
    "title_vector tsvector NOT NULL)",
    f"INSERT INTO {TITLE_TABLE} (id, title_vector) "  # noqa: S608
    f"SELECT id, title_vector FROM {VECTOR_TABLE}",
    f"CREATE INDEX IF NOT EXISTS {TITLE_INDEX} ON {TITLE_TABLE} USING gin (title_vector)",
    _SYNC,
    f"DROP INDEX IF EXISTS {_TITLE_INDEX_0003}",
    f"ALTER TABLE {VECTOR_TABLE} DROP COLUMN title_vector",
    f"ANALYZE {TITLE_TABLE}",
]
JOIN_TITLES = [
    f"ALTER TABLE {VECTOR_TABLE} ADD COLUMN title_vector tsvector",
    f"UPDATE {VECTOR_TABLE} v SET title_vector = t.title_vector "  # noqa: S608
    f"FROM {TITLE_TABLE} t WHERE t.id = v.id",
    f"UPDATE {VECTOR_TABLE} SET title_vector = ''::tsvector WHERE title_vector IS NULL",  # noqa: S608
    f"ALTER TABLE {VECTOR_TABLE} ALTER COLUMN title_vector SET NOT NULL",
    f"ALTER TABLE {VECTOR_TABLE} ALTER COLUMN title_vector SET STORAGE MAIN",
    _SYNC_0003,
    f"DROP TABLE IF EXISTS {TITLE_TABLE}",
    CREATE_INDEXES_0003[1],
]
CREATE_TRIGGERS = [
    f"CREATE TRIGGER {ENTRY_TABLE}_vector AFTER INSERT OR UPDATE OR DELETE ON {ENTRY_TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {_FUNCTION}()",
    f"CREATE TRIGGER {ENTRY_TABLE}_vector_truncate AFTER TRUNCATE ON {ENTRY_TABLE} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {_FUNCTION}()",
]
DROP_TRIGGERS = [
    f"DROP TRIGGER IF EXISTS {ENTRY_TABLE}_vector ON {ENTRY_TABLE}",
    f"DROP TRIGGER IF EXISTS {ENTRY_TABLE}_vector_truncate ON {ENTRY_TABLE}",
]
DROP_TABLE = [
    *DROP_TRIGGERS,
    f"DROP FUNCTION IF EXISTS {_FUNCTION}()",
    f"DROP TABLE IF EXISTS {VECTOR_TABLE}",
]

# Migration 0002: the vectors as generated columns of the entry table (replaced by 0003).
_OLD_INDEXES = ("portal_search_entry_vector", "portal_search_entry_title_vector")
ADD_COLUMNS = [
    f"ALTER TABLE {ENTRY_TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, title_folded), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, lead_folded), 'B') || "
    f"setweight(to_tsvector('simple'::regconfig, left(body_folded, {BODY_LIMIT})), 'C')"
    ") STORED",
    f"ALTER TABLE {ENTRY_TABLE} ADD COLUMN title_vector tsvector GENERATED ALWAYS AS ("
    "to_tsvector('simple'::regconfig, title_folded)) STORED",
]
OLD_CREATE_INDEXES = [
    f"CREATE INDEX IF NOT EXISTS {_OLD_INDEXES[0]} ON {ENTRY_TABLE} USING gin (search_vector)",
    f"CREATE INDEX IF NOT EXISTS {_OLD_INDEXES[1]} ON {ENTRY_TABLE} USING gin (title_vector)",
]
OLD_DROP_INDEXES = [f"DROP INDEX IF EXISTS {name}" for name in _OLD_INDEXES]
DROP_COLUMNS = [f"ALTER TABLE {ENTRY_TABLE} DROP COLUMN IF EXISTS {c}"
                for c in ("search_vector", "title_vector")]


def _run(statements, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for sql in statements:
            schema_editor.execute(sql)


def create(apps, schema_editor) -> None:
    """Migration 0002: generated tsvector columns and their GIN indexes (PostgreSQL only)."""
    _run([*ADD_COLUMNS, *OLD_CREATE_INDEXES], schema_editor)


def drop(apps, schema_editor) -> None:
    _run([*OLD_DROP_INDEXES, *DROP_COLUMNS], schema_editor)


def create_table(apps, schema_editor) -> None:
    """Migration 0003: the vectors' own table, filled, indexed and kept by a trigger; the
    entry table's generated columns go."""
    _run([*CREATE_TABLE, FILL_0003, *CREATE_INDEXES_0003, *CREATE_TRIGGERS, *OLD_DROP_INDEXES,
          *DROP_COLUMNS, f"ANALYZE {VECTOR_TABLE}"], schema_editor)


def drop_table(apps, schema_editor) -> None:
    _run([*DROP_TABLE, *ADD_COLUMNS, *OLD_CREATE_INDEXES], schema_editor)


def split_titles(apps, schema_editor) -> None:
    """Migration 0007: the title vectors move to a narrow table of their own."""
    _run(SPLIT_TITLES, schema_editor)


def join_titles(apps, schema_editor) -> None:
    _run(JOIN_TITLES, schema_editor)


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


#: The title lookup first walks this many of the newest titles (see `newest`).
TITLE_WINDOW = 20_000


def newest(query, where: tuple[str, list], *, any_word: bool, prefix: bool,
           column: str | None, limit: int) -> list[int]:
    """Ids of the newest `limit` entries matching `query` (and `where`, SQL over the entry
    table), newest first. Without a `where` the entry table is not read at all.

    A title lookup first tries the newest `TITLE_WINDOW` titles alone: when `limit` of
    them match, they are the newest matches of all. The planner cannot know that: it
    guesses how many titles hold a phrase by multiplying its words' frequencies (`y tế`:
    2,154 guessed, 36,945 at 1,000,000 entries), and for a guess that small reads every
    match through the GIN index (150 ms) instead of walking the newest titles (2–6 ms).
    Only when the window holds fewer does the whole table answer, by the index, which is
    then the right plan: the query's titles are few.
    """
    from django.db import connection

    if column == "title_folded":
        v, vector = TITLE_TABLE, TITLE_VECTOR
        expression = tsquery(query, any_word=any_word, prefix=prefix)
    else:
        weight = {"lead_folded": "B", "body_folded": "C"}.get(column or "", "")
        v, vector = VECTOR_TABLE, "search_vector"
        expression = tsquery(query, any_word=any_word, prefix=prefix, weight=weight)
    join = f" JOIN {ENTRY_TABLE} ON {ENTRY_TABLE}.id = {v}.id" if where[0] else ""
    condition = f" AND ({where[0]})" if where[0] else ""

    def select(source: str) -> str:
        # Identifiers are constants of this module; the expression and values are
        # parameters.
        return (f"SELECT {v}.id FROM {source}{join} "  # noqa: S608
                f"WHERE {v}.{vector} @@ to_tsquery('simple'::regconfig, %s){condition} "
                f"ORDER BY {v}.id DESC LIMIT %s")

    with connection.cursor() as cursor:
        if v == TITLE_TABLE:
            window = f"(SELECT id, {vector} FROM {v} ORDER BY id DESC LIMIT %s) {v}"  # noqa: S608
            cursor.execute(select(window), [TITLE_WINDOW, expression, *where[1], limit])
            found = [row[0] for row in cursor.fetchall()]
            if len(found) >= limit:
                return found
        cursor.execute(select(v), [expression, *where[1], limit])
        return [row[0] for row in cursor.fetchall()]


# The index's vocabulary (typo.py): every word with the number of entries holding it.
# A trigger on the vectors' table adds each word an indexed entry brings that the table
# does not hold yet (migration 0006), so a word first published is suggested at once;
# the counts themselves, and words no entry holds any more, are brought up to date by
# `recount_words` (once a day, by the worker, and by `optimize` after a rebuild or a bulk
# load, which switch the trigger off for their transaction: `BULK_SETTING`). Keeping
# exact counts in the trigger made indexing an entry 40 times slower (about 300 word rows
# rewritten per entry; see docs/search.md); adding the missing words costs an index probe
# per word.
WORD_TABLE = "portal_search_word"
CREATE_WORDS = [f"CREATE TABLE IF NOT EXISTS {WORD_TABLE} (word text PRIMARY KEY, "
                "docs integer NOT NULL)"]
DROP_WORDS = [f"DROP TABLE IF EXISTS {WORD_TABLE}"]
# DELETE rather than TRUNCATE: readers keep the old counts until the new ones commit,
# instead of waiting on TRUNCATE's exclusive lock.
REFRESH_WORDS = [
    f"DELETE FROM {WORD_TABLE}",  # noqa: S608
    f"INSERT INTO {WORD_TABLE} (word, docs) SELECT word, ndoc "  # noqa: S608
    f"FROM ts_stat('SELECT search_vector FROM {VECTOR_TABLE}')",
]
#: Set (transaction-local) to "on" by a transaction that will recount the words itself.
BULK_SETTING = "bantin.search_bulk"
_WORDS_FUNCTION = f"{WORD_TABLE}_sync"
CREATE_WORD_TRIGGERS = [
    f"CREATE OR REPLACE FUNCTION {_WORDS_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "  # noqa: S608
    "BEGIN "
    f"IF current_setting('{BULK_SETTING}', true) = 'on' THEN RETURN NULL; END IF; "
    "IF TG_OP = 'TRUNCATE' THEN "
    f"DELETE FROM {WORD_TABLE}; RETURN NULL; "
    "END IF; "
    f"INSERT INTO {WORD_TABLE} (word, docs) "
    "SELECT unnest(tsvector_to_array(NEW.search_vector)), 1 "
    "ON CONFLICT (word) DO NOTHING; "
    "RETURN NULL; "
    "END $$",
    f"CREATE OR REPLACE TRIGGER {VECTOR_TABLE}_words AFTER INSERT OR UPDATE OF search_vector "
    f"ON {VECTOR_TABLE} FOR EACH ROW EXECUTE FUNCTION {_WORDS_FUNCTION}()",
    f"CREATE OR REPLACE TRIGGER {VECTOR_TABLE}_words_truncate AFTER TRUNCATE ON {VECTOR_TABLE} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {_WORDS_FUNCTION}()",
]
DROP_WORD_TRIGGERS = [
    f"DROP TRIGGER IF EXISTS {VECTOR_TABLE}_words ON {VECTOR_TABLE}",
    f"DROP TRIGGER IF EXISTS {VECTOR_TABLE}_words_truncate ON {VECTOR_TABLE}",
    f"DROP FUNCTION IF EXISTS {_WORDS_FUNCTION}()",
]


def create_words(apps, schema_editor) -> None:
    """Migration step: the vocabulary table, filled (PostgreSQL only)."""
    _run([*CREATE_WORDS, *REFRESH_WORDS], schema_editor)


def drop_words(apps, schema_editor) -> None:
    _run(DROP_WORDS, schema_editor)


def create_word_triggers(apps, schema_editor) -> None:
    """Migration 0006: the vocabulary follows the index (PostgreSQL only)."""
    _run([*CREATE_WORD_TRIGGERS, *REFRESH_WORDS], schema_editor)


def drop_word_triggers(apps, schema_editor) -> None:
    _run(DROP_WORD_TRIGGERS, schema_editor)


def recount_words(connection) -> None:
    """Every word's count from the vectors, and words no entry holds any more gone."""
    from django.db import transaction

    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for sql in REFRESH_WORDS:
            cursor.execute(sql)


def bulk(connection) -> None:
    """In a transaction that rewrites much of the index and then calls `optimize`: the
    vocabulary's trigger stands aside until the transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'on', true)", [BULK_SETTING])


def word_counts(words) -> dict[str, int]:
    """{word: number of entries holding it} for those of `words` that are indexed."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT word, docs FROM {WORD_TABLE} WHERE word = ANY(%s)",  # noqa: S608
                       [sorted(words)])
        return dict(cursor.fetchall())


def suspend_index(connection) -> None:
    """Before a bulk load: the vectors' table stops following the entries (no trigger)
    and loses its GIN indexes; `resume_index` computes every vector at once, and
    `optimize` counts the words."""
    with connection.cursor() as cursor:
        for sql in [*DROP_INDEXES, *DROP_TRIGGERS, *DROP_WORD_TRIGGERS]:
            cursor.execute(sql)


def resume_index(connection) -> None:
    with connection.cursor() as cursor:
        for sql in [*FILL, *CREATE_INDEXES, *CREATE_TRIGGERS, *CREATE_WORD_TRIGGERS]:
            cursor.execute(sql)


def optimize(connection) -> None:
    """After a bulk load: fresh planner statistics."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {ENTRY_TABLE}")
        cursor.execute(f"ANALYZE {VECTOR_TABLE}")
        cursor.execute(f"ANALYZE {TITLE_TABLE}")
    recount_words(connection)
