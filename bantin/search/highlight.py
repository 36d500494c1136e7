"""Matched words wrapped in <mark>, found in the folded text and shown in the original.

The match is made on `core.text.fold_with_offsets(original)`, whose offsets lead back to
the original characters, so "dang bo" marks "Đảng bộ" and NFD text keeps its combining
marks inside the mark.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from bantin.core import text

from .query import Query

SNIPPET_LENGTH = 240
_CONTEXT_BEFORE = 60


@lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...], prefix: str) -> re.Pattern[str]:
    alternatives = [re.escape(w) + r"(?![^\W_])" for w in sorted(words, key=len, reverse=True)]
    if prefix:
        alternatives.insert(0, re.escape(prefix) + r"[^\W_]*")
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + ")")


def spans(original: str, query: Query, *, prefix: bool = False) -> list[tuple[int, int]]:
    """Where the query's words are in `original`, as (start, end) indexes into it."""
    return [(a, b) for a, b, _ in _found(original, query, prefix)]


def _found(original: str, query: Query, prefix: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, folded word) of each match of the query's words in `original`."""
    words = tuple(query.distinct_tokens)
    if not words or not original:
        return []
    last = words[-1] if prefix else ""
    folded, offsets = text.fold_with_offsets(original)
    found = []
    for m in _pattern(words, last).finditer(folded):
        start, end = offsets[m.start()], offsets[m.end() - 1] + 1
        while end < len(original) and unicodedata.combining(original[end]):
            end += 1
        found.append((start, end, m.group()))
    return found


def _marked(original: str, found, start: int, end: int) -> str:
    out, cursor = [], start
    for a, b, *_ in found:
        if a < cursor or b > end:
            continue
        out += [escape(original[cursor:a]), "<mark>", escape(original[a:b]), "</mark>"]
        cursor = b
    out.append(escape(original[cursor:end]))
    return "".join(out)


def highlight(original: str, query: Query, *, prefix: bool = False) -> SafeString:
    """All of `original`, escaped, with the query's words marked."""
    return mark_safe(_marked(original, spans(original, query, prefix=prefix), 0, len(original)))  # noqa: S308 -- every piece is escaped


def _best_window(found: list[tuple[int, int, str]], length: int) -> int:
    """The start of the passage of `length` that shows the most distinct matched words."""
    best_start, best_score = 0, -1
    distinct = len({word for _, _, word in found})
    for i, (a, _, _) in enumerate(found):
        seen = set()
        for x, _, word in found[i:]:
            if x >= a + length:
                break
            seen.add(word)
        if len(seen) > best_score:
            best_start, best_score = a, len(seen)
        if best_score == distinct:
            break  # the first passage showing every word
    return best_start


def snippet(original: str, query: Query, length: int = SNIPPET_LENGTH) -> SafeString:
    """A passage of `original` around its best match, escaped, with the words marked;
    the opening of the text when nothing matches."""
    found = _found(original, query)
    start = 0
    if found:
        start = max(0, _best_window(found, length - _CONTEXT_BEFORE) - _CONTEXT_BEFORE)
        if start:
            start = original.find(" ", start) + 1 or start  # begin on a word
    end = min(len(original), start + length)
    if end < len(original):
        end = original.rfind(" ", start, end) if " " in original[start:end] else end
    body = _marked(original, found, start, end)
    passage = ("… " if start else "") + body + (" …" if end < len(original) else "")
    return mark_safe(passage)  # noqa: S308 -- built from escaped pieces
