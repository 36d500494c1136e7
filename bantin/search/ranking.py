"""Ordering the best candidates, the same on every database.

The database returns a bounded set of candidates (`engine`); the best `WINDOW` of them
are scored here, from their title, lead and the first `BODY_HEAD` characters of their
body, with features a reader would recognise, each weighted by the column it is found in
(title > lead > body):

* term weight: how often the query's words occur, saturating and relative to the column's
  length (the term-frequency part of BM25, column weights 10/4/1), relative to the best
  candidate. The database's own functions (FTS5 bm25, ts_rank_cd) are not used: bm25
  reads every match to weigh rare words, which costs as much as the whole search at a
  million entries, and two backends would rank differently;
* coverage: the share of the query's words the column holds;
* phrase: the whole query appears in the column as typed, words side by side;
* proximity: otherwise, all the words appear within a short window;
* diacritics: words typed with diacritics appear with exactly those diacritics
  ("bán" ranks "bán" above "ban" and "bàn"; the tone style does not matter).

Equal scores (to two decimals) go to the newer entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bantin.core import text

from .models import SearchEntry
from .query import Query

COLUMNS = (("title", 1.0), ("lead", 0.5), ("body", 0.25))
#: Characters of the body read for ranking (the head of a long document is enough).
BODY_HEAD = 1000
TERM_WEIGHT = 0.5
#: Term-weight column weights (title, lead, body), BM25 k1 and b, and typical column
#: lengths in tokens.
TERM_COLUMNS = (("title", 10.0, 15), ("lead", 4.0, 45), ("body", 1.0, 400))
K1, B = 1.2, 0.75
COVERAGE_WEIGHT = 1.0
PHRASE_WEIGHT = 1.0
PROXIMITY_WEIGHT = 0.4
DIACRITICS_WEIGHT = 0.8
#: How many words apart the query's words may be and still count as near each other.
NEAR_SLACK = 3


def _has_word(text: str, word: str) -> bool:
    """`word` in `text` as a whole word (no letter or digit on either side).

    A substring search, then a look at its two neighbours. A pattern starting with a
    look-behind is tried at every position of the text: over a 1,000-character body head,
    5–15 times slower when the word comes late or only without these diacritics (the
    usual case: the folded word is there, or this would not be asked)."""
    end = len(word)
    start = text.find(word)
    while start != -1:
        after = start + end
        if ((start == 0 or not text[start - 1].isalnum())
                and (after == len(text) or not text[after].isalnum())):
            return True
        start = text.find(word, start + 1)
    return False


@dataclass(frozen=True)
class _Prepared:
    """The strings a query is looked for with, built once per ranking."""

    groups: tuple[str, ...]  # " tok tok " per group
    tokens: tuple[str, ...]  # " tok " per distinct token
    phrase: str  # " tok tok tok " of all tokens, "" for one token
    wanted: frozenset[str]
    #: (word as typed, lower case, with diacritics; its folded form; has two tone styles)
    accented: tuple[tuple[str, str, bool], ...]

    @classmethod
    @lru_cache(maxsize=256)
    def of(cls, query: Query) -> _Prepared:
        return cls(
            groups=tuple(f" {' '.join(g)} " for g in query.groups),
            tokens=tuple(f" {t} " for t in query.distinct_tokens),
            phrase=f" {' '.join(query.tokens)} " if len(query.tokens) > 1 else "",
            wanted=frozenset(query.tokens),
            accented=tuple((w, text.fold(w), bool(_TONE_STYLE_RE.search(w)))
                           for w in query.accented),
        )


def _near(folded: str, wanted: frozenset[str]) -> bool:
    """All the query's words within a window of (number of words + NEAR_SLACK) tokens."""
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


def _diacritics(original: str, folded: str, prepared: _Prepared) -> float:
    found = 0
    lowered = normalised = None
    for word, folded_word, two_styles in prepared.accented:
        if f" {folded_word} " not in folded:
            continue  # not there even without diacritics
        if lowered is None:
            lowered = original.lower()
        if _has_word(lowered, word):
            found += 1
        elif two_styles:
            # Only words ending in oa/oe/uy have two tone styles: normalise the text then.
            if normalised is None:
                normalised = text.normalize_tones(original).lower()
            found += _has_word(normalised, word)
    return found / len(prepared.accented)


#: A word whose tone mark may sit on either vowel of a final oa/oe/uy.
_TONE_STYLE_RE = re.compile(r"[oòóỏõọ][aàáảãạeèéẻẽẹ]$|[uùúủũụ][yỳýỷỹỵ]$")


def _text(entry: SearchEntry, column: str, folded: bool) -> str:
    """A column's text; for the body, its head when the entry was loaded with it only."""
    name = f"{column}_folded" if folded else column
    if column == "body":
        head = "body_folded_head" if folded else "body_head"
        if head in entry.__dict__:
            name = head
    return getattr(entry, name) or ""


def term_weight(entry: SearchEntry, query: Query) -> float:
    """The term-frequency part of BM25 over the columns, without inverse frequencies."""
    prepared = _Prepared.of(query)
    total = 0.0
    for column, weight, typical in TERM_COLUMNS:
        folded = _text(entry, column, folded=True)
        if not folded:
            continue
        norm = K1 * (1 - B + B * max(folded.count(" ") - 1, 1) / typical)
        for group in prepared.groups:
            tf = folded.count(group)
            total += weight * tf * (K1 + 1) / (tf + norm)
    return total


def score(entry: SearchEntry, query: Query, term_share: float) -> float:
    """The entry's score for `query`; `term_share` is its term weight relative to the best
    candidate's (0..1)."""
    prepared = _Prepared.of(query)
    total = TERM_WEIGHT * term_share
    for column, weight in COLUMNS:
        folded = _text(entry, column, folded=True)
        if not folded:
            continue
        total += weight * COVERAGE_WEIGHT * sum(g in folded for g in prepared.groups) / len(
            prepared.groups)
        if not all(t in folded for t in prepared.tokens):
            pass  # a word is missing: neither a phrase nor near
        elif prepared.phrase and prepared.phrase in folded:
            total += weight * PHRASE_WEIGHT
        elif _near(folded, prepared.wanted):
            total += weight * PROXIMITY_WEIGHT
        if prepared.accented:
            total += weight * DIACRITICS_WEIGHT * _diacritics(
                _text(entry, column, False), folded, prepared)
    return total


def order(entries: list[SearchEntry], query: Query) -> list[SearchEntry]:
    """`entries` best first."""
    weights = {e.pk: term_weight(e, query) for e in entries}
    best = max(weights.values(), default=0.0)
    shares = {pk: (value / best if best else 0.0) for pk, value in weights.items()}
    date_key = {e.pk: e.date.timestamp() if e.date else 0.0 for e in entries}
    scored = {e.pk: round(score(e, query, shares.get(e.pk, 0.0)), 2) for e in entries}
    return sorted(entries, key=lambda e: (-scored[e.pk], -date_key[e.pk]))
