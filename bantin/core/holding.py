"""Hold per-change work (cache purges, version bumps) during a bulk operation."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import contextmanager


@contextmanager
def holding(local: threading.local, attr: str, flush: Callable[[set], None]):
    """`local.<attr>` is a new set during the block (the held work is added to it); at the
    end, also after an exception, it is unset and `flush(the set)` runs."""
    held: set = set()
    setattr(local, attr, held)
    try:
        yield held
    finally:
        setattr(local, attr, None)
        flush(held)
