"""Cache of values derived from the page tree (related news, breadcrumbs, tags…).

Keys carry a content version that changes whenever a page is published, unpublished,
moved or deleted, so nothing derived from the tree is ever served stale; old entries
simply expire. The cache backend must be shared by all server processes (files or
Redis), which the settings ensure.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

_VERSION_KEY = "core:content-version"


def version() -> int:
    value = cache.get(_VERSION_KEY)
    if value is None:
        value = 1
        cache.add(_VERSION_KEY, value, None)
    return value


def bump(**kwargs) -> None:
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, None)


def get_or_build(key: str, build, timeout: int = 3600):
    full_key = f"tree:{version()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, timeout)
    return value


def connect() -> None:
    page_published.connect(bump, dispatch_uid="content-cache-published")
    page_unpublished.connect(bump, dispatch_uid="content-cache-unpublished")
    post_page_move.connect(bump, dispatch_uid="content-cache-moved")
    # Deleting any specific page deletes its base Page row too, which sends this signal.
    post_delete.connect(bump, sender=Page, dispatch_uid="content-cache-deleted")
    post_save.connect(bump, sender=Site, dispatch_uid="content-cache-site-saved")
    post_delete.connect(bump, sender=Site, dispatch_uid="content-cache-site-deleted")
