"""Site root paths read once per request instead of once per link.

Wagtail builds every page URL from the list of sites' root paths, which it keeps in the
shared cache. A page URL asked for without the request (`page.url`, as the admin's page
listings do two or three times a row) reads and unpickles that list from the cache again:
with 170 unit sites and 50 rows, that is a noticeable part of an explorer listing. Within
one request the list is read once, from the process's memory under the tree's content
version (`core.content_cache`); Wagtail's own invalidation (a site saved or deleted, a
site's root page saved) also drops the request's copy and moves that version on, so
nothing is served stale.
"""

import contextvars

from wagtail.models import Site

_request_paths: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "bantin_site_root_paths", default=None
)
_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    read = Site.get_site_root_paths
    clear = Site.clear_site_root_paths_cache

    def get_site_root_paths():
        box = _request_paths.get()
        if box is None:
            return read()
        if "paths" not in box:
            from . import content_cache

            # In a request, from this process's memory under the tree's content version.
            box["paths"] = content_cache.get_or_build("site-root-paths", read)
        return box["paths"]

    def clear_site_root_paths_cache():
        from . import content_cache

        box = _request_paths.get()
        if box is not None:
            box.pop("paths", None)
        clear()
        # Whatever cleared Wagtail's copy moves the content version on.
        content_cache.tree.bump_now_and_at_commit()

    Site.get_site_root_paths = staticmethod(get_site_root_paths)
    Site.clear_site_root_paths_cache = staticmethod(clear_site_root_paths_cache)
    _installed = True


def request_memo() -> dict | None:
    """A dict that lives as long as the current request (None outside a request)."""
    return _request_paths.get()


class RequestScope:
    """Context manager the site middleware wraps each request in."""

    def __enter__(self):
        self._token = _request_paths.set({})
        return self

    def __exit__(self, *exc):
        _request_paths.reset(self._token)
        return False
