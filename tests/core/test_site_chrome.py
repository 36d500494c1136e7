"""The site chrome kept as HTML (header, menu, sidebar blocks, footer): a change to any
block's data shows on the next uncached render, and nothing per request is stored in it."""

from __future__ import annotations

import datetime as dt
import types

import pytest
from django.core.cache import cache
from django.utils import timezone

from bantin.audience import counting
from bantin.audience.models import SiteDailyVisits
from bantin.core.models import Navigation, SiteIdentity
from bantin.laws.models import DocumentType, IssuingBody, LegalDocument
from bantin.news.models import Banner
from bantin.news.templatetags import news_tags

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client, hub, make_article):
    article = make_article(title="Bài có khung trang")

    def get(path=None) -> str:
        response = client.get(path or article.url)
        assert response.status_code == 200
        return response.content.decode()

    get()  # every block is built and kept
    return get


def test_identity_menu_and_footer_show_on_the_next_render(page, hub):
    identity = SiteIdentity.for_site(hub["site"])
    identity.unit_name = "Ủy ban nhân dân xã Đổi Tên"
    identity.phone = "0214 3999 999"
    identity.save()
    html = page()
    assert "Ủy ban nhân dân xã Đổi Tên" in html and "Điện thoại: 0214 3999 999" in html

    nav = Navigation.for_site(hub["site"])
    nav.main_menu = [("entry", {"title": "Mục mới trên menu", "url": "https://e.vn/menu"})]
    nav.footer_links = [("link", {"title": "Liên kết chân trang mới", "url": "https://e.vn/"})]
    nav.save()
    html = page()
    assert "Mục mới trên menu" in html and "Liên kết chân trang mới" in html


@pytest.mark.parametrize("position", ["header", "sidebar", "footer"])
def test_banners_show_change_and_go(page, hub, position):
    banner = Banner.objects.create(site=hub["site"], title="Ngày hội đại đoàn kết",
                                   url="https://e.vn/", position=position)
    html = page()
    assert f"banners-{position}" in html and "Ngày hội đại đoàn kết" in html
    banner.title = "Ngày hội đã đổi tên"
    banner.save()
    assert "Ngày hội đã đổi tên" in page()
    banner.active = False
    banner.save()
    assert f"banners-{position}" not in page()


def test_banner_dates_pick_what_a_kept_block_shows(page, hub, monkeypatch):
    now = timezone.now()
    Banner.objects.create(site=hub["site"], title="Luôn hiện", url="https://e.vn/1")
    Banner.objects.create(site=hub["site"], title="Bầu cử sắp tới", url="https://e.vn/2",
                          starts_at=now + dt.timedelta(days=1),
                          ends_at=now + dt.timedelta(days=2))
    html = page()
    assert "Luôn hiện" in html and "Bầu cử sắp tới" not in html
    # No save in between: only the clock moves.
    later = types.SimpleNamespace(now=lambda: now + dt.timedelta(days=1, hours=1))
    monkeypatch.setattr(news_tags, "timezone", later)
    html = page()
    assert "Luôn hiện" in html and "Bầu cử sắp tới" in html
    after = types.SimpleNamespace(now=lambda: now + dt.timedelta(days=3))
    monkeypatch.setattr(news_tags, "timezone", after)
    assert "Bầu cử sắp tới" not in page()


def test_new_documents_follow_edits_and_deletes(page, hub):
    doc = LegalDocument.objects.create(
        site=hub["site"], number="7/2026/QĐ-UBND", issued_on=dt.date(2026, 11, 1),
        doc_type=DocumentType.objects.create(name="Quyết định"),
        issuer=IssuingBody.objects.create(name="UBND xã"), summary="Về mùa lũ")
    assert "Số: 7/2026/QĐ-UBND" in page()
    doc.summary = "Về phòng chống lũ quét"
    doc.save()
    assert "Về phòng chống lũ quét" in page()
    doc.delete()
    assert "Số: 7/2026/QĐ-UBND" not in page()


