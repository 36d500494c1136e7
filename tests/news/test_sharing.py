"""Sharing news between the hub and its units by reference: proposals, pushes, listings."""

import pytest
from django.core.exceptions import ValidationError

from bantin.news import sharing
from bantin.news.models import ArticlePage, ArticleShare

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(make_unit):
    return [make_unit("xa-an", "Xã An"), make_unit("xa-binh", "Xã Bình")]


def section(html: str, heading_id: str) -> str:
    """The HTML of one home-page block, or "" when the page has no such block."""
    if f'id="{heading_id}"' not in html:
        return ""
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]


def home(client, unit=None) -> str:
    if unit is None:
        return client.get("/").content.decode()
    return client.get("/", HTTP_HOST=unit["host"]).content.decode()


def messages_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# Unit → hub: "Tin cơ sở" ---------------------------------------------------------------

def test_accepted_proposal_is_listed_on_the_hub_with_its_canonical_url(
    client, hub, units, make_article, django_user_model
):
    moderator = django_user_model.objects.create_superuser("kiemduyet", "k@example.vn", "x")
    article = make_article(parent=units[0]["news"], title="Xã An khánh thành cầu")
    pages_before = ArticlePage.objects.count()
    share = sharing.propose(article)
    assert share.status == ArticleShare.PENDING
    assert share.site == units[0]["site"] and share.target_site == hub["site"]
    assert "Xã An khánh thành cầu" not in section(home(client), "unit-news-heading")

    sharing.accept(share, moderator)
    share.refresh_from_db()
    assert share.decided_by == moderator and share.decided_at is not None
    canonical = "http://xa-an.localhost/tin-xa/" + article.slug + "/"
    assert article.get_full_url() == canonical
    block = section(home(client), "unit-news-heading")
    assert f'<a href="{canonical}">Xã An khánh thành cầu</a>' in block
    assert "Xã An" in block
    listing = client.get("/tin-co-so/")
    assert listing.status_code == 200
    listing_html = listing.content.decode()
    assert f'href="{canonical}"' in listing_html and "Xã An" in listing_html
    assert ArticlePage.objects.count() == pages_before, "nothing is copied"
    # The unit's own page is the one that serves the article.
    assert client.get(f"/tin-xa/{article.slug}/", HTTP_HOST="xa-an.localhost").status_code == 200


def test_rejected_proposal_is_not_listed_and_can_be_proposed_again(client, hub, units,
                                                                  make_article):
    article = make_article(parent=units[0]["news"], title="Tin bị từ chối")
    share = sharing.propose(article)
    sharing.reject(share, note="Chưa đủ thông tin")
    share.refresh_from_db()
    assert share.status == ArticleShare.REJECTED and share.note == "Chưa đủ thông tin"
    assert "Tin bị từ chối" not in section(home(client), "unit-news-heading")
    assert "Tin bị từ chối" not in client.get("/tin-co-so/").content.decode()
    again = sharing.propose(article)
    assert again.pk == share.pk and again.status == ArticleShare.PENDING and not again.note
    assert ArticleShare.objects.filter(article=article).count() == 1


def test_unit_news_page_paginates_newest_first(client, hub, units, make_article):
    articles = [make_article(parent=units[i % 2]["news"]) for i in range(14)]
    for article in articles:
        sharing.accept(sharing.propose(article))
    first = client.get("/tin-co-so/").content.decode()
    second = client.get("/tin-co-so/?trang=2").content.decode()
    assert "Trang 1/2" in first and "Trang 2/2" in second
    assert first.index(articles[-1].title) < first.index(articles[-2].title)
    for article in articles:
        assert article.get_full_url() in first + second
    assert client.get("/tin-co-so/?trang=abc").status_code == 200
    assert client.get("/tin-co-so/", HTTP_HOST="xa-an.localhost").status_code == 404


# Hub → units: "Tin từ cấp trên" ---------------------------------------------------------

