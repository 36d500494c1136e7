"""Upkeep a bulk import does once at its end instead of once per saved object.

Saving a page, an image or a document normally enqueues, per object, a Wagtail search-index
update and a reference-index update (two task rows each), purges page-cache tags and
moves the content cache's version on; Wagtail also writes an audit-log entry for every
new page. Over tens of thousands of imported rows that is much of the time spent.

Inside `deferred_upkeep(site, ...)` those per-object handlers are off and the saved
objects are only noted; at the end (also after an interruption, for what was committed)
one background job per CHUNK objects of a model indexes them in bulk (`catch_up`:
Wagtail's search index with `add_bulk`, the reference index, the portal's own search
entries for pages and legal documents), the page-cache tags asked for are purged once
(with the whole site's), the content cache's version moves on once, and one audit-log
entry sums up the run.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_save
from modelsearch import index as search_index
from modelsearch import signal_handlers as search_signals
from modelsearch.backends import get_search_backends
from wagtail.log_actions import log
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from bantin.core import content_cache
from bantin.pagecache import invalidation

IMPORT_ACTION = "bantin.import"
CHUNK = 500


class Noted:
    """Objects saved during the import, by model: {model: {pk, ...}}."""

    def __init__(self):
        self.saved: dict[type, set] = defaultdict(set)

    def __call__(self, sender, instance, raw=False, **kwargs):
        if not raw and instance.pk is not None:
            self.saved[sender].add(instance.pk)



def _search_models():
    return [m for m in search_index.get_indexed_models()
            if getattr(m, "search_auto_update", True)]


def catch_up(label: str, pks: list) -> int:
    """Bring the indexes up to date for these objects of one model ("app_label.model"):
    Wagtail's search index and reference index, and the portal's own search entries for
    pages and legal documents. Returns how many objects still exist."""
    from bantin.laws.models import LegalDocument
    from bantin.search import indexing

    model = apps.get_model(label)
    objects = list(model._default_manager.filter(pk__in=pks))
    if search_index.class_is_indexed(model) and getattr(model, "search_auto_update", True):
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, objects)
    with transaction.atomic():
        if ReferenceIndex.model_is_indexable(model):
            for obj in objects:
                ReferenceIndex.create_or_update_for_object(obj)
        if issubclass(model, Page):
            indexing.index_pages(pks)
        elif issubclass(model, LegalDocument):
            for pk in pks:
                indexing.index_document(pk)
    return len(objects)


def _worth_catching_up(model) -> bool:
    from bantin.laws.models import LegalDocument

    return (search_index.class_is_indexed(model) or ReferenceIndex.model_is_indexable(model)
            or issubclass(model, Page | LegalDocument))


def _enqueue(noted: Noted) -> int:
    from .tasks import catch_up_task

    jobs = 0
    for model, pks in noted.saved.items():
        if not _worth_catching_up(model):
            continue
        pks = sorted(pks)
        for start in range(0, len(pks), CHUNK):
            catch_up_task.enqueue(model._meta.label_lower, pks[start:start + CHUNK])
            jobs += 1
    return jobs


@contextmanager
def deferred_upkeep(site, *, source: str = "", summary=None, user=None):
    """Import inside this block. The one audit-log entry written at the end, on the site's
    home page, names the `source` and holds what `summary()` returns then."""
    noted = Noted()
    models = _search_models()
    for model in models:
        post_save.disconnect(search_signals.post_save_signal_handler, sender=model)
    post_save.connect(noted, weak=False, dispatch_uid="bantin-bulk-import-noted")
    try:
        with disable_reference_index_auto_update(), content_cache.held_bumps() as bumps, \
                invalidation.held_purges() as purges:
            try:
                yield noted
            finally:
                if noted.saved:
                    # New pages appear in menus and lists: the tree's caches and the
                    # site's cached pages go, once.
                    bumps.add(content_cache.tree)
                    purges.add(f"site:{site.pk}")
    finally:
        post_save.disconnect(dispatch_uid="bantin-bulk-import-noted")
        for model in models:
            post_save.connect(search_signals.post_save_signal_handler, sender=model)
        if noted.saved:
            # Background jobs of CHUNK objects each (run at once where tasks are immediate).
            _enqueue(noted)
            log(instance=site.root_page.specific, action=IMPORT_ACTION, user=user,
                data={"source": source, "summary": summary() if summary else None,
                      "objects": sum(len(pks) for pks in noted.saved.values())})
