"""Caches of derived values that are never served stale.

A `VersionedCache` keeps its entries under a version number that changes whenever the
data they derive from changes; old entries are never read again and simply expire.
The cache backend must be shared by all server processes (files or Redis), which the
settings ensure.

`tree` holds what is derived from the page tree and sites (related news, breadcrumbs,
home-page blocks, the site of a host name): its version changes whenever a page is
published, unpublished, moved or deleted, or a site is saved or deleted.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from bantin.pagecache import collector

DEFAULT_TIMEOUT = 3600


class VersionedCache:
    def __init__(self, name: str):
        self.name = name
        self._version_key = f"{name}:version"

    def version(self) -> int:
        value = cache.get(self._version_key)
        if value is None:
            value = 1
            cache.add(self._version_key, value, None)
        return value

    def bump(self, **kwargs) -> None:
        """Signal receiver too: any keyword arguments are ignored."""
        try:
            cache.incr(self._version_key)
        except ValueError:
            cache.set(self._version_key, 2, None)

    def get_or_build(self, key: str, build, timeout: int = DEFAULT_TIMEOUT):
        """The cached value, or build it; either way the page cache learns what it shows
        (the tags its building declared are kept with it)."""
        return collector.cached(cache, f"{self.name}:{self.version()}:{key}", build, timeout)


tree = VersionedCache("tree")
get_or_build = tree.get_or_build


def connect() -> None:
    page_published.connect(tree.bump, dispatch_uid="content-cache-published")
    page_unpublished.connect(tree.bump, dispatch_uid="content-cache-unpublished")
    post_page_move.connect(tree.bump, dispatch_uid="content-cache-moved")
    # Deleting any specific page deletes its base Page row too, which sends this signal.
    post_delete.connect(tree.bump, sender=Page, dispatch_uid="content-cache-deleted")
    post_save.connect(tree.bump, sender=Site, dispatch_uid="content-cache-site-saved")
    post_delete.connect(tree.bump, sender=Site, dispatch_uid="content-cache-site-deleted")