def test_visitor_stats_block_is_built_from_fresh_figures(page, hub):
    site = hub["site"]
    assert counting.visitor_stats(site.pk) is not None  # the figures' own entry is kept
    SiteDailyVisits.objects.create(site=site, day=timezone.localdate(), visits=4321)
    # Within the block's lifetime the kept block is shown...
    assert "4.321" not in page()
    # ...and once it lapses the next render shows the visits, even though the figures'
    # own entry (as old as the block) has not lapsed yet.
    cache.delete(f"audience:stats-html:{site.pk}")
    assert "4.321" in page()


def test_no_session_or_csrf_in_kept_blocks(client, page, hub, django_user_model):
    Banner.objects.create(site=hub["site"], title="Biểu ngữ", url="https://e.vn/")
    cache.clear()  # the first render below is a signed-in one, and builds every block
    user = django_user_model.objects.create_user("bientap", password="x-9-Mat-khau")
    client.force_login(user)
    signed_in = page()
    assert 'id="idle-warning"' in signed_in
    client.logout()
    anonymous = page()
    assert 'id="idle-warning"' not in anonymous
    assert "csrfmiddlewaretoken" not in anonymous and "sessionid" not in anonymous
    assert "Biểu ngữ" in anonymous and "Văn bản mới" in anonymous


def test_category_page_count_follows_publishing(client, hub, make_article):
    from bantin.news.models import ARTICLES_PER_PAGE

    category = hub["news"].specific
    articles = [make_article() for _ in range(ARTICLES_PER_PAGE - category.articles().count())]
    url = category.url
    assert "trang=2" not in client.get(url).content.decode()
    extra = make_article(title="Bài thứ mười ba")
    html = client.get(url).content.decode()
    assert "trang=2" in html and "Trang 1/2" in html
    assert "Bài thứ mười ba" in client.get(url).content.decode()
    extra.unpublish()
    assert "trang=2" not in client.get(url).content.decode()
    assert articles


def test_comment_form_follows_the_captcha_switch(client, hub, make_article):
    from bantin.interaction.models import CommentSettings

    article = make_article()
    html = client.get(article.url).content.decode()
    assert 'class="comment-form' in html and 'data-captcha-url=""' in html
    CommentSettings.objects.update_or_create(site=hub["site"], defaults={"captcha": True})
    html = client.get(article.url).content.decode()
    assert 'data-captcha-url="/' in html and "csrfmiddlewaretoken" not in html


def test_comment_list_follows_every_comment_change(client, hub, make_article, monkeypatch):
    """The approved thread is kept as HTML under the page's comment stamp: approving,
    editing, rejecting or deleting a comment shows on the next render, and while nothing
    changes the thread is not read again."""
    from bantin.interaction import comments
    from bantin.interaction.models import Comment

    article = make_article()

    def html() -> str:
        return client.get(article.url + "?b=1").content.decode()

    assert "Chưa có bình luận nào được đăng." in html()
    comment = Comment.objects.create(page=article, name="Bà Lan", text="Ý kiến chờ duyệt")
    assert "Ý kiến chờ duyệt" not in html()
    comments.decide(comment, Comment.APPROVED, None)
    assert "Ý kiến chờ duyệt" in html()

    reads = []
    real = comments.published_thread
    monkeypatch.setattr(comments, "published_thread",
                        lambda page_id: reads.append(page_id) or real(page_id))
    assert "Ý kiến chờ duyệt" in html() and reads == []

    comment.text = "Ý kiến đã sửa lại"
    comment.save()
    page = html()
    assert "Ý kiến đã sửa lại" in page and "Ý kiến chờ duyệt" not in page and reads

    reply = Comment.objects.create(page=article, parent=comment, name="Ông Ba",
                                   text="Trả lời được duyệt", status=Comment.APPROVED)
    assert "Trả lời được duyệt" in html()
    comments.decide(reply, Comment.REJECTED, None)
    assert "Trả lời được duyệt" not in html()
    comment.delete()
    assert "Chưa có bình luận nào được đăng." in html()
