"""Upkeep a bulk import does once at its end instead of once per saved object.

Saving a page, an image or a document normally enqueues, per object, a Wagtail search-index
update and a reference-index update (two task rows each), purges page-cache tags and
moves the content cache's version on; Wagtail also writes an audit-log entry for every
new page. Over tens of thousands of imported rows that is much of the time spent.

Inside `deferred_upkeep(site, ...)` those per-object handlers are off and the saved
objects are only noted (`deferred_indexing` does the indexing part alone: the demo
loader uses it); at the end (also after an interruption, for what was committed)
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
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models.signals import post_save
from modelcluster.fields import ParentalKey
from modelsearch import index as search_index
from modelsearch import signal_handlers as search_signals
from modelsearch.backends import get_search_backends
from wagtail.log_actions import log
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from bantin.core import content_cache
from bantin.pagecache import invalidation

from .log_actions import IMPORT_ACTION

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
    queryset = model._default_manager.filter(pk__in=pks)
    indexed = search_index.class_is_indexed(model) and getattr(model, "search_auto_update", True)
    if indexed:  # the related objects the search fields read (tags...), in a query each
        for search_field in model.get_search_fields():
            if isinstance(search_field, search_index.RelatedFields):
                queryset = search_field.select_on_queryset(queryset)
    objects = list(queryset)
    if indexed:
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, objects)
    with transaction.atomic():
        # What Wagtail's own handler indexes: a registered model's objects, and for a
        # model linked to one by a ParentalKey, the object it belongs to.
        if ReferenceIndex.is_indexed(model):
            reference_index(model, objects)
        elif model in ReferenceIndex.tracked_models:
            owners: dict[type, dict] = defaultdict(dict)
            for owner in filter(None, map(_owner, objects)):
                owners[type(owner)][owner.pk] = owner
            for owner_model, found in owners.items():
                if ReferenceIndex.is_indexed(owner_model):
                    reference_index(owner_model, list(found.values()))
        if issubclass(model, Page):
            indexing.index_pages(pks)
        elif issubclass(model, LegalDocument):
            for pk in pks:
                indexing.index_document(pk)
    return len(objects)


def _owner(obj):
    """The object whose references include `obj`'s: up its ParentalKeys, as Wagtail's
    `update_reference_index_task` goes (None when one of them is empty)."""
    while obj is not None:
        keys = [f for f in obj._meta.get_fields() if isinstance(f, ParentalKey)]
        if not keys:
            return obj
        obj = getattr(obj, keys[0].name)
    return None


def reference_index(model, objects: list) -> None:
    """`ReferenceIndex.create_or_update_for_object` for many objects of one model, with
    the same result: each object's references are extracted as Wagtail does, then the
    stored ones are read in one query, the new ones inserted in one, the gone ones
    deleted in one. Call inside a transaction."""
    if not objects:
        return
    # The content types of the model and its ancestors, most specific first (as Wagtail).
    content_types = [ContentType.objects.get_for_model(m, for_concrete_model=False)
                     for m in [model, *model._meta.get_parent_list()]]
    content_type, base_content_type = content_types[0], content_types[-1]
    known = {ct.pk for ct in content_types}
    # Keyed as ReferenceIndex stores object ids: as text.
    found = {str(obj.pk): set(ReferenceIndex._extract_references_from_object(obj))
             for obj in objects}
    stored: dict[int, dict[tuple, tuple[int, int]]] = defaultdict(dict)
    ids = list(found)
    for start in range(0, len(ids), 500):
        for pk, ct_id, object_id, to_ct, to_id, model_path, content_path in (
                ReferenceIndex.objects.filter(base_content_type=base_content_type,
                                              object_id__in=ids[start:start + 500])
                .values_list("id", "content_type_id", "object_id", "to_content_type",
                             "to_object_id", "model_path", "content_path")):
            stored[object_id][(to_ct, to_id, model_path, content_path)] = (ct_id, pk)
    new, gone = [], []
    for object_pk, references in found.items():
        existing = stored.get(object_pk, {})
        new.extend(ReferenceIndex(
            content_type=content_type, base_content_type=base_content_type,
            object_id=object_pk, to_content_type_id=to_ct, to_object_id=to_id,
            model_path=model_path, content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path))
            for to_ct, to_id, model_path, content_path in references - existing.keys())
        # Kept: a reference still there, or one stored under a more specific model than
        # this one (Wagtail cannot see it from here either).
        gone.extend(pk for reference, (ct_id, pk) in existing.items()
                    if reference not in references and ct_id in known)
    ReferenceIndex.objects.bulk_create(
        new, ignore_conflicts=connection.features.supports_ignore_conflicts)
    if gone:
        ReferenceIndex.objects.filter(pk__in=gone).delete()


def _worth_catching_up(model) -> bool:
    from bantin.laws.models import LegalDocument

    return (search_index.class_is_indexed(model) or model in ReferenceIndex.tracked_models
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
def deferred_indexing():
    """Save inside this block: the per-object index updates (Wagtail's search and
    reference indexes, the portal's search entries of published pages and legal
    documents) are off, and at the end the saved objects are indexed in bulk by
    background jobs of CHUNK objects each (`catch_up`; at once where tasks are
    immediate). Yields the `Noted` objects."""
    from bantin.search import signals as portal_search_signals

    noted = Noted()
    models = _search_models()
    for model in models:
        post_save.disconnect(search_signals.post_save_signal_handler, sender=model)
    post_save.connect(noted, weak=False, dispatch_uid="bantin-bulk-import-noted")
    try:
        with disable_reference_index_auto_update(), portal_search_signals.paused_for_bulk():
            yield noted
    finally:
        post_save.disconnect(dispatch_uid="bantin-bulk-import-noted")
        for model in models:
            post_save.connect(search_signals.post_save_signal_handler, sender=model)
        if noted.saved:
            _enqueue(noted)


@contextmanager
def deferred_upkeep(site, *, source: str = "", summary=None, user=None):
    """Import inside this block. The one audit-log entry written at the end, on the site's
    home page, names the `source` and holds what `summary()` returns then."""
    noted = Noted()
    try:
        with deferred_indexing() as noted, content_cache.held_bumps() as bumps, \
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
        if noted.saved:  # also after an interruption, for what was committed
            log(instance=site.root_page.specific, action=IMPORT_ACTION, user=user,
                data={"source": source, "summary": summary() if summary else None,
                      "objects": sum(len(pks) for pks in noted.saved.values())})
