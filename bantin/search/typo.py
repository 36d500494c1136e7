""""Did you mean": a one-letter correction of a query that finds nothing.

Each folded query word that is not in the index is replaced by the most frequent indexed
word one edit away (a letter deleted, inserted, replaced, or two neighbours swapped), over
folded words, so `nong thpn` suggests `nong thon`. The vocabulary is the index's own:
FTS5's `fts5vocab` table on SQLite (always current), a table of words with their document
counts on PostgreSQL (filled from `ts_stat` when the index is rebuilt); other databases
have none, and no suggestion is made.
"""

from __future__ import annotations

from django.db import connection

from . import backend
from .query import Query

ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
#: Shorter words are not corrected: one letter changes too much of them.
MIN_LENGTH = 3
#: Longer words are not corrected (the candidates would be many; no real word is this long).
MAX_LENGTH = 20


def edits(word: str) -> set[str]:
    """Every string one edit away from `word` over `ALPHABET`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    found |= {a + c + b[1:] for a, b in splits if b for c in ALPHABET}
    found |= {a + c + b for a, b in splits for c in ALPHABET}
    found.discard(word)
    return {w for w in found if len(w) >= 2}


def did_you_mean(query: Query) -> str:
    """The corrected query (folded words), or "" when there is nothing to suggest."""
    counts = getattr(backend.of(connection), "word_counts", None)
    if counts is None or not query:
        return ""
    words = query.tokens
    known = counts(set(words))
    corrected, changed = [], False
    for word in words:
        if known.get(word) or not MIN_LENGTH <= len(word) <= MAX_LENGTH or word.isdigit():
            corrected.append(word)
            continue
        options = counts(edits(word))
        if options:
            best = max(options.items(), key=lambda item: (item[1], item[0]))[0]
            corrected.append(best)
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else ""
