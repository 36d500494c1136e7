"""What the index holds for a page, a legal document or a published question, and
keeping it current.

Each public object becomes one `SearchEntry`. Pages and documents are read through their
own models; nothing here writes another app's tables.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import connection, models, transaction
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.rich_text import get_text_for_indexing

from bantin.core import text
from bantin.laws.models import LegalDocument
from bantin.news.models import ArticlePage
from bantin.questions.models import Question

from . import backend
from . import query as search_query
from .models import Kind, SearchEntry

# Fields that are not reader-facing text even though they hold text.
_SKIPPED_FIELDS = {"lead", "intro", "import_key"}


def folded_tokens(value: str) -> str:
    """A column as the index stores it: folded tokens between single spaces, padded with a
    space at both ends so a word or phrase is found by `" word "` on any database."""
    found = search_query.tokens(text.fold(value))
    return f" {' '.join(found)} " if found else ""


@dataclass
class Sites:
    """What every entry needs to know about the sites, read once per batch from the
    database (not from Wagtail's cached site paths, which a site being saved or deleted
    has not refreshed yet when our signal handlers run)."""

    unit_names: dict[int, str] = field(default_factory=dict)
    #: (root page url_path, site id, root page id), the deepest root first.
    roots: list[tuple[str, int, int]] = field(default_factory=list)
    #: Tree paths of the pages with a view restriction (which covers their descendants).
    restricted: tuple[str, ...] = ()

    @classmethod
    def load(cls) -> Sites:
        from bantin.units.models import Unit

        rows = Site.objects.order_by("-is_default_site", "hostname").values_list(
            "root_page__url_path", "pk", "root_page_id"
        )
        return cls(
            unit_names=dict(Unit.objects.values_list("site_id", "name")),
            roots=sorted(rows, key=lambda row: -len(row[0])),
            restricted=tuple(PageViewRestriction.objects.values_list("page__path", flat=True)),
        )

    def is_restricted(self, page: Page) -> bool:
        """As `page.get_view_restrictions().exists()`, without a query per page."""
        return page.path.startswith(self.restricted)

    def is_root(self, page: Page) -> bool:
        return any(page.pk == root_id for _, _, root_id in self.roots)

    def locate(self, page: Page) -> tuple[int, str] | None:
        """(site id, path on that site) of a page, as Wagtail routes it; None off-site."""
        for root_path, site_id, _ in self.roots:
            if page.url_path.startswith(root_path):
                return site_id, "/" + page.url_path[len(root_path):]
        return None


def _entry_fields(title: str, lead: str, body: str) -> dict:
    title, lead, body = text.nfc(title), text.nfc(lead), text.nfc(" ".join(body.split()))
    return {
        "title": title, "lead": lead, "body": body,
        "title_folded": folded_tokens(title),
        "lead_folded": folded_tokens(lead),
        "body_folded": folded_tokens(body),
    }


def _field_text(page: Page, model_field: models.Field) -> str:
    value = getattr(page, model_field.name)
    if isinstance(model_field, StreamField):
        return " ".join(model_field.stream_block.get_searchable_content(value))
    if isinstance(model_field, RichTextField):
        return get_text_for_indexing(value or "")
    return value or ""


@functools.cache
def _body_fields(model: type[Page]) -> list[models.Field]:
    """The page type's own reader-facing text fields (Vietnamese only, not the `_en` twins)."""
    return [
        f for f in model._meta.get_fields()
        if isinstance(f, models.CharField | models.TextField | StreamField)
        and not isinstance(f, models.URLField | models.SlugField)
        and f.model is not Page and f.editable and f.concrete
        and not f.name.endswith("_en") and f.name not in _SKIPPED_FIELDS
    ]


