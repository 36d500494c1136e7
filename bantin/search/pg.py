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
vector has a GIN index, for the planner's use with rare words, and a GIN index of its
pairs of adjacent words (migration 0008), for phrases: the words' index holds no
positions, and a phrase's words are often each in most entries.
"""

from __future__ import annotations

import re

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
# Migration 0008: the pairs of adjacent words of every entry and of every title, indexed
# (GIN over `portal_search_pairs(vector)`). PostgreSQL's full-text index holds no word
# positions: for a phrase it can only give the entries holding all its words, and the
# words of a phrase are often each in most entries. A phrase's pairs are rare
# where it is: "which entries hold this phrase" is then answered from short lists
# (`newest_with_titles`, `newest`). The pairs are computed from the vector's own lexemes
# and positions, so an entry holding a phrase holds its pairs by construction; a word
# longer than `PAIR_WORD` bytes makes no pair, and a query with such a word does not use
# them. Computing an entry's pairs takes about 0.4 ms (the function's COST keeps the
# planner from ever computing it row by row instead of reading its index).
PAIRS_FUNCTION = "portal_search_pairs"
PAIRS_INDEX = "portal_search_title_pairs"
VECTOR_PAIRS_INDEX = "portal_search_vector_pairs"
PAIR_WORD = 64
CREATE_PAIRS_FUNCTION = (
    f"CREATE OR REPLACE FUNCTION {PAIRS_FUNCTION}(tsvector) RETURNS tsvector "  # noqa: S608
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$ "
    "SELECT coalesce(pg_catalog.array_to_tsvector(pg_catalog.array_agg(DISTINCT "
    "a.lexeme || ' ' || b.lexeme)), ''::pg_catalog.tsvector) "
    "FROM (SELECT lexeme, pg_catalog.unnest(positions) AS p FROM pg_catalog.unnest($1) "
    f"WHERE pg_catalog.octet_length(lexeme) <= {PAIR_WORD}) a "
    "JOIN (SELECT lexeme, pg_catalog.unnest(positions) AS p FROM pg_catalog.unnest($1) "
    f"WHERE pg_catalog.octet_length(lexeme) <= {PAIR_WORD}) b ON b.p = a.p + 1 $$"
)
CREATE_PAIRS_INDEXES = [
    f"CREATE INDEX IF NOT EXISTS {PAIRS_INDEX} ON {TITLE_TABLE} "
    f"USING gin ({PAIRS_FUNCTION}({TITLE_VECTOR}))",
    f"CREATE INDEX IF NOT EXISTS {VECTOR_PAIRS_INDEX} ON {VECTOR_TABLE} "
    f"USING gin ({PAIRS_FUNCTION}(search_vector))",
]
CREATE_INDEXES = [
    f"CREATE INDEX IF NOT EXISTS {VECTOR_INDEX} ON {VECTOR_TABLE} USING gin (search_vector)",
    f"CREATE INDEX IF NOT EXISTS {TITLE_INDEX} ON {TITLE_TABLE} USING gin (title_vector)",
    *CREATE_PAIRS_INDEXES,
]
DROP_INDEXES = [f"DROP INDEX IF EXISTS {name}"
                for name in (VECTOR_INDEX, TITLE_INDEX, PAIRS_INDEX, VECTOR_PAIRS_INDEX)]
ADD_PAIRS = [CREATE_PAIRS_FUNCTION, *CREATE_PAIRS_INDEXES, f"ANALYZE {TITLE_TABLE}",
             f"ANALYZE {VECTOR_TABLE}"]
DROP_PAIRS = [f"DROP INDEX IF EXISTS {PAIRS_INDEX}", f"DROP INDEX IF EXISTS {VECTOR_PAIRS_INDEX}",
              f"DROP FUNCTION IF EXISTS {PAIRS_FUNCTION}"]
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


def add_pairs(apps, schema_editor) -> None:
    """Migration 0008: the entries' and titles' pairs of adjacent words, indexed."""
    _run(ADD_PAIRS, schema_editor)


def drop_pairs(apps, schema_editor) -> None:
    _run(DROP_PAIRS, schema_editor)


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


def pairs(query, *, any_word: bool, prefix: bool) -> str:
    """A tsquery (its text, for a cast: pairs hold a space, which `to_tsquery` would split)
    of the pairs of adjacent words every match must hold (in its title, for a title
    lookup), when each group of `query` gives at least one: a phrase, or a word the
    tokenizer splits (`TT-BTC`), not one with an unfinished last word. "" otherwise: a
    lone word may be the rare one (`99980 / 2015 / QĐ-UBND`), and the words' index then
    finds the matches at once where the pairs' (`qd ubnd`) would list every document;
    and "" when a title may match on any one word (`any_word`)."""
    if any_word:
        return ""
    found = []
    for i, group in enumerate(query.groups):
        words = group[:-1] if prefix and i == len(query.groups) - 1 else group
        if len(words) < 2 or not all(_PAIR_TOKEN.fullmatch(word) for word in words):
            return ""
        found += [f"'{a} {b}'" for a, b in zip(words, words[1:], strict=False)]
    return " & ".join(dict.fromkeys(found))


#: Memory for the bitmap of the entries a pairs' index lists (PostgreSQL's `work_mem`,
#: for that query alone). Past `work_mem` the bitmap keeps whole pages instead of rows,
#: and every row of those pages is tested again by computing its pairs (0.4 ms each):
#: 27 s for a common pair at 1,000,000 entries with the default 4 MB. A page costs the
#: bitmap about 64 bytes: 64 MB covers a vectors' table of 1,000,000 pages (2,000,000
#: entries).
BITMAP_WORK_MEM = "64MB"


def _by_pairs(cursor, sql: str, params: list) -> list[tuple]:
    """Run a query that reads a pairs' index, with room for an exact bitmap."""
    from django.db import transaction

    with transaction.atomic(using=cursor.db.alias):
        cursor.execute("SELECT set_config('work_mem', %s, true)", [BITMAP_WORK_MEM])
        cursor.execute(sql, params)
        return cursor.fetchall()


