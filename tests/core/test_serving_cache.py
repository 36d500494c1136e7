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


def test_html_and_other_immutable_values_are_shared_not_copied():
    """Fragments of HTML (most entries) are kept as they are: every reader gets the same
    string, with no unpickling; anything else is still a copy of its own."""
    tree = content_cache.VersionedCache("thu")
    tree.get_or_build("html", lambda: "<p>Bản tin</p>")
    tree.get_or_build("flag", lambda: False)
    tree.get_or_build("list", lambda: ["a"])
    key = f"thu:{content_cache.code_stamp()}:{tree.version()}:"
    stored = {name: content_cache.local_entries._data[key + name] for name in
              ("html", "flag", "list")}
    assert not isinstance(stored["html"], bytes) and not isinstance(stored["flag"], bytes)
    assert isinstance(stored["list"], bytes)
    assert tree.get_or_build("html", lambda: "khác") is tree.get_or_build("html", lambda: "")
    assert tree.get_or_build("flag", lambda: True) is False


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


# --- a site's entries, read together --------------------------------------------------------


def test_a_sites_entries_are_read_in_one_round_trip(client, hub, make_article):
    from bantin.core import request_cache

    article = make_article()
    client.get(article.url)  # builds and stores every per-site entry
    calls = {"get": [], "get_many": []}
    original_get, original_many = cache.get, cache.get_many
    inside_many = []

    def get(key, *args, **kwargs):
        if not inside_many:  # a backend may build get_many from get
            calls["get"].append(key)
        return original_get(key, *args, **kwargs)

    def get_many(keys, *args, **kwargs):
        calls["get_many"].append(list(keys))
        inside_many.append(1)
        try:
            return original_many(keys, *args, **kwargs)
        finally:
            inside_many.pop()

    cache.get, cache.get_many = get, get_many
    try:
        assert client.get(article.url + "?lan=2").status_code == 200
    finally:
        cache.get, cache.get_many = original_get, original_many
    site_keys = set(request_cache._all_keys(hub["site"].pk))
    assert len(calls["get_many"]) == 1 and set(calls["get_many"][0]) == site_keys
    assert not site_keys & set(calls["get"])


def test_a_sites_entry_replaced_mid_request_is_seen_by_that_request(hub):
    from bantin.core import request_cache

    site_id = hub["site"].pk
    key = request_cache._all_keys(site_id)[0]
    cache.set(key, "cũ")
    with site_paths.RequestScope():
        view = request_cache.for_site(site_id)
        assert view.get(key) == "cũ"
        cache.set(key, "mới từ nơi khác")
        assert view.get(key) == "cũ"  # one consistent copy for the request
        view.set(key, "mới")
        assert view.get(key) == "mới"
        request_cache.forget(key)
        assert view.get(key, "không có") == "không có"
        assert view.get("khoa-khong-dang-ky", 5) == 5  # passes through
    assert cache.get(key) is None
    # Outside a request every read goes to the shared cache.
    cache.set(key, "ngoài")
    assert request_cache.for_site(site_id).get(key) == "ngoài"


# --- page fragments -------------------------------------------------------------------------


def test_article_fragments_follow_publishing_images_and_previews(client, hub, make_article,
                                                                  image):
    article = make_article(title="Bài có đoạn lưu sẵn", lead="Sapo ban đầu.")
    assert "Sapo ban đầu." in client.get(article.url).content.decode()
    assert "Sapo ban đầu." in client.get(article.url + "?lan=2").content.decode()

    article.lead = "Sapo đã sửa."
    article.save_revision().publish()
    body = client.get(article.url).content.decode()
    assert "Sapo đã sửa." in body and "Sapo ban đầu." not in body

    # A draft seen in preview is the draft, not the stored fragment of the live page.
    article.lead = "Sapo bản nháp."
    article.save_revision()
    draft = article.get_latest_revision_as_object()
    preview = draft.make_preview_request()
    preview.render()
    assert "Sapo bản nháp." in preview.content.decode()
    assert "Sapo đã sửa." not in preview.content.decode()
    assert "Sapo đã sửa." in client.get(article.url).content.decode()

    # An image given to the page shows at once, and so does a change to that image.
    article.refresh_from_db()
    article.lead = "Sapo đã sửa."
    article.featured_image = image
    article.save_revision().publish()
    first = client.get(article.url).content.decode()
    assert "anh-thu" in first
    image.focal_point_x, image.focal_point_y = 10, 10
    image.focal_point_width, image.focal_point_height = 20, 20
    image.save()
    second = client.get(article.url).content.decode()
    assert second != first  # new renditions for the new focal point


