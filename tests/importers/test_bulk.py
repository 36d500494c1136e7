"""`importers.bulk.deferred_upkeep`: per-object index updates, cache purges and audit
entries are held during a bulk import and done once at its end, also after a failure;
the handlers are back afterwards. Images: the same bytes are stored once."""

import pytest
from django.db.models.signals import post_save
from modelsearch import signal_handlers as search_signals
from wagtail.models import PageLogEntry, ReferenceIndex

from bantin.core import content_cache
from bantin.core.models import CustomImage
from bantin.importers import bulk
from bantin.importers.files import store_image
from bantin.news.models import ArticlePage
from bantin.pagecache import invalidation
from bantin.search.models import SearchEntry
from bantin.units import access
from tests.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db


def search_handler_on(model) -> bool:
    sync, _ = post_save._live_receivers(model)
    return search_signals.post_save_signal_handler in sync


@pytest.fixture
def spies(monkeypatch):
    purged, bumped = [], []
    monkeypatch.setattr(invalidation, "_run", lambda tags: purged.append(set(tags)))
    original = content_cache.VersionedCache.bump

    def bump(self, **kwargs):
        if getattr(content_cache._held, "caches", None) is None:
            bumped.append(self)
        return original(self, **kwargs)

    monkeypatch.setattr(content_cache.VersionedCache, "bump", bump)
    return purged, bumped


def add_article(hub, title, image=None):
    page = ArticlePage(title=title, slug=title.lower().replace(" ", "-"),
                       lead="Bà con hào hứng.", featured_image=image)
    hub["news"].add_child(instance=page)
    return page


def test_upkeep_is_held_then_done_once(hub, tmp_path, spies,
                                       django_capture_on_commit_callbacks):
    purged, bumped = spies
    path = tmp_path / "a.jpg"
    path.write_bytes(jpeg_bytes())
    collection = access.collection_of(hub["site"])
    with bulk.deferred_upkeep(hub["site"], source="thu", summary=lambda: ["tạo mới 2"]):
        assert not search_handler_on(CustomImage) and not search_handler_on(ArticlePage)
        with django_capture_on_commit_callbacks(execute=True):  # as if committed
            image = store_image(path, "Ảnh", "Ra quân", collection)
            first = add_article(hub, "Ra quan lam duong", image)
            add_article(hub, "Tet trong cay")
        assert purged == [] and bumped == []
        assert not SearchEntry.objects.filter(object_id=first.pk).exists()
    assert search_handler_on(CustomImage) and search_handler_on(ArticlePage)
    # One purge holding every tag asked for, with the whole site; one content-cache bump.
    assert len(purged) == 1 and {f"site:{hub['site'].pk}", f"image:{image.pk}"} <= purged[0]
    assert bumped == [content_cache.tree]
    # The catch-up jobs (immediate in tests) indexed the pages and their references.
    assert SearchEntry.objects.filter(object_id=first.pk).exists()
    assert first.pk in [p.pk for p in ArticlePage.objects.search("Ra quan")]
    assert [int(r.object_id) for r in ReferenceIndex.get_references_to(image)] == [first.pk]
    (entry,) = PageLogEntry.objects.filter(action=bulk.IMPORT_ACTION)
    assert entry.page_id == hub["home"].pk
    assert entry.data["source"] == "thu" and entry.data["summary"] == ["tạo mới 2"]


def test_a_failure_still_catches_up_what_was_saved_and_restores_handlers(
        hub, spies, django_capture_on_commit_callbacks):
    purged, bumped = spies
    with pytest.raises(RuntimeError), bulk.deferred_upkeep(hub["site"]):
        page = add_article(hub, "Hoi nghi tong ket")
        raise RuntimeError("mất kết nối")
    assert search_handler_on(ArticlePage)
    assert getattr(invalidation._held, "tags", None) is None
    assert SearchEntry.objects.filter(object_id=page.pk).exists()
    assert len(purged) == 1 and bumped == [content_cache.tree]
    assert PageLogEntry.objects.filter(action=bulk.IMPORT_ACTION).count() == 1
    # Outside the block, purges and bumps happen at once again.
    with django_capture_on_commit_callbacks(execute=True):
        invalidation.purge("x")
    assert purged[-1] == {"x"}


def test_nothing_saved_leaves_no_trace(hub, spies):
    purged, bumped = spies
    with bulk.deferred_upkeep(hub["site"]):
        pass
    assert purged == [] and bumped == []
    assert not PageLogEntry.objects.filter(action=bulk.IMPORT_ACTION).exists()


