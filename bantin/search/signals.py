"""Publishing, unpublishing, moving or deleting a page, and saving or deleting a legal
document or a question, enqueue the job that brings its search entry up to date. A site or unit that
is saved or deleted changes the addresses and unit name of every page below its root."""

from contextlib import contextmanager

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from bantin.core import content_cache
from bantin.laws.models import LegalDocument
from bantin.questions.models import Question

from . import tasks
from .models import Kind, SearchEntry


def _page_changed(sender, instance, **kwargs) -> None:
    tasks.reindex_page.enqueue(instance.pk)


def _page_subtree_changed(sender, instance, **kwargs) -> None:
    tasks.reindex_subtree.enqueue(instance.pk)


def _site_changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata (a restore) rebuilds the index afterwards
        return
    tasks.reindex_subtree.enqueue(instance.root_page_id)


def _unit_changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata (a restore) rebuilds the index afterwards
        return
    tasks.reindex_subtree.enqueue(instance.site.root_page_id)


def _document_changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata (a restore) rebuilds the index afterwards
        return
    tasks.reindex_document.enqueue(instance.pk)


def _question_changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata (a restore) rebuilds the index afterwards
        return
    # Only published questions are in the index: a new or unanswered one changes nothing.
    if instance.status == Question.PUBLISHED or SearchEntry.objects.filter(
            kind=Kind.QUESTION, object_id=instance.pk).exists():
        tasks.reindex_question.enqueue(instance.pk)


# Publishing a page and saving a legal document: what a bulk catch-up indexes itself.
_BULK_COVERED = [
    (page_published, _page_changed, None, "search-page-published"),
    (post_save, _document_changed, LegalDocument, "search-doc-saved"),
]


def connect() -> None:
    from bantin.units.models import Unit

    for signal, receiver, sender, uid in _BULK_COVERED:
        signal.connect(receiver, sender=sender, dispatch_uid=uid)
    page_unpublished.connect(_page_subtree_changed, dispatch_uid="search-page-unpublished")
    post_page_move.connect(_page_subtree_changed, dispatch_uid="search-page-moved")
    # Deleting any specific page deletes its base Page row too, which sends this signal.
    post_delete.connect(_page_changed, sender=Page, dispatch_uid="search-page-deleted")
    post_delete.connect(
        _document_changed, sender=LegalDocument, dispatch_uid="search-doc-deleted"
    )
    post_save.connect(_question_changed, sender=Question, dispatch_uid="search-question-saved")
    post_delete.connect(
        _question_changed, sender=Question, dispatch_uid="search-question-deleted"
    )
    post_save.connect(_site_changed, sender=Site, dispatch_uid="search-site-saved")
    post_delete.connect(_site_changed, sender=Site, dispatch_uid="search-site-deleted")
    post_save.connect(_unit_changed, sender=Unit, dispatch_uid="search-unit-saved")
    # The search page's unit filter lists unit names, kept under the tree's content version.
    post_save.connect(content_cache.tree.bump, sender=Unit, dispatch_uid="search-unit-names")
    post_delete.connect(content_cache.tree.bump, sender=Unit,
                        dispatch_uid="search-unit-names-deleted")


@contextmanager
def paused_for_bulk():
    """Pages published and legal documents saved inside are not queued one job each: the
    caller indexes them itself, in bulk, at the end (`importers.bulk.deferred_indexing`).
    Every other change (unpublish, move, delete, sites, units, questions) still is."""
    for signal, _, sender, uid in _BULK_COVERED:
        signal.disconnect(sender=sender, dispatch_uid=uid)
    try:
        yield
    finally:
        for signal, receiver, sender, uid in _BULK_COVERED:
            signal.connect(receiver, sender=sender, dispatch_uid=uid)