def test_entries_built_by_other_code_are_never_read(monkeypatch):
    tree = content_cache.VersionedCache("thu-ma")
    assert tree.get_or_build("khoi", lambda: "bản của mã cũ") == "bản của mã cũ"
    assert tree.get_or_build("khoi", lambda: "không dùng") == "bản của mã cũ"
    # An upgrade (or an edited template) changes the stamp; the version stays the same.
    monkeypatch.setattr(content_cache, "_stamp", "phien-ban-moi")
    assert tree.get_or_build("khoi", lambda: "bản của mã mới") == "bản của mã mới"


def test_the_code_stamp_follows_the_files(tmp_path, monkeypatch):
    import os

    first = content_cache._code_stamp()
    assert first == content_cache._code_stamp()
    template = next(
        p for p in content_cache.Path(content_cache.__file__).resolve().parents[1].rglob("*.html")
    )
    stat = template.stat()
    try:
        os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        assert content_cache._code_stamp() != first
    finally:
        os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert content_cache._code_stamp() == first


# --- site-wide blocks -----------------------------------------------------------------------


def test_menu_identity_and_banners_follow_saves_and_renames(client, hub):
    from bantin.core.models import Navigation, SiteIdentity
    from bantin.news.models import Banner

    nav = Navigation.for_site(hub["site"])
    nav.main_menu = [("entry", {"title": "Tin", "page": hub["party"], "url": "", "children": []})]
    nav.save()
    assert '<a href="/tin-tuc/xay-dung-dang/">Tin</a>' in client.get("/").content.decode()
    assert '<a href="/tin-tuc/xay-dung-dang/">Tin</a>' in client.get("/?lan=2").content.decode()

    # The page the menu links to is renamed: the menu (and the stored header) follow.
    party = hub["party"].specific
    party.slug = "cong-tac-dang"
    party.save_revision().publish()
    content = client.get("/").content.decode()
    assert '<a href="/tin-tuc/cong-tac-dang/">Tin</a>' in content
    assert "/tin-tuc/xay-dung-dang/" not in content

    identity = SiteIdentity.for_site(hub["site"])
    identity.unit_name = "Xã Đổi Tên"
    identity.save()
    assert "Xã Đổi Tên" in client.get("/").content.decode()

    Banner.objects.create(site=hub["site"], title="Biểu ngữ mới", url="https://a.example",
                          position="footer")
    assert "Biểu ngữ mới" in client.get("/").content.decode()
    Banner.objects.filter(title="Biểu ngữ mới").delete()
    assert "Biểu ngữ mới" not in client.get("/").content.decode()


def test_category_pages_keep_one_list_per_page_number(client, hub, make_article, settings):
    from bantin.news import models as news_models

    per_page = news_models.ARTICLES_PER_PAGE
    for n in range(per_page + 2):
        make_article(title=f"Bài danh sách {n:02d}", slug=f"bai-danh-sach-{n:02d}")
    url = hub["party"].url
    first = client.get(url).content.decode()
    second = client.get(url + "?trang=2").content.decode()
    assert "Bài danh sách 00" not in first and "Bài danh sách 00" in second
    assert f"Bài danh sách {per_page + 1:02d}" in first
    # Bad page numbers fall back on a real page and share its entry.
    assert "Bài danh sách 00" in client.get(url + "?trang=99").content.decode()
    assert client.get(url + "?trang=abc").content.decode().count("Bài danh sách") == per_page
    make_article(title="Bài danh sách mới nhất", slug="bai-danh-sach-moi-nhat")
    assert "Bài danh sách mới nhất" in client.get(url).content.decode()
