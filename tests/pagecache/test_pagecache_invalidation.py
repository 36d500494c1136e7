"""Each kind of change purges exactly the stored pages that show it.

A small portal (a hub with three categories, a unit site) is rendered into the cache;
after each change, the test compares which files are gone with the pages that show what
changed, and renders every page still stored again without the cache: a kept page must
be byte for byte what Django would serve now.
"""

import datetime as dt

import pytest
from pagecache_helpers import cached_files

from bantin.news.models import ArticlePage, Banner, CategoryPage

pytestmark = pytest.mark.django_db


def path_of(page) -> str:
    return page.get_url_parts()[2]


@pytest.fixture
def portal(hub, make_unit, make_article, page_cache, client, settings):
    home = hub["home"]
    other = CategoryPage(title="Văn hóa", slug="van-hoa")
    home.add_child(instance=other)
    other.save_revision().publish()
    unit = make_unit("xa-mot", "Xã Một")
    a1, a2, a3 = make_article(), make_article(), make_article()
    b1 = make_article(parent=other, title="Lễ hội mùa xuân", slug="le-hoi")
    c1 = make_article(parent=unit["news"], title="Tin xã Một", slug="tin-xa-mot")
    pages = {
        "hub/": ("testserver", "/"),
        "hub/news": ("testserver", path_of(hub["news"])),
        "hub/party": ("testserver", path_of(hub["party"])),
        "hub/other": ("testserver", "/van-hoa/"),
        "hub/a1": ("testserver", path_of(a1)),
        "hub/a2": ("testserver", path_of(a2)),
        "hub/a3": ("testserver", path_of(a3)),
        "hub/b1": ("testserver", "/van-hoa/le-hoi/"),
        "hub/laws": ("testserver", "/van-ban/"),
        "unit/": (unit["host"], "/"),
        "unit/news": (unit["host"], "/tin-xa/"),
        "unit/c1": (unit["host"], "/tin-xa/tin-xa-mot/"),
        "unit/laws": (unit["host"], "/van-ban/"),
    }

    class Portal:
        def __init__(self):
            self.hub, self.unit, self.other, self.pages = hub, unit, other, pages
            self.a1, self.a2, self.a3, self.b1, self.c1 = a1, a2, a3, b1, c1

        def get(self, name):
            host, path = pages[name]
            return client.get(path, HTTP_HOST=host)

        def fill(self):
            for name in pages:
                response = self.get(name)
                assert response.status_code == 200, name
                assert response.get("X-Page-Cache") in ("MISS", "HIT"), name
            assert len(self.stored()) == len(pages)

        def stored(self) -> dict[str, bytes]:
            files = cached_files(page_cache)
            found = {}
            for name, (host, path) in pages.items():
                relative = f"http/{host}/{path.strip('/')}".rstrip("/") + "/index.html"
                if relative in files:
                    found[name] = files[relative].read_bytes()
            return found

        def change(self, django_capture_on_commit_callbacks, action) -> set[str]:
            """Run `action` as a committed change; returns the names of purged pages and
            checks that every kept page is what Django renders now."""
            self.fill()
            before = self.stored()
            with django_capture_on_commit_callbacks(execute=True):
                action()
            after = self.stored()
            settings.BANTIN_PAGE_CACHE = False
            try:
                for name, body in after.items():
                    fresh = self.get(name).content
                    if fresh != body:
                        import difflib
                        diff = "\n".join(difflib.unified_diff(
                            body.decode().splitlines(), fresh.decode().splitlines(), lineterm="",
                            n=0))
                        raise AssertionError(f"{name} is stored but stale:\n{diff}")
            finally:
                settings.BANTIN_PAGE_CACHE = True
            return set(before) - set(after)

    return Portal()


HUB = {"hub/", "hub/news", "hub/party", "hub/other", "hub/a1", "hub/a2", "hub/a3", "hub/b1",
       "hub/laws"}
UNIT = {"unit/", "unit/news", "unit/c1", "unit/laws"}


def test_new_article_purges_its_lists_home_and_related_blocks(
        portal, make_article, django_capture_on_commit_callbacks):
    gone = portal.change(django_capture_on_commit_callbacks, lambda: make_article(
        title="Tin mới nhất", published_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC)))
    assert gone == {"hub/", "hub/news", "hub/party", "hub/a1", "hub/a2", "hub/a3"}


def test_related_block_is_purged_only_where_the_article_enters_it(
        portal, make_article, django_capture_on_commit_callbacks):
    # Eight more articles: the "Tin liên quan" of the oldest ones no longer reach the newest.
    extra = [make_article() for _ in range(8)]
    portal.pages["hub/old"] = ("testserver", path_of(portal.a1))
    portal.pages["hub/newest"] = ("testserver", path_of(extra[-1]))
    gone = portal.change(django_capture_on_commit_callbacks, lambda: make_article(
        title="Tin mới nhất", published_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC)))
    assert "hub/newest" in gone and "hub/old" not in gone and "hub/a1" not in gone


def test_edited_article_purges_every_page_that_lists_it(
        portal, django_capture_on_commit_callbacks):
    def edit():
        article = ArticlePage.objects.get(pk=portal.a1.pk)
        article.title = "Tiêu đề đã sửa"
        article.save_revision().publish()

    gone = portal.change(django_capture_on_commit_callbacks, edit)
    assert gone == {"hub/", "hub/news", "hub/party", "hub/a1", "hub/a2", "hub/a3"}