def page_entry(page: Page, sites: Sites) -> dict | None:
    """The entry of a live, public page other than a site's home page, else None."""
    if not page.live or page.depth < 2 or sites.is_root(page):
        return None
    located = sites.locate(page)
    if located is None or sites.is_restricted(page):
        return None
    site_id, path = located
    lead = getattr(page, "lead", "") or getattr(page, "intro", "") or page.search_description
    body = " ".join(_field_text(page, f) for f in _body_fields(type(page)))
    is_article = isinstance(page, ArticlePage)
    return {
        "kind": Kind.ARTICLE if is_article else Kind.PAGE,
        "site_id": site_id,
        "unit_name": sites.unit_names.get(site_id, ""),
        "date": page.published_at if is_article else page.last_published_at,
        "path": path,
        "number_key": "",
        **_entry_fields(page.title, lead, body),
    }


def document_entry(doc: LegalDocument, sites: Sites) -> dict | None:
    if not doc.live:
        return None
    issued = dt.datetime.combine(doc.issued_on, dt.time(), tzinfo=ZoneInfo(text.TIME_ZONE))
    parts = [get_text_for_indexing(doc.full_text or ""), doc.issuer.name]
    if doc.signer:
        parts.append(str(doc.signer))
    return {
        "kind": Kind.DOCUMENT,
        "site_id": doc.site_id,
        "unit_name": sites.unit_names.get(doc.site_id, ""),
        "date": issued,
        "path": doc.get_absolute_url(),
        "number_key": doc.number_key,
        **_entry_fields(f"{doc.doc_type.name} {doc.number}: {doc.summary}", "", " ".join(parts)),
    }


def question_entry(question: Question, sites: Sites) -> dict | None:
    if question.status != Question.PUBLISHED:
        return None
    return {
        "kind": Kind.QUESTION,
        "site_id": question.site_id,
        "unit_name": sites.unit_names.get(question.site_id, ""),
        "date": question.answered_at or question.published_at,
        "path": question.get_absolute_url(),
        "number_key": "",
        **_entry_fields(question.title, question.text, question.answer),
    }


def _store(kind: str, object_id: int, fields: dict | None) -> bool:
    """Write or remove one entry; True when the object is in the index afterwards."""
    if fields is None:
        SearchEntry.objects.filter(kind__in=_kinds_of(kind), object_id=object_id).delete()
        return False
    SearchEntry.objects.update_or_create(
        kind__in=_kinds_of(kind), object_id=object_id,
        defaults={**fields, "object_id": object_id},
    )
    return True


def _store_many(kind: str, found: dict[int, dict | None]) -> int:
    """`_store` for many objects of one kind ({object id: fields or None}) in a few
    statements: one read of their entries, one DELETE, one multi-row UPDATE, one
    multi-row INSERT (new entries in date order, as `rebuild` gives them ids). Returns
    how many are in the index afterwards."""
    kinds = _kinds_of(kind)
    existing = dict(SearchEntry.objects.filter(kind__in=kinds, object_id__in=list(found))
                    .values_list("object_id", "pk"))
    gone = [existing[pk] for pk, fields in found.items() if fields is None and pk in existing]
    if gone:
        SearchEntry.objects.filter(pk__in=gone).delete()
    changed, new = [], []
    for object_id, fields in found.items():
        if fields is None:
            continue
        entry = SearchEntry(pk=existing.get(object_id), object_id=object_id, **fields)
        (changed if entry.pk else new).append(entry)
    if changed:
        SearchEntry.objects.bulk_update(changed, ["object_id", *fields_of_entry()],
                                        batch_size=100)
    new.sort(key=lambda entry: (entry.date or _OLDEST, entry.object_id))
    SearchEntry.objects.bulk_create(new)
    return len(changed) + len(new)


@functools.cache
def fields_of_entry() -> list[str]:
    """What an entry's fields dict sets (all but the id and the object id)."""
    return [f.name for f in SearchEntry._meta.concrete_fields
            if f.name not in ("id", "object_id")]


def _kinds_of(kind: str) -> list[str]:
    """Pages share their ids, whatever their kind: an article moved into a page's place
    (or a page that becomes an article) must replace its old entry."""
    if kind in (Kind.DOCUMENT, Kind.QUESTION):
        return [kind]
    return [Kind.ARTICLE, Kind.PAGE]