def test_push_to_chosen_units_shows_only_there(client, hub, units, make_article):
    article = make_article(title="Chỉ đạo của huyện về phòng chống bão")
    sharing.push(article, sites=[units[0]["site"]])
    canonical = "http://testserver/tin-tuc/xay-dung-dang/" + article.slug + "/"
    block = section(home(client, units[0]), "from-above-heading")
    assert f'<a href="{canonical}">Chỉ đạo của huyện về phòng chống bão</a>' in block
    assert article.title not in home(client, units[1])
    assert ArticleShare.objects.get(article=article).status == ArticleShare.ACCEPTED


def test_push_to_all_units_reaches_units_created_later(client, hub, units, make_unit,
                                                       make_article):
    article = make_article(title="Thông báo chung của huyện")
    sharing.push(article)
    for unit in units:
        assert article.title in section(home(client, unit), "from-above-heading")
    newcomer = make_unit("xa-moi", "Xã Mới")
    nested = make_unit("thon-moi", "Thôn Mới", parent=newcomer["home"])
    for unit in (newcomer, nested):
        assert article.title in section(home(client, unit), "from-above-heading")
    assert ArticleShare.objects.filter(article=article).count() == 1
    assert "from-above-heading" not in home(client), "the hub does not list its own push"


def test_push_to_all_and_to_one_unit_lists_the_article_once(client, hub, units, make_article):
    article = make_article(title="Tin chuyển hai lần")
    sharing.push(article, sites=[units[0]["site"]])
    sharing.push(article)
    assert section(home(client, units[0]), "from-above-heading").count("Tin chuyển hai lần") == 1


def test_editing_the_original_shows_everywhere(client, hub, units, make_article):
    up = make_article(parent=units[0]["news"], title="Tên cũ của tin xã")
    down = make_article(title="Tên cũ của tin huyện")
    sharing.accept(sharing.propose(up))
    sharing.push(down)
    assert "Tên cũ của tin xã" in home(client)
    assert "Tên cũ của tin huyện" in home(client, units[1])
    for article, title in ((up, "Tên mới của tin xã"), (down, "Tên mới của tin huyện")):
        article.title = title
        article.save_revision().publish()
    hub_html, unit_html = home(client), home(client, units[1])
    assert "Tên mới của tin xã" in hub_html and "Tên cũ của tin xã" not in hub_html
    assert "Tên mới của tin huyện" in unit_html and "Tên cũ của tin huyện" not in unit_html
    assert "Tên mới của tin xã" in client.get("/tin-co-so/").content.decode()
    assert ArticleShare.objects.count() == 2


def test_unpublishing_or_deleting_the_original_removes_it_everywhere(client, hub, units,
                                                                     make_article):
    up = make_article(parent=units[0]["news"], title="Tin xã sẽ bị gỡ")
    down = make_article(title="Tin huyện sẽ bị gỡ")
    gone = make_article(title="Tin huyện sẽ bị xóa")
    sharing.accept(sharing.propose(up))
    sharing.push(down)
    sharing.push(gone, sites=[units[1]["site"]])
    assert "Tin xã sẽ bị gỡ" in home(client) and "Tin huyện sẽ bị gỡ" in home(client, units[1])
    assert "Tin huyện sẽ bị xóa" in home(client, units[1])
    up.unpublish()
    down.unpublish()
    gone.delete()
    hub_html, unit_html = home(client), home(client, units[1])
    assert "Tin xã sẽ bị gỡ" not in hub_html
    assert "Tin xã sẽ bị gỡ" not in client.get("/tin-co-so/").content.decode()
    assert "Tin huyện sẽ bị gỡ" not in unit_html and "Tin huyện sẽ bị xóa" not in unit_html
    assert not ArticleShare.objects.filter(article_id=gone.pk).exists()