def test_unpublished_and_deleted_articles(portal, django_capture_on_commit_callbacks):
    gone = portal.change(django_capture_on_commit_callbacks,
                         lambda: ArticlePage.objects.get(pk=portal.b1.pk).unpublish())
    assert gone == {"hub/", "hub/other", "hub/b1"}
    del portal.pages["hub/b1"]
    gone = portal.change(django_capture_on_commit_callbacks,
                         lambda: ArticlePage.objects.get(pk=portal.c1.pk).delete())
    assert gone == {"unit/", "unit/news", "unit/c1", "hub/"}


def test_unit_article_purges_unit_pages_and_the_hub_home(
        portal, make_article, django_capture_on_commit_callbacks):
    gone = portal.change(django_capture_on_commit_callbacks, lambda: make_article(
        parent=portal.unit["news"], title="Tin thứ hai của xã", slug="tin-thu-hai"))
    assert gone == {"unit/", "unit/news", "unit/c1", "hub/"}


def test_moved_article(portal, django_capture_on_commit_callbacks):
    def move():
        ArticlePage.objects.get(pk=portal.a1.pk).move(portal.other, pos="last-child")

    gone = portal.change(django_capture_on_commit_callbacks, move)
    # Its old address, the lists it left and entered, related blocks on both sides.
    assert gone == {"hub/", "hub/news", "hub/party", "hub/other", "hub/a1", "hub/a2",
                    "hub/a3", "hub/b1"}


def test_renamed_category_purges_pages_below_it(portal, django_capture_on_commit_callbacks):
    def rename():
        party = CategoryPage.objects.get(pk=portal.hub["party"].pk)
        party.slug = "dang-bo"
        party.save_revision().publish()

    gone = portal.change(django_capture_on_commit_callbacks, rename)
    assert gone == {"hub/", "hub/news", "hub/party", "hub/a1", "hub/a2", "hub/a3"}


def test_site_settings_menu_and_banners_purge_their_site_only(
        portal, django_capture_on_commit_callbacks):
    from bantin.core.models import Navigation, SiteIdentity

    def banner():
        Banner.objects.create(site=portal.unit["site"], title="Bầu cử", url="https://e.vn/")

    assert portal.change(django_capture_on_commit_callbacks, banner) == UNIT

    def menu():
        nav = Navigation.for_site(portal.hub["site"])
        nav.footer_links = [("link", {"title": "Cổng tỉnh", "url": "https://e.vn/"})]
        nav.save()

    assert portal.change(django_capture_on_commit_callbacks, menu) == HUB

    def identity():
        settings_ = SiteIdentity.for_site(portal.unit["site"])
        settings_.phone = "0214 3888 888"
        settings_.save()

    assert portal.change(django_capture_on_commit_callbacks, identity) == UNIT


def test_legal_document_purges_its_site_and_the_hub_library(
        portal, django_capture_on_commit_callbacks):
    from bantin.laws.models import DocumentType, IssuingBody, LegalDocument

    kind = DocumentType.objects.create(name="Quyết định")
    issuer = IssuingBody.objects.create(name="UBND xã Một")
    gone = portal.change(django_capture_on_commit_callbacks, lambda: LegalDocument.objects.create(
        site=portal.unit["site"], number="5/QĐ-UBND", doc_type=kind, issuer=issuer,
        issued_on=dt.date(2026, 3, 1), summary="Về phòng chống lụt bão"))
    # "Văn bản mới" on every unit page, the unit's library and the hub's (which lists its
    # units' documents too).
    assert gone == UNIT | {"hub/laws"}


def test_comments_purge_only_when_the_approved_count_changes(
        portal, django_capture_on_commit_callbacks):
    from bantin.interaction.models import Comment

    holder = {}

    def pending():
        holder["c"] = Comment.objects.create(page=portal.a1, name="Lan", text="Hay quá")

    assert portal.change(django_capture_on_commit_callbacks, pending) == set()

    def approve():
        holder["c"].status = Comment.APPROVED
        holder["c"].save()

    assert portal.change(django_capture_on_commit_callbacks, approve) == {"hub/a1"}


def test_image_change_purges_pages_that_show_it(
        portal, django_capture_on_commit_callbacks):
    from django.core.files.images import ImageFile
    from pagecache_helpers import jpeg_file

    from bantin.core.models import CustomImage

    image = CustomImage.objects.create(title="Ảnh", file=ImageFile(jpeg_file(), name="a.jpg"))
    article = ArticlePage.objects.get(pk=portal.b1.pk)
    article.featured_image = image
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    def recaption():
        image.caption = "Chú thích mới"
        image.save()

    # b1, the newest article, is the hub's lead story (with its image), and the only
    # article of "Văn hóa" (listed with its image); the party pages never show it.
    assert portal.change(django_capture_on_commit_callbacks, recaption) == {
        "hub/", "hub/b1", "hub/other"}


def test_shares(portal, django_capture_on_commit_callbacks, django_user_model):
    from bantin.news import sharing

    gone = portal.change(django_capture_on_commit_callbacks, lambda: sharing.push(
        ArticlePage.objects.get(pk=portal.a3.pk)))
    assert gone == {"unit/"}
