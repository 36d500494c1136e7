"""Home, category and article pages: listing, pagination, related news, routing, banners."""

import datetime as dt

import pytest
from django.utils import timezone

from bantin.audience import counting
from bantin.news.models import ArticlePage, ArticleRelatedLink, Banner, CategoryPage

pytestmark = pytest.mark.django_db


def test_home_shows_featured_latest_and_category_blocks(client, hub, make_article):
    plain = [make_article() for _ in range(3)]
    star = make_article(featured=True, title="Tin nổi bật của tuần")
    content = client.get("/").content.decode()
    featured_block = content.split('class="featured-news"')[1].split("</section>")[0]
    assert "Tin nổi bật của tuần" in featured_block
    latest = content.split('class="latest-news"')[1].split("</section>")[0]
    for article in plain:
        assert article.title in latest
    assert star.title not in latest, "a featured article is not repeated in the latest list"
    assert 'class="category-block"' in content and "Tin tức" in content


def test_hub_home_keeps_unit_news_out_of_its_own_blocks(client, hub):
    from wagtail.models import Site

    from bantin.units.models import UnitHomePage

    unit = UnitHomePage(title="Trang xã Thử", slug="xa-thu")
    hub["home"].add_child(instance=unit)
    unit.save_revision().publish()
    Site.objects.create(hostname="xa-thu.localhost", root_page=unit)
    category = CategoryPage(title="Tin xã", slug="tin-xa")
    unit.add_child(instance=category)
    category.save_revision().publish()
    article = ArticlePage(title="Tin riêng của xã", slug="tin-rieng",
                          published_at=timezone.now())
    category.add_child(instance=article)
    article.save_revision().publish()
    hub_home = client.get("/").content.decode()
    own_blocks = hub_home.split('id="units-latest-heading"')[0]
    assert "Tin riêng của xã" not in own_blocks, "only the block of units' news lists it"
    assert "Tin riêng của xã" in hub_home.split('id="units-latest-heading"')[1]
    unit_home = client.get("/", HTTP_HOST="xa-thu.localhost").content.decode()
    assert "Tin riêng của xã" in unit_home
    assert client.get("/tin-xa/tin-rieng/", HTTP_HOST="xa-thu.localhost").status_code == 200


def test_category_lists_sub_and_extra_articles_and_paginates(client, hub, make_article):
    in_sub = [make_article(parent=hub["party"]) for _ in range(12)]
    elsewhere = CategoryPage(title="Văn hóa", slug="van-hoa")
    hub["home"].add_child(instance=elsewhere)
    elsewhere.save_revision().publish()
    extra = make_article(parent=elsewhere, title="Bài gắn thêm chuyên mục")
    extra.extra_categories.set([hub["news"]])
    extra.save_revision().publish()
    first = client.get("/tin-tuc/").content.decode()
    second = client.get("/tin-tuc/?trang=2").content.decode()
    assert "Trang 1/2" in first and "Trang 2/2" in second
    shown = first + second
    for article in [*in_sub, extra]:
        assert article.title in shown
    assert client.get("/tin-tuc/?trang=99").status_code == 200  # last page, not an error
    assert client.get("/tin-tuc/?trang=abc").status_code == 200


def test_related_news_prefers_the_editors_choice(client, hub, make_article):
    article, chosen, _other = make_article(), make_article(), make_article()
    ArticleRelatedLink.objects.create(article=article, page=chosen, sort_order=0)
    article.save_revision().publish()
    related = client.get(article.url).content.decode().split('class="related"')[1]
    assert chosen.title in related and _other.title not in related


def test_related_news_falls_back_to_newer_and_older_of_the_category(client, hub, make_article):
    articles = [make_article() for _ in range(9)]
    middle = articles[4]
    related = client.get(middle.url).content.decode().split('class="related"')[1]
    for near in articles[1:4] + articles[5:8]:
        assert near.title in related
    assert articles[0].title not in related and articles[8].title not in related
    assert middle.title not in related


def test_related_news_is_refreshed_when_an_article_is_published(client, hub, make_article):
    article = make_article()
    client.get(article.url)
    newcomer = make_article(title="Tin mới vừa đăng")
    assert newcomer.title in client.get(article.url).content.decode()
    newcomer.unpublish()
    assert newcomer.title not in client.get(article.url).content.decode()


