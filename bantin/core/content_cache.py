"""Caches of derived values that are never served stale.

A `VersionedCache` keeps its entries under a version number that changes whenever the
data they derive from changes; old entries are never read again and simply expire.
The cache backend must be shared by all server processes (files or Redis), which the
settings ensure.

Two things keep a warm read cheap. The version is read from the shared cache once per
request (the site middleware opens a request scope) and forgotten when it is bumped. And
because an entry stored under a version never changes, each process also keeps recently
read entries in memory, as pickled bytes, so a read is an unpickle instead of a trip to
the shared cache; every reader gets its own copy.

`tree` holds what is derived from the page tree and sites (related news, breadcrumbs,
home-page blocks, the site of a host name, the pages served and fragments of their HTML):
its version changes whenever a page is published, unpublished, moved or deleted, a site
is saved or deleted, a view restriction changes, or an image or document is saved or
deleted (a served page carries its images, and its HTML their renditions and links).

Keys also carry a stamp of the application's code (`code_stamp`), so entries built by an
earlier release, or before an edit during development, are never read.
"""

import hashlib
import pickle
import threading
import time
from collections import OrderedDict
from pathlib import Path

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.safestring import SafeString
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from bantin.pagecache import collector

from . import site_paths
from .holding import holding

DEFAULT_TIMEOUT = 3600
#: Bytes of pickled entries each process keeps in memory, across all versioned caches
#: (entries include whole pages: a count would not bound the memory).
LOCAL_BYTES = 8 * 1024 * 1024


class LRU:
    """A small thread-safe mapping that forgets its least recently used entries once
    their total weight (one each, unless `weigh` says otherwise) passes `size`."""

    def __init__(self, size: int, weigh=None):
        self.size = size
        self._weigh = weigh or (lambda value: 1)
        self._weight = 0
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def set(self, key, value) -> None:
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._weight -= self._weigh(old)
            self._data[key] = value
            self._weight += self._weigh(value)
            while self._weight > self.size and len(self._data) > 1:
                self._weight -= self._weigh(self._data.popitem(last=False)[1])

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._weight = 0


#: Values no reader can change: kept as they are, every reader sharing the one copy.
_IMMUTABLE = (str, SafeString, bool, int, float, type(None))


def _shareable(value) -> bool:
    return isinstance(value, collector.Fragment) and type(value.value) in _IMMUTABLE or (
        type(value) in _IMMUTABLE)


def _weight(stored) -> int:
    if isinstance(stored, bytes):
        return len(stored)
    held = stored.value if isinstance(stored, collector.Fragment) else stored
    return 64 + (len(held) if isinstance(held, str) else 0)


class _LocalEntries(LRU):
    """Entries kept pickled, so every reader unpickles a copy of its own; HTML and other
    immutable values (most entries: page and site fragments) are kept as they are."""

    def get(self, key: str):
        stored = super().get(key)
        if isinstance(stored, bytes):
            return pickle.loads(stored)  # noqa: S301 - pickled here
        return stored

    def set(self, key: str, value) -> None:
        super().set(key, value if _shareable(value)
                    else pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


local_entries = _LocalEntries(LOCAL_BYTES, weigh=_weight)


def _code_stamp() -> str:
    """Changes whenever the application's code or templates change.

    Entries hold values and HTML built by the code that stored them; after an upgrade
    (or an edit during development) they must not be read, even though no content changed.
    """
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha1(usedforsecurity=False)
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".html", ".txt", ".xml") and "__pycache__" not in path.parts:
            stat = path.stat()
            digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:10]


_stamp: str | None = None


def code_stamp() -> str:
    global _stamp
    if _stamp is None:
        _stamp = _code_stamp()
    return _stamp


_last_fresh = 0


def _fresh_version() -> int:
    """A version number larger than any this process has handed out (microseconds)."""
    global _last_fresh
    _last_fresh = max(_last_fresh + 1, time.time_ns() // 1000)
    return _last_fresh


class VersionedCache:
    def __init__(self, name: str):
        self.name = name
        self._version_key = f"{name}:version"

    def version(self) -> int:
        memo = site_paths.request_memo()
        if memo is not None and self._version_key in memo:
            return memo[self._version_key]
        value = cache.get(self._version_key)
        if value is None:
            # Never start again from a number used before (the shared cache may have been
            # cleared): entries kept in process memory under an old number must stay unread.
            cache.add(self._version_key, _fresh_version(), None)
            value = cache.get(self._version_key) or _fresh_version()
        if memo is not None:
            memo[self._version_key] = value
        return value

    def bump(self, **kwargs) -> None:
        """Signal receiver too: any keyword arguments are ignored. Inside `held_bumps()`
        the bump is done once at the end of the block."""
        held = getattr(_held, "caches", None)
        if held is not None:
            held.add(self)
            return
        memo = site_paths.request_memo()
        if memo is not None:
            memo.pop(self._version_key, None)
        try:
            cache.incr(self._version_key)
        except ValueError:
            cache.set(self._version_key, _fresh_version(), None)

    def bump_now_and_at_commit(self, **kwargs) -> None:
        """For a change inside a transaction: bump now and again once it commits (a reader
        in between, still seeing the old rows, could keep them under the new version)."""
        self.bump()
        transaction.on_commit(self.bump)

    def get_or_build(self, key: str, build, timeout: int = DEFAULT_TIMEOUT):
        """The cached value, or build it; either way the page cache learns what it shows
        (the tags its building declared are kept with it and replayed on every read)."""
        full_key = f"{self.name}:{code_stamp()}:{self.version()}:{key}"
        fragment = local_entries.get(full_key)
        if fragment is None:
            fragment = cache.get(full_key)
            if not isinstance(fragment, collector.Fragment):
                fragment = collector.capture(build)  # declares its tags as it builds
                if fragment.value is None:
                    return None
                cache.set(full_key, fragment, timeout)
                local_entries.set(full_key, fragment)
                return fragment.value
            local_entries.set(full_key, fragment)
        return collector.replay(fragment)


tree = VersionedCache("tree")
get_or_build = tree.get_or_build
_held = threading.local()


def held_bumps():
    """For a bulk import: each cache bumped inside the block is bumped once at its end."""
    return holding(_held, "caches", lambda held: [versioned.bump() for versioned in held])


def connect() -> None:
    page_published.connect(tree.bump, dispatch_uid="content-cache-published")
    page_unpublished.connect(tree.bump, dispatch_uid="content-cache-unpublished")
    post_page_move.connect(tree.bump, dispatch_uid="content-cache-moved")
    # Deleting any specific page deletes its base Page row too, which sends this signal.
    post_delete.connect(tree.bump, sender=Page, dispatch_uid="content-cache-deleted")
    post_save.connect(tree.bump, sender=Site, dispatch_uid="content-cache-site-saved")
    post_delete.connect(tree.bump, sender=Site, dispatch_uid="content-cache-site-deleted")
    for model in (get_image_model(), get_document_model()):
        for signal in (post_save, post_delete):
            signal.connect(tree.bump, sender=model,
                           dispatch_uid=f"content-cache-{model._meta.label_lower}-{id(signal)}")