# Words whose pairs are in the index whatever the text: folded words are lower case, and
# PostgreSQL's parser keeps an ASCII word of letters and digits in one lexeme.
_PAIR_TOKEN = re.compile(rf"[a-z0-9]{{1,{PAIR_WORD}}}")

#: The title lookup first walks this many of the newest titles (see `newest`).
TITLE_WINDOW = 20_000


def _select(v: str, source: str, vector: str, where: tuple[str, list], *,
            below: str = "", columns: str = "") -> str:
    """Newest-first ids of table `v` (read from `source`) whose `vector` matches the query
    (the first parameter) within `where`, then `below` (SQL with its own parameters), then
    the limit. Identifiers are constants of this module; every value is a parameter."""
    join = f" JOIN {ENTRY_TABLE} ON {ENTRY_TABLE}.id = {v}.id" if where[0] else ""
    condition = f" AND ({where[0]})" if where[0] else ""
    return (f"SELECT {v}.id{columns} FROM {source}{join} "  # noqa: S608
            f"WHERE {v}.{vector} @@ to_tsquery('simple'::regconfig, %s){condition} "
            f"{below}ORDER BY {v}.id DESC LIMIT %s")


def newest(query, where: tuple[str, list], *, any_word: bool, prefix: bool,
           column: str | None, limit: int, before: int | None = None,
           window: bool = True) -> list[int]:
    """Ids of the newest `limit` entries matching `query` (and `where`, SQL over the entry
    table), newest first, with ids below `before` when it is given. Without a `where` the
    entry table is not read at all.

    A title lookup first tries the newest `TITLE_WINDOW` titles alone (unless `window` is
    false): when `limit` of them match, they are the newest matches of all. The planner
    cannot know that: it guesses how many titles hold a phrase by multiplying its words'
    frequencies (`y tế`: 2,154 guessed, 36,945 at 1,000,000 entries), and for a guess that
    small reads every match through the GIN index (150 ms) instead of walking the newest
    titles (2–6 ms). Only when the window holds fewer does the whole table answer, by the
    index, which is then the right plan: the query's titles are few.
    """
    from django.db import connection

    if column == "title_folded":
        v, vector = TITLE_TABLE, TITLE_VECTOR
        expression = tsquery(query, any_word=any_word, prefix=prefix)
    else:
        weight = {"lead_folded": "B", "body_folded": "C"}.get(column or "", "")
        v, vector = VECTOR_TABLE, "search_vector"
        expression = tsquery(query, any_word=any_word, prefix=prefix, weight=weight)
    below, bound = (f"AND {v}.id < %s ", [before]) if before is not None else ("", [])
    inner = "WHERE id < %s " if before is not None else ""
    with connection.cursor() as cursor:
        if v == TITLE_TABLE and window:
            source = (f"(SELECT id, {vector} FROM {v} {inner}"  # noqa: S608
                      f"ORDER BY id DESC LIMIT %s) {v}")
            cursor.execute(_select(v, source, vector, where),
                           [*bound, TITLE_WINDOW, expression, *where[1], limit])
            found = [row[0] for row in cursor.fetchall()]
            if len(found) >= limit:
                return found
        needed = pairs(query, any_word=any_word, prefix=prefix) if v == TITLE_TABLE else ""
        if needed:
            # The titles holding the phrases' pairs, from their index alone (OFFSET 0 keeps
            # the planner from also reading the words' index: a phrase of common words is
            # what makes that one slow), then the phrases themselves among those.
            source = (f"(SELECT id, {vector} FROM {v} "  # noqa: S608
                      f"WHERE {PAIRS_FUNCTION}({vector}) @@ %s::tsquery "
                      f"{'AND id < %s ' if before is not None else ''}OFFSET 0) {v}")
            rows = _by_pairs(cursor, _select(v, source, vector, where),
                             [needed, *bound, expression, *where[1], limit])
        else:
            cursor.execute(_select(v, v, vector, where, below=below),
                           [expression, *where[1], *bound, limit])
            rows = cursor.fetchall()
        return [row[0] for row in rows]


