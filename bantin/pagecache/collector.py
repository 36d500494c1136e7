"""What a response depends on, recorded while it is rendered.

A `Collector` lives for one request (a context variable, so threads and async tasks each
have their own). Code that shows something calls `tag("page:12")`; code that shows
something valid only until a moment calls `expire_at(when)`; a view that may be stored
calls `cacheable()`, anything may veto with `never(reason)`. Without an active collector
(the admin, the shell, the worker) every call is a no-op.

Fragment caches keep the tags of what they built (`Fragment`) and replay them on a hit,
so a block served from a cache still declares what it shows.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

_current: ContextVar[Collector | None] = ContextVar("bantin_pagecache_collector", default=None)


@dataclass
class Collector:
    tags: set[str] = field(default_factory=set)
    expires_at: dt.datetime | None = None
    opted_in: bool = False
    refused: str = ""

    def merge(self, tags, expires_at) -> None:
        self.tags.update(tags)
        if expires_at is not None and (self.expires_at is None or expires_at < self.expires_at):
            self.expires_at = expires_at


@dataclass(frozen=True)
class Fragment:
    """A cached value together with what it shows."""

    value: object
    tags: frozenset[str]
    expires_at: dt.datetime | None = None


def current() -> Collector | None:
    return _current.get()


def tag(*tags: str) -> None:
    collector = _current.get()
    if collector is not None:
        collector.tags.update(tags)


def expire_at(when: dt.datetime | None) -> None:
    collector = _current.get()
    if collector is not None and when is not None:
        collector.merge((), when)


def cacheable() -> None:
    """The view's response may be stored (only views that say so are)."""
    collector = _current.get()
    if collector is not None:
        collector.opted_in = True


def never(reason: str) -> None:
    collector = _current.get()
    if collector is not None and not collector.refused:
        collector.refused = reason


@contextmanager
def collecting():
    token = _current.set(Collector())
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def capture(build) -> Fragment:
    """Run `build` and return its value with the tags it declared; those tags are also
    declared to the enclosing collector."""
    outer = _current.get()
    token = _current.set(Collector())
    try:
        value = build()
        inner = _current.get()
    finally:
        _current.reset(token)
    if outer is not None:
        outer.merge(inner.tags, inner.expires_at)
        if inner.refused and not outer.refused:
            outer.refused = inner.refused
    return Fragment(value, frozenset(inner.tags), inner.expires_at)


def replay(fragment: Fragment):
    collector = _current.get()
    if collector is not None:
        collector.merge(fragment.tags, fragment.expires_at)
    return fragment.value


def cached(cache, key: str, build, timeout: int | None):
    """`cache.get(key)` or build and store, keeping the fragment's tags either way."""
    stored = cache.get(key)
    if isinstance(stored, Fragment):
        return replay(stored)
    fragment = capture(build)
    cache.set(key, fragment, timeout)
    return fragment.value
