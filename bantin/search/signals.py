"""Publishing, unpublishing, moving or deleting a page, and saving or deleting a legal
document, enqueue the job that brings its search entry up to date."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from bantin.laws.models import LegalDocument

from . import tasks


def _page_changed(sender, instance, **kwargs) -> None:
    tasks.reindex_page.enqueue(instance.pk)


def _page_subtree_changed(sender, instance, **kwargs) -> None:
    tasks.reindex_subtree.enqueue(instance.pk)


def _document_changed(sender, instance, **kwargs) -> None:
    tasks.reindex_document.enqueue(instance.pk)


def connect() -> None:
    page_published.connect(_page_changed, dispatch_uid="search-page-published")
    page_unpublished.connect(_page_subtree_changed, dispatch_uid="search-page-unpublished")
    post_page_move.connect(_page_subtree_changed, dispatch_uid="search-page-moved")
    # Deleting any specific page deletes its base Page row too, which sends this signal.
    post_delete.connect(_page_changed, sender=Page, dispatch_uid="search-page-deleted")
    post_save.connect(_document_changed, sender=LegalDocument, dispatch_uid="search-doc-saved")
    post_delete.connect(
        _document_changed, sender=LegalDocument, dispatch_uid="search-doc-deleted"
    )
