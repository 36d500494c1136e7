"""The shared cache's per-site entries, read together once per request.

A public page reads a few small entries that depend only on its site and live for a
set time rather than under a content version ("Văn bản mới" with its figures, visitor
statistics). Read one by one, each is a round trip to Redis. Here the first read of any
of them in a request fetches all of them with one `get_many`; the rest of the request
reads its copy. Writes and deletes go to the shared
cache and to the copy, so the request never sees an entry it has just replaced.

Entries are registered by the apps that own them (`site_entry`). Outside a request
(`site_paths.RequestScope`), `get` is a plain `cache.get`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT

from . import site_paths

_MISSING = object()
_MEMO_KEY = "request_cache"

_site_keys: list[Callable[[int], list[str]]] = []


def site_entry(keys: Callable[[int], list[str]]) -> Callable[[int], list[str]]:
    """Register the keys an app reads for a site (`keys(site_id)`); usable as a decorator."""
    _site_keys.append(keys)
    return keys


def _all_keys(site_id: int) -> list[str]:
    keys = []
    for function in _site_keys:
        keys.extend(function(site_id))
    return keys


def _copy(site_id: int | None) -> dict | None:
    memo = site_paths.request_memo()
    if memo is None or site_id is None:
        return None
    copies = memo.setdefault(_MEMO_KEY, {})
    copy = copies.get(site_id)
    if copy is None:
        keys = _all_keys(site_id)
        found = cache.get_many(keys)
        copy = {key: found.get(key, _MISSING) for key in keys}
        copies[site_id] = copy
    return copy


class SiteCache:
    """A cache-like view of the shared cache for one site's entries in this request.

    Keys that were not registered pass straight through to the shared cache.
    """

    def __init__(self, site_id: int | None):
        self.site_id = site_id

    def get(self, key: str, default=None):
        copy = _copy(self.site_id)
        if copy is None or key not in copy:
            return cache.get(key, default)
        value = copy[key]
        return default if value is _MISSING else value

    def set(self, key: str, value, timeout=DEFAULT_TIMEOUT) -> None:
        cache.set(key, value, timeout)
        copy = _copy_if_loaded(self.site_id)
        if copy is not None and key in copy:
            copy[key] = value


def _copy_if_loaded(site_id: int | None) -> dict | None:
    memo = site_paths.request_memo()
    if memo is None or site_id is None:
        return None
    return memo.get(_MEMO_KEY, {}).get(site_id)


def for_site(site_id: int | None) -> SiteCache:
    return SiteCache(site_id)


def forget(*keys: str) -> None:
    """Delete entries from the shared cache and from this request's copies."""
    cache.delete_many(list(keys))
    memo = site_paths.request_memo()
    if memo is not None:
        for copy in memo.get(_MEMO_KEY, {}).values():
            for key in keys:
                if key in copy:
                    copy[key] = _MISSING
