"""Serving from caches is never stale: routes, versioned entries, remembered image tags."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.template import Context, Template

from bantin.core import content_cache, site_paths
from tests.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db


# --- routes ------------------------------------------------------------------------------


def test_a_cached_route_follows_edits_unpublishing_and_moves(client, hub, make_article):
    article = make_article(title="Tiêu đề ban đầu")
    url = article.url
    assert "Tiêu đề ban đầu" in client.get(url).content.decode()
    # Served again from the cache: no query for the page itself.
    assert "Tiêu đề ban đầu" in client.get(url).content.decode()

    article.title = "Tiêu đề đã sửa"
    article.save_revision().publish()
    assert "Tiêu đề đã sửa" in client.get(url).content.decode()

    article.move(hub["news"], pos="last-child")
    article.refresh_from_db()
    # The old address now redirects (Wagtail creates the redirect on a move).
    old = client.get(url)
    assert old.status_code == 301 and old["Location"] == article.url
    assert "Tiêu đề đã sửa" in client.get(article.url).content.decode()

    article.unpublish()
    assert client.get(article.url).status_code == 404


def test_a_warm_route_costs_no_page_query(client, hub, make_article, django_assert_max_num_queries):
    article = make_article()
    client.get(article.url)
    client.get(article.url)
    with django_assert_max_num_queries(2):
        assert client.get(article.url).status_code == 200


def test_unknown_paths_are_not_remembered(client, hub):
    import hashlib

    keys = []
    for i in range(3):
        assert client.get(f"/khong-co-trang-{i}/").status_code == 404
        url_path = f"{hub['home'].url_path}khong-co-trang-{i}/"
        keys.append("route:" + hashlib.sha1(url_path.encode(), usedforsecurity=False).hexdigest())
    stored = list(content_cache.local_entries._data)
    assert not [key for key in stored if key.endswith(tuple(keys))]


# --- versioned entries ---------------------------------------------------------------------


def test_a_cleared_cache_never_brings_back_old_entries():
    tree = content_cache.VersionedCache("thu")
    first = tree.version()
    assert tree.get_or_build("x", lambda: "cũ") == "cũ"
    cache.clear()  # as a Redis restart without persistence would
    assert tree.version() != first
    assert tree.get_or_build("x", lambda: "mới") == "mới"


def test_bump_hides_entries_from_every_reader():
    tree = content_cache.VersionedCache("thu")
    assert tree.get_or_build("x", lambda: ["cũ"]) == ["cũ"]
    tree.bump()
    assert tree.get_or_build("x", lambda: ["mới"]) == ["mới"]


def test_readers_get_their_own_copy():
    tree = content_cache.VersionedCache("thu")
    value = tree.get_or_build("x", lambda: ["a"])
    value.append("sửa")
    assert tree.get_or_build("x", lambda: ["khác"]) == ["a"]


def test_version_is_read_once_per_request_and_a_bump_is_seen_at_once():
    tree = content_cache.VersionedCache("thu")
    tree.version()
    reads = []
    original = cache.get

    def counting_get(key, *args, **kwargs):
        if key == "thu:version":
            reads.append(key)
        return original(key, *args, **kwargs)

    cache.get = counting_get
    try:
        with site_paths.RequestScope():
            before = tree.version()
            for _ in range(5):
                tree.get_or_build("x", lambda: 1)
            assert len(reads) == 1
            tree.bump()
            assert tree.version() != before
            assert tree.get_or_build("x", lambda: 2) == 2
    finally:
        cache.get = original


# --- remembered image tags -----------------------------------------------------------------


@pytest.fixture
def image(db):
    from django.core.files.base import ContentFile
    from wagtail.images import get_image_model

    model = get_image_model()
    img = model(title="Ảnh thử")
    img.file = ImageFile(ContentFile(jpeg_bytes((400, 300)), name="anh-thu.jpg"))
    img.save()
    return img


PICTURE = "{% picture img format-{webp,jpeg} fill-{120x90,240x180} alt=alt %}"


def render(source: str, library: str, **context) -> str:
    return Template("{% load " + library + " %}" + source).render(Context(context))


def test_remembered_tags_render_what_wagtail_renders(image):
    for source in (PICTURE, "{% image img fill-60x60 class='x' %}",
                   "{% srcset_image img width-{100,200} sizes='100vw' %}"):
        ours = render(source, "portal_images", img=image, alt="Ảnh")
        assert ours == render(source, "wagtailimages_tags", img=image, alt="Ảnh")
        assert ours == render(source, "portal_images", img=image, alt="Ảnh")


def test_remembered_picture_follows_attributes_focal_point_and_file(image):
    first = render(PICTURE, "portal_images", img=image, alt="Một")
    assert 'alt="Hai"' in render(PICTURE, "portal_images", img=image, alt="Hai")

    image.focal_point_x, image.focal_point_y = 380, 20
    image.focal_point_width, image.focal_point_height = 20, 20
    image.save()
    moved = render(PICTURE, "portal_images", img=image, alt="Một")
    assert moved != first
    assert moved == render(PICTURE, "wagtailimages_tags", img=image, alt="Một")

    from django.core.files.base import ContentFile

    image.file = ImageFile(ContentFile(jpeg_bytes((500, 300), (200, 10, 10)), name="moi.jpg"))
    image.save()
    image.renditions.all().delete()  # as the admin's image edit view does on a new file
    replaced = render(PICTURE, "portal_images", img=image, alt="Một")
    assert replaced not in (first, moved)
    assert replaced == render(PICTURE, "wagtailimages_tags", img=image, alt="Một")


def test_as_form_and_missing_image(image):
    out = render("{% image img fill-50x50 as r %}{{ r.width }}x{{ r.height }}", "portal_images",
                 img=image)
    assert out == "50x50"
    assert render(PICTURE, "portal_images", img=None, alt="") == ""


def test_memory_is_bounded_by_weight():
    memory = content_cache.LRU(10, weigh=len)
    memory.set("a", "12345")
    memory.set("b", "12345")
    memory.set("c", "123")  # 13 > 10: the oldest goes
    assert memory.get("a") is None and memory.get("b") == "12345" and memory.get("c") == "123"
    memory.set("b", "1")  # replacing an entry replaces its weight
    memory.set("d", "123456")
    assert memory.get("b") == "1" and memory.get("d") == "123456"