def test_the_same_image_bytes_are_stored_once(hub, tmp_path):
    collection = access.collection_of(hub["site"])
    (tmp_path / "a.jpg").write_bytes(jpeg_bytes())
    (tmp_path / "b.jpg").write_bytes(jpeg_bytes())
    first = store_image(tmp_path / "a.jpg", "Ảnh", "", collection)
    assert first.file_hash and first.file_size == len(jpeg_bytes())
    assert (first.width, first.height) != (0, 0)
    assert store_image(tmp_path / "b.jpg", "Ảnh khác", "", collection).pk == first.pk
    assert CustomImage.objects.filter(collection=collection).count() == 1


def test_a_stored_image_has_its_file_and_true_dimensions(hub, tmp_path):
    """Stored from memory without Django reading the file back: the name, size and
    dimensions must still be those of the file, and renditions must work."""
    import io

    from PIL import Image as PILImage

    buf = io.BytesIO()
    PILImage.new("RGB", (123, 45), (10, 200, 30)).save(buf, "PNG")
    (tmp_path / "Ảnh dài.png").write_bytes(buf.getvalue())
    image = store_image(tmp_path / "Ảnh dài.png", "Ảnh", "", access.collection_of(hub["site"]))
    image = CustomImage.objects.get(pk=image.pk)
    assert (image.width, image.height) == (123, 45)
    assert image.file.name.startswith("original_images/")
    with image.open_file() as fh:
        assert fh.read() == buf.getvalue()
    assert image.get_rendition("width-60").width == 60


def test_deferred_indexing_indexes_once_in_bulk_and_restores_every_handler(hub, monkeypatch):
    """What the demo loader wraps itself in: no index job per save (publishing a page and
    saving a legal document queue none), the saved objects indexed at the end; changes the
    bulk catch-up does not cover (an unpublish) still queue their own job."""
    import datetime as dt

    from django_tasks.base import Task

    from bantin.laws.models import DocumentType, IssuingBody, LegalDocument
    from bantin.search import tasks

    queued = []
    original = Task.enqueue

    def enqueue(self, *args, **kwargs):
        queued.append(self.name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Task, "enqueue", enqueue)
    old = add_article(hub, "Bai cu")
    old.save_revision().publish()
    with bulk.deferred_indexing() as noted:
        queued.clear()
        page = add_article(hub, "Ra quan lam duong")
        page.save_revision().publish()
        law = LegalDocument.objects.create(
            site=hub["site"], number="07/QĐ-UBND", summary="Quyết định về làm đường",
            doc_type=DocumentType.objects.create(name="Quyết định"),
            issuer=IssuingBody.objects.create(name="UBND huyện"), issued_on=dt.date(2026, 5, 1))
        old.unpublish()
        assert queued == [tasks.reindex_subtree.name]
        assert not SearchEntry.objects.filter(object_id__in=[page.pk, law.pk]).exists()
    assert {ArticlePage, LegalDocument} <= set(noted.saved)
    assert set(queued) == {tasks.reindex_subtree.name, "catch_up_task"}
    assert SearchEntry.objects.filter(kind__in=["article", "page"], object_id=page.pk).exists()
    assert SearchEntry.objects.filter(kind="document", object_id=law.pk).exists()
    assert page.pk in [p.pk for p in ArticlePage.objects.search("Ra quan")]
    # Every handler is back: a publish and a document saved after the block queue theirs.
    assert search_handler_on(ArticlePage)
    queued.clear()
    page.save_revision().publish()
    law.save()
    assert {tasks.reindex_page.name, tasks.reindex_document.name} <= set(queued)


def test_the_catch_up_indexes_references_as_wagtail_does(hub):
    """Only models Wagtail indexes get reference rows (visit counts and group permissions
    saved in bulk get none), and a row saved alone under a ParentalKey is indexed with the
    object it belongs to."""
    import datetime as dt

    from bantin.audience.models import SiteDailyVisits
    from bantin.broadcast.models import Playlist, PlaylistItem, Programme, Station

    station = Station.objects.create(site=hub["site"], name="Đài truyền thanh huyện")
    programme = Programme.objects.create(station=station, title="Bản tin sáng", kind="speech",
                                         text="Nội dung bản tin")
    playlist = Playlist(station=station, title="Chương trình sáng")
    playlist.save()
    assert not ReferenceIndex.get_references_to(programme).exists()
    with bulk.deferred_indexing() as noted:
        PlaylistItem.objects.create(playlist=playlist, programme=programme)
        SiteDailyVisits.objects.create(site=hub["site"], day=dt.date(2026, 11, 1), visits=5)
    assert PlaylistItem in noted.saved and SiteDailyVisits in noted.saved
    assert [(r.content_type.model_class(), int(r.object_id))
            for r in ReferenceIndex.get_references_to(programme)] == [(Playlist, playlist.pk)]
    assert not ReferenceIndex.objects.filter(
        base_content_type__model="sitedailyvisits").exists()