def test_unpublished_and_unknown_articles_are_vietnamese_404s(client, hub, make_article):
    article = make_article()
    url = article.url
    article.unpublish()
    for path in (url, "/tin-tuc/khong-co-bai-nay/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Không tìm thấy trang bạn yêu cầu." in response.content.decode()


def test_date_line_uses_vietnam_time(client, hub, make_article):
    article = make_article(published_at=dt.datetime(2023, 7, 14, 22, 55, tzinfo=dt.UTC))
    assert "Thứ bảy - 15/07/2023 05:55" in client.get(article.url).content.decode()


def test_comment_count_shows_approved_comments_only(client, make_article):
    from bantin.interaction.models import Comment

    article = make_article()
    Comment.objects.create(page=article, name="An", text="Hay", status=Comment.APPROVED)
    Comment.objects.create(page=article, name="Bình", text="Chờ", status=Comment.PENDING)
    assert counting.totals([counting.COMMENT_COUNT], article.pk)[counting.COMMENT_COUNT] == 1
    assert 'Bình luận: </span>1</span>' in client.get(article.url).content.decode()


def test_banners_respect_dates_and_count_clicks(client, hub, make_article):
    now = timezone.now()
    live = Banner.objects.create(site=hub["site"], title="Đang chạy", url="https://laichau.gov.vn")
    Banner.objects.create(site=hub["site"], title="Chưa tới", url="https://a.example",
                          starts_at=now + dt.timedelta(days=1))
    Banner.objects.create(site=hub["site"], title="Đã hết", url="https://b.example",
                          ends_at=now - dt.timedelta(days=1))
    Banner.objects.create(site=hub["site"], title="Đang tắt", url="https://c.example",
                          active=False)
    content = client.get(make_article().url).content.decode()
    assert "Đang chạy" in content
    for hidden in ("Chưa tới", "Đã hết", "Đang tắt"):
        assert hidden not in content
    response = client.get(f"/lien-ket/{live.pk}/", HTTP_USER_AGENT="Mozilla/5.0 Chrome/120")
    assert response.status_code == 302 and response["Location"] == "https://laichau.gov.vn"
    counting.flush()
    assert counting.totals([counting.BANNER_CLICK], live.pk)[counting.BANNER_CLICK] == 1
    assert client.get("/lien-ket/999999/").status_code == 404


def test_banner_end_before_start_is_refused(hub):
    from django.core.exceptions import ValidationError

    now = timezone.now()
    banner = Banner(site=hub["site"], title="Sai", url="https://a.example", starts_at=now,
                    ends_at=now - dt.timedelta(hours=1))
    with pytest.raises(ValidationError):
        banner.full_clean()


def test_menu_from_site_settings(client, hub):
    from bantin.core.models import Navigation

    nav = Navigation.for_site(hub["site"])
    nav.main_menu = [("entry", {"title": "Tin", "page": hub["news"], "url": "",
                                "children": [{"title": "", "page": hub["party"], "url": ""}]})]
    nav.save()
    content = client.get("/").content.decode()
    assert '<a href="/tin-tuc/">Tin</a>' in content
    assert '<a href="/tin-tuc/xay-dung-dang/">Xây dựng Đảng</a>' in content


def test_site_identity_in_header_and_footer(client, hub):
    from bantin.core.models import SiteIdentity

    identity = SiteIdentity.for_site(hub["site"])
    identity.unit_name = "Xã Thử Nghiệm"
    identity.licence = "Giấy phép số 1/GP-TTĐT"
    identity.responsible_person = "Ông Nguyễn Văn A"
    identity.save()
    content = client.get("/").content.decode()
    assert "Xã Thử Nghiệm" in content and "Giấy phép số 1/GP-TTĐT" in content
    assert "Chịu trách nhiệm nội dung: Ông Nguyễn Văn A" in content


def test_article_page_query_budget(client, hub, make_article, django_assert_max_num_queries):
    article = make_article()
    client.get(article.url)  # first view builds renditions and fills the caches
    with django_assert_max_num_queries(8):
        assert client.get(article.url).status_code == 200
