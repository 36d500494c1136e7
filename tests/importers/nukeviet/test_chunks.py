"""The chunk-level writes of the article import: a chunk's new pages, mappings, counters
and redirects go in a few statements at its end, inside its transaction. They roll back
with the chunk, a row the database refuses still goes to the report alone, and the pages
written that way are the pages Wagtail itself would have made: valid, searchable,
editable, publishable."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, ReferenceIndex

from bantin.audience import counting
from bantin.audience.models import Counter
from bantin.importers import bulk
from bantin.importers.models import ImportedObject
from bantin.importers.nukeviet import articles, redirects
from bantin.news.models import ArticlePage
from bantin.search.models import Kind, SearchEntry
from tests.importers.nukeviet.test_import import (
    article,
    assert_a_rerun_adds_row_3,
    assert_a_rerun_completes_the_interrupted_run,
    assert_row_3_refused_alone,
    run,
    snapshot,
)

pytestmark = pytest.mark.django_db

NEWS = "article:news"


def imported_news() -> set[str]:
    return set(ImportedObject.objects.filter(kind=NEWS).values_list("external_id", flat=True))


def test_an_interruption_in_the_chunk_writes_rolls_the_chunk_back_whole(hub, source,
                                                                          monkeypatch):
    """Three rows a chunk; the run stops while the second chunk (rows 4-6) writes its
    redirects: its pages, mappings and counters go with it, the first chunk stays, and
    the next run completes without a duplicate."""
    monkeypatch.setattr(articles, "COMMIT_EVERY", 3)
    original = redirects.point_many

    def stopping(site, targets):
        if any(path.startswith("/news/") and path.endswith("-4.html")
               for paths, _, _ in targets for path in paths):
            raise KeyboardInterrupt
        return original(site, targets)

    monkeypatch.setattr(redirects, "point_many", stopping)
    with pytest.raises(KeyboardInterrupt):
        run(source)
    assert imported_news() == {"1", "2", "3"}
    kept = ArticlePage.objects.filter(import_key__startswith="nukeviet:news:")
    assert sorted(kept.values_list("import_key", flat=True)) == [
        "nukeviet:news:1", "nukeviet:news:2", "nukeviet:news:3"]
    assert set(Counter.objects.values_list("object_id", flat=True)) == set(
        kept.values_list("pk", flat=True))
    assert {r.redirect_page_id for r in Redirect.objects.filter(
        redirect_page__isnull=False, old_path__contains=".html")} == set(
        kept.values_list("pk", flat=True))
    assert all(not found for found in Page.find_problems())

    monkeypatch.setattr(redirects, "point_many", original)
    assert_a_rerun_completes_the_interrupted_run(source)
    before = snapshot()
    out, _ = run(source)
    assert snapshot() == before and "tạo mới" not in out


def test_a_row_refused_at_the_chunk_end_goes_to_the_report_alone(hub, source, monkeypatch):
    """The database refuses row 3's counters (row 3 is scheduled: its revision was
    written and rolled back too): the chunk's writes are redone one row at a time, row 3
    is reported and leaves nothing behind, the others of its chunk stay."""
    original = counting.set_totals_many

    def refusing(values):
        keys = set(ArticlePage.objects.filter(pk__in=list(values))
                   .values_list("import_key", flat=True))
        if "nukeviet:news:3" in keys:
            raise DatabaseError("giá trị bị từ chối")
        return original(values)

    monkeypatch.setattr(counting, "set_totals_many", refusing)
    out, err = run(source)
    assert_row_3_refused_alone(out, err)
    assert not Redirect.objects.filter(old_path__contains="-3.html").exists()
    # The rows written one at a time are complete: counters, redirects, problems.
    first = article("news", 1)
    assert counting.totals((counting.COMMENT_COUNT,), first.pk)[counting.COMMENT_COUNT] == 2
    assert Redirect.objects.filter(redirect_page=first).count() == 4
    assert "article:news\t2\tthiếu" in err
    monkeypatch.setattr(counting, "set_totals_many", original)
    assert_a_rerun_adds_row_3(source)


def test_bulk_written_pages_are_what_wagtail_makes(hub, source, client):
    """Tree fields as add_child sets them, no revision for a published article (as
    before), one approved revision for a scheduled one; searchable and in the reference
    index; the admin opens them and they publish and render as any page."""
    run(source)
    first, scheduled, draft = article("news", 1), article("news", 3), article("news", 5)
    parent = first.get_parent()
    assert first.url_path == parent.url_path + first.slug + "/"
    assert first.depth == parent.depth + 1 and first.path.startswith(parent.path)
    assert parent.numchild == parent.get_children().count()
    assert first.locale_id == parent.locale_id and first.draft_title == first.title
    assert first.content_type.model_class() is ArticlePage
    assert len({p.translation_key for p in ArticlePage.objects.all()}) == \
        ArticlePage.objects.count()
    assert first.latest_revision is None and first.live_revision is None
    assert scheduled.latest_revision is not None
    assert scheduled.latest_revision.approved_go_live_at == scheduled.go_live_at
    assert SearchEntry.objects.filter(kind=Kind.ARTICLE, object_id=first.pk).exists()
    assert not SearchEntry.objects.filter(object_id=draft.pk).exists()
    assert ReferenceIndex.get_references_to(first.featured_image).exists()

    admin = get_user_model().objects.create_superuser("quantri", "qt@example.com", "x")
    client.force_login(admin)
    # `first` has pictures, a link to a copied file and an attachment in its body.
    for page in (first, draft, scheduled):
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page
    # Publishing validates the whole page (full_clean) as the admin's Publish button does.
    draft.title = "Bài nháp được xuất bản sau khi nhập"
    draft.save_revision(user=admin).publish(user=admin)
    draft.refresh_from_db()
    assert draft.live and draft.live_revision is not None
    assert SearchEntry.objects.get(kind=Kind.ARTICLE, object_id=draft.pk).title == draft.title
    assert client.get(draft.get_url()).status_code == 200
    assert all(not found for found in Page.find_problems())


def test_bulk_reference_index_matches_wagtails(hub, source):
    """`bulk.reference_index` stores exactly what Wagtail's per-object update stores, and
    a second pass (an update) neither duplicates nor loses a row."""
    run(source)
    pages = list(ArticlePage.objects.filter(import_key__startswith="nukeviet:"))

    page_type = ContentType.objects.get_for_model(Page)

    def of_pages():
        return ReferenceIndex.objects.filter(base_content_type=page_type,
                                             object_id__in=[str(p.pk) for p in pages])

    def rows():
        return sorted(of_pages().values_list("content_type", "base_content_type", "object_id",
                                   "to_content_type", "to_object_id", "model_path",
                                   "content_path"))

    ours = rows()
    assert ours  # images and documents in the bodies
    of_pages().delete()
    for page in pages:
        ReferenceIndex.create_or_update_for_object(page)
    assert rows() == ours
    first = next(p for p in pages if p.import_key == "nukeviet:news:1")
    first.featured_image = None
    first.save(update_fields=["featured_image"])
    bulk.reference_index(ArticlePage, pages)
    bulk.reference_index(ArticlePage, pages)
    expected = [r for r in ours if not (r[2] == str(first.pk) and r[5] == "featured_image")]
    assert rows() == expected