def test_share_changes_refresh_cached_home_pages(client, hub, units, make_article):
    up = make_article(parent=units[0]["news"], title="Tin chờ duyệt")
    share = sharing.propose(up)
    assert "Tin chờ duyệt" not in section(home(client), "unit-news-heading")  # cached now
    sharing.accept(share)
    assert "Tin chờ duyệt" in section(home(client), "unit-news-heading")
    sharing.reject(share)
    assert "Tin chờ duyệt" not in section(home(client), "unit-news-heading")
    down = make_article(title="Tin sẽ thôi chuyển")
    push = sharing.push(down)[0]
    assert "Tin sẽ thôi chuyển" in home(client, units[0])
    push.delete()
    assert "Tin sẽ thôi chuyển" not in home(client, units[0])


# The hub's block of all units' news ------------------------------------------------------

def test_hub_lists_the_latest_news_of_every_unit_with_its_name(client, hub, units, make_unit,
                                                              make_article):
    nested = make_unit("thon-dong", "Thôn Đông", parent=units[1]["home"])
    make_article(title="Tin riêng của huyện")
    a = make_article(parent=units[0]["news"], title="Tin mới của Xã An")
    b = make_article(parent=nested["news"], title="Tin mới của Thôn Đông")
    block = section(home(client), "units-latest-heading")
    assert "Tin riêng của huyện" not in block
    assert f'Xã An:</span> <a href="{a.get_full_url()}">Tin mới của Xã An</a>' in block
    assert f'Thôn Đông:</span> <a href="{b.get_full_url()}">Tin mới của Thôn Đông</a>' in block
    assert block.index("Thôn Đông") < block.index("Xã An"), "newest first"
    assert "units-latest-heading" not in home(client, units[0])


# Refused inputs ----------------------------------------------------------------------------

def test_a_hub_article_cannot_be_proposed_up(hub, units, make_article):
    with pytest.raises(ValidationError) as excinfo:
        sharing.propose(make_article())
    assert "trang cấp trên không đề xuất lên được" in messages_of(excinfo)


def test_a_unit_article_cannot_be_pushed_down(hub, units, make_article):
    article = make_article(parent=units[0]["news"])
    for sites in (None, [units[1]["site"]]):
        with pytest.raises(ValidationError) as excinfo:
            sharing.push(article, sites=sites)
        assert "Chỉ bài viết của trang cấp trên mới chuyển xuống" in messages_of(excinfo)
    assert not ArticleShare.objects.exists()


def test_pushing_outside_the_hub_is_refused(hub, units, make_article):
    from wagtail.models import Page, Site

    from bantin.units.models import HubHomePage

    other_home = HubHomePage(title="Huyện Khác", slug="huyen-khac")
    Page.get_first_root_node().add_child(instance=other_home)
    other_home.save_revision().publish()
    other = Site.objects.create(hostname="huyen-khac.localhost", root_page=other_home,
                                site_name="Huyện Khác")
    article = make_article()
    for target in (other, hub["site"]):
        with pytest.raises(ValidationError) as excinfo:
            sharing.push(article, sites=[units[0]["site"], target])
        assert f"«{target.site_name}» không phải là đơn vị thuộc «Thử Nghiệm»" in messages_of(
            excinfo
        )
    assert not ArticleShare.objects.exists(), "all or nothing"


def test_proposing_twice_is_refused(hub, units, make_article):
    article = make_article(parent=units[0]["news"])
    share = sharing.propose(article)
    with pytest.raises(ValidationError) as excinfo:
        sharing.propose(article)
    assert "đã được đề xuất lên cấp trên (trạng thái: chờ duyệt)" in messages_of(excinfo)
    sharing.accept(share)
    with pytest.raises(ValidationError) as excinfo:
        sharing.propose(article)
    assert "trạng thái: đã duyệt" in messages_of(excinfo)


