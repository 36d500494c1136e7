"""Object ids read from a request: only plain ASCII digits within a database integer.

`str.isdigit()` also accepts "²" or "١" (which `int()` refuses or reads in another
script), and a number past 2**63 overflows SQLite and PostgreSQL alike in an `__in`
lookup: either would answer a visitor's odd input with a server error.
"""

from __future__ import annotations

MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """The positive id `value` spells, or None."""
    text = str(value).strip()
    if not text or len(text) > 19 or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def parse_ids(values) -> list[int] | None:
    """Every id of `values`, or None if any one is not an id."""
    ids = [parse_id(value) for value in values]
    return None if any(i is None for i in ids) else ids