#: The walk for a phrase first tests this many of the newest entries (see `_matches`).
MATCH_WINDOW = 5_000


def _matches(query, where: tuple[str, list], *, any_word: bool,
             limit: int) -> list[tuple[int, bool]]:
    """(id, whether the title matches) of the newest `limit` matches, newest first.

    Without a phrase, one backward walk of the vectors' table, testing each vector until
    `limit` match (the planner takes the words' GIN index instead for a rare word). A
    phrase of common words would make that walk read the whole table when few entries
    hold it (1.8–7.5 s at 1,000,000 entries for one none holds), and the words' index
    cannot help: every entry holds the words. So a phrase is first looked for among the
    newest `MATCH_WINDOW` entries; if fewer than `limit` of them hold it, what they show
    of its frequency decides how to find the rest: walking on when that is shorter than
    reading every older entry holding its pairs, by the pairs' index otherwise (and
    always when the window holds no match).
    """
    from django.db import connection

    expression = tsquery(query, any_word=any_word, prefix=False)
    in_title = tsquery(query, any_word=any_word, prefix=False, weight="A")
    flag = f", {VECTOR_TABLE}.search_vector @@ to_tsquery('simple'::regconfig, %s)"
    needed = pairs(query, any_word=any_word, prefix=False)
    v = VECTOR_TABLE
    with connection.cursor() as cursor:
        if not needed:
            cursor.execute(_select(v, v, "search_vector", where, columns=flag),
                           [in_title, expression, *where[1], limit])
            return cursor.fetchall()
        window = (f"(SELECT id, search_vector FROM {v} "  # noqa: S608
                  f"ORDER BY id DESC LIMIT %s) {v}")
        cursor.execute(_select(v, window, "search_vector", where, columns=flag),
                       [in_title, MATCH_WINDOW, expression, *where[1], limit])
        rows = cursor.fetchall()
        if len(rows) >= limit:
            return rows
        # Every match of the window has been found: the rest is older than the oldest of
        # them (the window's other entries, tested again, do not match).
        before = rows[-1][0] if rows else None
        missing = limit - len(rows)
        share = len(rows) / MATCH_WINDOW
        if before is not None and missing / share < share * before:
            # Frequent enough: the rest is near, walk on.
            cursor.execute(_select(v, v, "search_vector", where, below=f"AND {v}.id < %s ",
                                   columns=flag),
                           [in_title, expression, *where[1], before, missing])
            return rows + cursor.fetchall()
        # The older entries holding every pair of the phrase, from the pairs' index alone
        # (OFFSET 0 keeps the planner from also reading the words' index), then the phrase
        # itself among those.
        below = "AND id < %s " if before is not None else ""
        source = (f"(SELECT id, search_vector FROM {v} "  # noqa: S608
                  f"WHERE {PAIRS_FUNCTION}(search_vector) @@ %s::tsquery {below}OFFSET 0) {v}")
        bound = [before] if before is not None else []
        return rows + _by_pairs(cursor, _select(v, source, "search_vector", where, columns=flag),
                                [in_title, needed, *bound, expression, *where[1], missing])


def newest_with_titles(query, where: tuple[str, list], *, any_word: bool, limit: int,
                       titles: int) -> tuple[list[int], list[int]]:
    """The newest `limit` matches, as `newest` finds them, and the newest `titles` entries
    whose title matches (a title match is a match: the title is the search vector's
    weight A), both newest first; the titles only when more than `titles` entries match.

    The walk that finds the matches (`_matches`) also says which of them match by their
    title (the same test restricted to weight A, made on the matches alone): every title
    match down to the oldest match found is then known without a second look. The titles'
    table is asked only for older ones, when the walk stopped at `limit` with fewer than
    `titles` title matches; it walks the next `TITLE_WINDOW` titles first only when the
    title matches seen so far are dense enough for that window to hold the rest.
    """
    rows = _matches(query, where, any_word=any_word, limit=limit)
    found = [pk for pk, _ in rows]
    title = [pk for pk, titled in rows if titled][:titles]
    if len(found) <= titles or len(found) < limit or len(title) >= titles:
        return found, title if len(found) > titles else []
    missing = titles - len(title)
    span = found[0] - found[-1] + 1
    dense = len(title) * TITLE_WINDOW >= missing * span
    return found, title + newest(query, where, any_word=any_word, prefix=False,
                                 column="title_folded", limit=missing, before=found[-1],
                                 window=dense)


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