def test_pushing_twice_is_refused(hub, units, make_article):
    article = make_article()
    sharing.push(article, sites=[units[0]["site"]])
    with pytest.raises(ValidationError) as excinfo:
        sharing.push(article, sites=[units[0]["site"]])
    assert "đã được chuyển tới «Xã An»" in messages_of(excinfo)
    sharing.push(article)
    with pytest.raises(ValidationError) as excinfo:
        sharing.push(article)
    assert "đã được chuyển tới mọi đơn vị" in messages_of(excinfo)


def test_unpublished_articles_cannot_be_shared(hub, units, make_article):
    up = make_article(parent=units[0]["news"])
    down = make_article()
    up.unpublish()
    down.unpublish()
    with pytest.raises(ValidationError) as excinfo:
        sharing.propose(up)
    assert "Chỉ đề xuất được bài viết đang xuất bản." in messages_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        sharing.push(down)
    assert "bài viết đang xuất bản" in messages_of(excinfo)


def test_a_unit_outside_every_hub_cannot_propose(hub, make_article):
    from wagtail.models import Page, Site

    from bantin.news.models import CategoryPage
    from bantin.units.models import UnitHomePage

    lone = UnitHomePage(title="Xã Độc Lập", slug="xa-doc-lap")
    Page.get_first_root_node().add_child(instance=lone)
    lone.save_revision().publish()
    Site.objects.create(hostname="doc-lap.localhost", root_page=lone, site_name="Xã Độc Lập")
    news = CategoryPage(title="Tin", slug="tin")
    lone.add_child(instance=news)
    news.save_revision().publish()
    with pytest.raises(ValidationError) as excinfo:
        sharing.propose(make_article(parent=news))
    assert "«Xã Độc Lập» không thuộc trang cấp trên nào" in messages_of(excinfo)


def test_decisions_apply_to_pending_proposals_only(hub, units, make_article):
    push = sharing.push(make_article())[0]
    with pytest.raises(ValidationError) as excinfo:
        sharing.accept(push)
    assert "Chỉ duyệt được tin do đơn vị đề xuất." in messages_of(excinfo)
    share = sharing.accept(sharing.propose(make_article(parent=units[0]["news"])))
    with pytest.raises(ValidationError) as excinfo:
        sharing.accept(share)
    assert "đã ở trạng thái «Đã duyệt»" in messages_of(excinfo)
    withdrawn = make_article(parent=units[1]["news"])
    pending = sharing.propose(withdrawn)
    withdrawn.unpublish()
    with pytest.raises(ValidationError) as excinfo:
        sharing.accept(pending)
    assert "đã bị gỡ xuống" in messages_of(excinfo)


def test_the_database_refuses_a_second_proposal(hub, units, make_article):
    from django.db import IntegrityError, transaction

    article = make_article(parent=units[0]["news"])
    first = sharing.propose(article)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleShare.objects.create(article=article, direction=ArticleShare.UP,
                                    site=first.site, target_site=first.target_site)


# Query budgets ----------------------------------------------------------------------------

def test_hub_home_with_shares_stays_within_its_query_budget(
    client, hub, units, make_article, django_assert_max_num_queries
):
    for i in range(4):
        sharing.accept(sharing.propose(make_article(parent=units[i % 2]["news"])))
        make_article()
    sharing.push(make_article())
    # The first view builds every cached block and the site's settings rows (the poll box:
    # the home page's site and its polls).
    with django_assert_max_num_queries(36):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(4):  # the page, a count, one page of shares
        assert client.get("/tin-co-so/").status_code == 200


def test_unit_home_with_pushes_stays_within_its_query_budget(
    client, hub, units, make_article, django_assert_max_num_queries
):
    sharing.push(make_article())
    sharing.push(make_article(), sites=[units[0]["site"]])
    make_article(parent=units[0]["news"])
    client.get("/", HTTP_HOST=units[0]["host"])
    with django_assert_max_num_queries(2):
        html = client.get("/", HTTP_HOST=units[0]["host"]).content.decode()
    assert section(html, "from-above-heading").count("<li>") == 2
