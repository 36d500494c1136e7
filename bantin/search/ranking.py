"""Ordering the best candidates: bm25 alone is not enough for short portal texts.

The database returns candidates in bm25 order (title weighted above lead above body).
In a small index a word found in most entries ("tân uyên" on the Tân Uyên portal) has an
inverse document frequency near zero, and bm25 can then no longer tell a title match
from a body match. So the best candidates are scored again, in Python, with features a
reader would recognise, each weighted by the column it is found in (title > lead > body):

* coverage: the share of the query's words the column holds;
* phrase: the whole query appears in the column as typed, words side by side;
* proximity: otherwise, all the words appear within a short window;
* diacritics: words typed with diacritics appear with exactly those diacritics
  ("bán" ranks "bán" above "ban" and "bàn"; the tone style does not matter).

Equal scores (to two decimals) go to the newer entry.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bantin.core import text

from .models import SearchEntry
from .query import Query

COLUMNS = (("title", 1.0), ("lead", 0.5), ("body", 0.25))
BM25_WEIGHT = 0.5
COVERAGE_WEIGHT = 1.0
PHRASE_WEIGHT = 1.0
PROXIMITY_WEIGHT = 0.4
DIACRITICS_WEIGHT = 0.8
#: How many words apart the query's words may be and still count as near each other.
NEAR_SLACK = 3


@lru_cache(maxsize=512)
def _exact(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<![^\W_])" + re.escape(word) + r"(?![^\W_])")


def _coverage(folded: str, query: Query) -> float:
    groups = query.groups
    return sum(f" {' '.join(g)} " in folded for g in groups) / len(groups)


def _phrase(folded: str, query: Query) -> bool:
    return len(query.tokens) > 1 and f" {' '.join(query.tokens)} " in folded


def _near(folded: str, query: Query) -> bool:
    """All the query's words within a window of (number of words + NEAR_SLACK) tokens."""
    wanted = set(query.tokens)
    if len(wanted) < 2:
        return False
    positions = [(i, t) for i, t in enumerate(folded.split()) if t in wanted]
    window = len(wanted) + NEAR_SLACK
    last_seen: dict[str, int] = {}
    for i, token in positions:
        last_seen[token] = i
        if len(last_seen) == len(wanted) and i - min(last_seen.values()) < window:
            return True
    return False


def _diacritics(original: str, query: Query) -> float:
    if not query.accented:
        return 0.0
    written = text.normalize_tones(original).lower()
    return sum(bool(_exact(w).search(written)) for w in query.accented) / len(query.accented)


def score(entry: SearchEntry, query: Query, bm25_share: float) -> float:
    """The entry's score for `query`; `bm25_share` is its bm25 relative to the best
    candidate's (0..1)."""
    total = BM25_WEIGHT * bm25_share
    for column, weight in COLUMNS:
        folded = getattr(entry, f"{column}_folded")
        if not folded:
            continue
        total += weight * COVERAGE_WEIGHT * _coverage(folded, query)
        if _phrase(folded, query):
            total += weight * PHRASE_WEIGHT
        elif _near(folded, query):
            total += weight * PROXIMITY_WEIGHT
        total += weight * DIACRITICS_WEIGHT * _diacritics(getattr(entry, column), query)
    return total


def order(entries: list[SearchEntry], query: Query, bm25: dict[int, float]) -> list[SearchEntry]:
    """`entries` best first; `bm25` maps entry ids to FTS5 bm25 values (lower is better)."""
    best = min(bm25.values(), default=0.0)
    shares = {pk: (value / best if best else 0.0) for pk, value in bm25.items()}
    date_key = {e.pk: e.date.timestamp() if e.date else 0.0 for e in entries}
    scored = {e.pk: round(score(e, query, shares.get(e.pk, 0.0)), 2) for e in entries}
    return sorted(entries, key=lambda e: (-scored[e.pk], -date_key[e.pk]))
