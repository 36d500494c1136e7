"""Tracking codes and public identifiers of questions.

A tracking code is what the asker keeps to follow their question: 12 characters drawn by
`secrets` from Crockford's base-32 alphabet (no I, L, O, U), 60 bits, shown grouped as
`HD-7K3M-Q9XP-2TWR`. It is stored bare (`7K3MQ9XP2TWR`), so a lookup is one exact match;
what people type is normalised first (any case, spaces and dashes, the `HD` prefix, and
the letters people confuse with digits: O→0, I/L→1). Guessing one is hopeless (2^60
codes) and lookups are rate-limited per address.

The public identifier names a published question in its URL: random too (never the
primary key, never the code), so the list of questions cannot be walked.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12
GROUP = 4
PREFIX = "HD"
PUBLIC_ID_LENGTH = 10
_CONFUSED = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.·–—]+")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def new_public_id() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(PUBLIC_ID_LENGTH)).lower()


def display(code: str) -> str:
    """`7K3MQ9XP2TWR` → `HD-7K3M-Q9XP-2TWR`."""
    groups = [code[i:i + GROUP] for i in range(0, len(code), GROUP)]
    return "-".join([PREFIX, *groups])


def normalise(typed: str) -> str:
    """The stored form of a typed code, or "" when it cannot be one."""
    value = _SEPARATORS.sub("", (typed or "").upper())
    if value.startswith(PREFIX) and len(value) == LENGTH + len(PREFIX):
        value = value[len(PREFIX):]
    value = value.translate(_CONFUSED)
    if len(value) != LENGTH or any(c not in ALPHABET for c in value):
        return ""
    return value