def index_page(page_id: int) -> bool:
    page = Page.objects.filter(pk=page_id).first()
    fields = page_entry(page.specific, Sites.load()) if page is not None else None
    return _store(Kind.PAGE, page_id, fields)


def index_pages(page_ids) -> int:
    """Reindex these pages (after a bulk import); returns how many are in the index."""
    sites, ids, done = Sites.load(), sorted(page_ids), 0
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        pages = {p.pk: p for p in Page.objects.filter(pk__in=chunk).specific()}
        done += _store_many(Kind.PAGE, {pk: page_entry(pages[pk], sites) if pk in pages
                                        else None for pk in chunk})
    return done


def index_subtree(page_id: int) -> int:
    """Reindex a page and everything below it (after a move, an unpublish or a change of
    site); returns how many are in the index afterwards."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return int(index_page(page_id))
    sites, done, found = Sites.load(), 0, {}
    for p in Page.objects.filter(path__startswith=page.path).specific().iterator(chunk_size=500):
        found[p.pk] = page_entry(p, sites)
        if len(found) >= 500:
            done, found = done + _store_many(Kind.PAGE, found), {}
    return done + (_store_many(Kind.PAGE, found) if found else 0)


def index_document(document_id: int) -> bool:
    doc = (
        LegalDocument.objects.select_related("doc_type", "issuer", "signer")
        .filter(pk=document_id).first()
    )
    fields = document_entry(doc, Sites.load()) if doc is not None else None
    return _store(Kind.DOCUMENT, document_id, fields)


def index_question(question_id: int) -> bool:
    question = Question.objects.filter(pk=question_id).first()
    fields = question_entry(question, Sites.load()) if question is not None else None
    return _store(Kind.QUESTION, question_id, fields)


def _all_entries(sites: Sites) -> Iterator[tuple[int, dict | None]]:
    """Every live page, document and published question, oldest first: entries get ids
    in date order, and the search takes "newest" candidates by id (`engine`)."""
    articles = ArticlePage.objects.live().order_by("published_at", "pk")
    pages = (Page.objects.live().filter(depth__gt=1).not_type(ArticlePage)
             .order_by("last_published_at", "pk").specific())
    documents = (
        LegalDocument.objects.public().select_related("doc_type", "issuer", "signer")
        .order_by("issued_on", "pk")
    )
    questions = Question.objects.published().order_by("answered_at", "pk")
    streams = [
        ((p.pk, page_entry(p, sites)) for p in articles.iterator(chunk_size=500)),
        ((p.pk, page_entry(p, sites)) for p in pages.iterator(chunk_size=500)),
        ((d.pk, document_entry(d, sites)) for d in documents.iterator(chunk_size=500)),
        ((q.pk, question_entry(q, sites)) for q in questions.iterator(chunk_size=500)),
    ]
    yield from heapq.merge(*streams, key=_entry_date)


_OLDEST = dt.datetime.min.replace(tzinfo=dt.UTC)


def _entry_date(item: tuple[int, dict | None]) -> dt.datetime:
    fields = item[1]
    return (fields or {}).get("date") or _OLDEST


def count_objects() -> int:
    return (Page.objects.live().filter(depth__gt=1).count()
            + LegalDocument.objects.public().count() + Question.objects.published().count())


def rebuild(progress: Callable[[int], None] | None = None) -> int:
    """Empty the index and fill it again from every live page, document and published
    question, in one transaction so searches meanwhile see the old index; returns the
    number of entries."""
    sites = Sites.load()
    with transaction.atomic():
        backend.bulk(connection)
        SearchEntry.objects.all().delete()
        batch: list[SearchEntry] = []
        done = 0
        for object_id, fields in _all_entries(sites):
            done += 1
            if fields is not None:
                batch.append(SearchEntry(object_id=object_id, **fields))
            if len(batch) >= 500:
                SearchEntry.objects.bulk_create(batch)
                batch = []
            if progress is not None:
                progress(done)
        SearchEntry.objects.bulk_create(batch)
        backend.optimize(connection)
    return SearchEntry.objects.count()
