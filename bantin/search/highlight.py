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
    """The words, each ending a word; that each also starts one is checked by `_found`
    (a pattern opening with a look-behind is tried at every position of the text)."""
    alternatives = [re.escape(w) + r"(?![^\W_])" for w in sorted(words, key=len, reverse=True)]
    if prefix:
        alternatives.insert(0, re.escape(prefix) + r"[^\W_]*")
    return re.compile("(?:" + "|".join(alternatives) + ")")


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
        if m.start() and folded[m.start() - 1].isalnum():
            # Inside a word. The match ends that word (the words are letters and digits),
            # so no match starting a word is skipped by going on after it.
            continue
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


def _best_window(found: list[tuple[int, int, str]], length: int) -> tuple[int, int]:
    """The start of the passage of `length` that shows the most distinct matched words (the
    first one showing all of them), and how many it shows."""
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
    return best_start, best_score


def _passage(original: str, first: int, length: int) -> tuple[int, int]:
    """Where the snippet of `original` starts and ends, around the passage at `first` (the
    best window's start; 0 when nothing matched)."""
    start = max(0, first - _CONTEXT_BEFORE)
    if start:
        start = original.find(" ", start) + 1 or start  # begin on a word
    end = min(len(original), start + length)
    if end < len(original):
        end = original.rfind(" ", start, end) if " " in original[start:end] else end
    return start, end


def _snippet(original: str, found, start: int, end: int, whole_length: int) -> SafeString:
    body = _marked(original, found, start, end)
    passage = ("… " if start else "") + body + (" …" if end < whole_length else "")
    return mark_safe(passage)  # noqa: S308 -- built from escaped pieces


def snippet(original: str, query: Query, length: int = SNIPPET_LENGTH) -> SafeString:
    """A passage of `original` around its best match, escaped, with the words marked;
    the opening of the text when nothing matches."""
    found = _found(original, query)
    first = _best_window(found, length - _CONTEXT_BEFORE)[0] if found else 0
    start, end = _passage(original, first, length)
    return _snippet(original, found, start, end, len(original))


def head_snippet(head: str, query: Query, length: int = SNIPPET_LENGTH) -> SafeString | None:
    """`snippet` of a longer text that begins with `head`, made from `head` alone when that
    is enough to know it; None otherwise (the whole text is then needed).

    It is enough when the head shows a passage holding every word of the query (the
    snippet is the first such passage) and that passage, the words that might follow it
    and the snippet around it all lie inside the head: a word cut where the head ends is
    then too far to matter.
    """
    found = _found(head, query)
    if not found:
        return None
    window = length - _CONTEXT_BEFORE
    first, shown = _best_window(found, window)
    if shown < len(set(query.distinct_tokens)):
        return None  # a passage further on may show more of the words
    # A folded letter is at most a few characters of the original (a letter and its
    # combining marks in NFD text).
    margin = 4 * max(len(word) for word in query.distinct_tokens) + 1
    start, end = _passage(head, first, length)
    opening = max(0, first - _CONTEXT_BEFORE)
    if (first + window + margin >= len(head) or start + length >= len(head)
            or (opening and head.find(" ", opening) == -1)):
        return None
    # The text goes on after the head, so the passage ends with "…" whatever its end.
    return _snippet(head, found, start, end, len(head) + 1)
