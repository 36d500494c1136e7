"""What the reader typed, made safe and comparable.

A query is normalised and folded by `core.text`, exactly like the indexed text, then cut
into the tokens the index holds. Reader input never reaches the full-text engine as
syntax: every token is written back quoted (`"tok"`), so `" * ^ : - ( ) NEAR AND OR NOT`
are only ever words or separators.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from bantin.core import text

#: Longer input is cut: no one types more, and it bounds the work per request.
MAX_QUERY_LENGTH = 200
#: Tokens beyond this many are ignored (a pasted paragraph is not a query).
MAX_TOKENS = 12

# What the FTS5 unicode61 tokenizer keeps as one token: runs of letters and digits.
_TOKEN_RE = re.compile(r"[^\W_]+")
_PHRASE_RE = re.compile(r'"([^"]*)"')


def tokens(folded: str) -> list[str]:
    """The index's tokens of already folded text."""
    return _TOKEN_RE.findall(folded)


def _printable(s: str) -> str:
    """Drop control and format characters (NUL, escape codes, bidi overrides)."""
    return "".join(c if unicodedata.category(c)[0] != "C" else " " for c in s)


def normalise(raw: str) -> str:
    """The query as it is shown back and logged: NFC, one tone style, single spaces."""
    return text.clean(_printable((raw or "")[: MAX_QUERY_LENGTH * 4]))[:MAX_QUERY_LENGTH]


@dataclass(frozen=True)
class Query:
    """A parsed query: groups of tokens that must appear together (a quoted phrase, or a
    word the tokenizer splits, like "TT-BTC"), in order."""

    text: str
    groups: tuple[tuple[str, ...], ...]
    #: The words typed with diacritics, in the project's tone style, lower case.
    accented: tuple[str, ...] = field(default=())

    @property
    def tokens(self) -> list[str]:
        return [t for group in self.groups for t in group]

    @property
    def distinct_tokens(self) -> list[str]:
        return list(dict.fromkeys(self.tokens))

    def __bool__(self) -> bool:
        return bool(self.groups)

    def match_expression(self, *, any_word: bool = False, prefix: bool = False) -> str:
        """An FTS5 MATCH expression: every group, or any of them, as quoted phrases.

        With `prefix`, the last token also matches words it begins (typing "tân uy").
        """
        # Tokens hold letters and digits only, so quoting them cannot be escaped from.
        parts = ['"' + " ".join(group) + '"' for group in self.groups]
        if prefix:
            parts[-1] += "*"
        return (" OR " if any_word else " AND ").join(parts)


def _accented_words(normalised: str) -> tuple[str, ...]:
    words = (w.lower() for w in _TOKEN_RE.findall(normalised))
    return tuple(dict.fromkeys(w for w in words if not w.isascii()))


def parse(raw: str) -> Query:
    """Parse reader input; never raises, returns an empty query when nothing is searchable."""
    shown = normalise(raw)
    groups: list[tuple[str, ...]] = []

    def add(folded_text: str, as_phrase: bool) -> None:
        for piece in [folded_text] if as_phrase else folded_text.split():
            room = MAX_TOKENS - sum(map(len, groups))
            part = tuple(tokens(piece))[:room]
            if part:
                groups.append(part)

    rest = 0
    for m in _PHRASE_RE.finditer(shown):
        add(text.fold(shown[rest:m.start()]), as_phrase=False)
        add(text.fold(m.group(1)), as_phrase=True)
        rest = m.end()
    add(text.fold(shown[rest:]), as_phrase=False)
    # Drop repeats but keep the order typed.
    unique = tuple(dict.fromkeys(groups))
    return Query(text=shown, groups=unique, accented=_accented_words(shown))
