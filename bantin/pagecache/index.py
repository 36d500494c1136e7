"""Registering stored pages under their tags, and purging by tag.

The order of operations makes a stale file impossible (see docs/architecture.md):
- a writer reads `generation()` before rendering, registers the file's tags (committed),
  writes the file, then compares the generation again and removes its own file if any
  purge happened in between;
- a purge (run after the change has been committed) first logs itself, which moves the
  generation on, then removes every registered file carrying one of its tags.
Either the writer sees the purge, or the purge sees the writer's registration.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import storage
from .models import CachedPage, CachedPageTag, PurgeLog

log = logging.getLogger("bantin.pagecache")


def generation() -> int:
    return PurgeLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def register(relative: str, key: storage.Key, tags, expires_at) -> bool:
    try:
        with transaction.atomic():
            CachedPage.objects.filter(path=relative).delete()
            page = CachedPage.objects.create(
                path=relative, host=key.host, url=key.url()[:1200], expires_at=expires_at
            )
            CachedPageTag.objects.bulk_create(
                [CachedPageTag(page=page, tag=t[:200]) for t in sorted(set(tags))]
            )
    except IntegrityError:
        return False  # another process is storing the same page right now
    return True


def unregister(relative: str) -> None:
    storage.remove(relative)
    CachedPage.objects.filter(path=relative).delete()


def _remove(pages) -> int:
    rows = list(pages.values_list("pk", "path"))
    for _pk, path in rows:
        storage.remove(path)
    CachedPage.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
    return len(rows)


def purge_tags(tags) -> int:
    """Remove every stored page that shows any of `tags`; returns how many."""
    tags = sorted({t[:200] for t in tags if t})
    if not tags:
        return 0
    entry = PurgeLog.objects.create(tags=" ".join(tags)[:10000])
    removed = 0
    for start in range(0, len(tags), 500):
        chunk = tags[start:start + 500]
        removed += _remove(CachedPage.objects.filter(
            pk__in=CachedPageTag.objects.filter(tag__in=chunk).values("page_id")
        ))
    if removed:
        PurgeLog.objects.filter(pk=entry.pk).update(removed=removed)
        log.info("page cache: purged %d page(s) for %s", removed, " ".join(tags)[:300])
    return removed


def purge_all() -> int:
    """Remove every stored page, registered or not (files left by a crash included)."""
    PurgeLog.objects.create(tags="*")
    removed = _remove(CachedPage.objects.all())
    for path in list(storage.all_files()):
        path.unlink(missing_ok=True)
        removed += 0 if path.name.endswith(".gz") else 1
    return removed


def purge_expired(now=None) -> int:
    now = now or timezone.now()
    expired = CachedPage.objects.filter(expires_at__lte=now)
    if not expired.exists():
        return 0
    PurgeLog.objects.create(tags="expired")
    return _remove(expired)


def prune_log(keep: int = 10000) -> None:
    last = generation()
    PurgeLog.objects.filter(pk__lte=last - keep).delete()
