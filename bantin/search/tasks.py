"""Background jobs that keep the index current (enqueued by `signals`)."""

from django_tasks import task

from . import indexing


@task()
def reindex_page(page_id: int) -> bool:
    """Index a page as it is now, or drop it from the index if it is gone or not public."""
    return indexing.index_page(page_id)


@task()
def reindex_subtree(page_id: int) -> int:
    """A page and its descendants: their addresses change when it moves, and unpublishing
    it hides them all."""
    return indexing.index_subtree(page_id)


@task()
def reindex_document(document_id: int) -> bool:
    return indexing.index_document(document_id)


@task()
def reindex_question(question_id: int) -> bool:
    return indexing.index_question(question_id)


@task()
def recount_words() -> None:
    """Once a day (the worker enqueues it every few seconds; the first run of a day takes
    the day's key, the rest return at once): the vocabulary's counts made exact again."""
    from django.core.cache import cache
    from django.db import connection
    from django.utils import timezone

    from . import backend

    if not cache.add(f"search:words-recounted:{timezone.localdate().isoformat()}", 1,
                     timeout=2 * 86400):
        return
    backend.recount_words(connection)
