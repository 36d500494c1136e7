"""The hub most tests start from (the `hub` and `make_article` fixtures of
tests/conftest.py), as plain functions that shared module data can build with too."""

from __future__ import annotations

import datetime as dt


def build_hub() -> dict:
    from wagtail.models import Page, Site

    from bantin.news.models import CategoryPage
    from bantin.units.models import HubHomePage

    root = Page.get_first_root_node()
    home = HubHomePage(title="Trang thông tin điện tử huyện Thử Nghiệm", slug="thu-nghiem")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    site = Site.objects.create(
        hostname="testserver", port=80, root_page=home, is_default_site=True,
        site_name="Thử Nghiệm",
    )
    news = CategoryPage(title="Tin tức", slug="tin-tuc")
    home.add_child(instance=news)
    news.save_revision().publish()
    party = CategoryPage(title="Xây dựng Đảng", slug="xay-dung-dang")
    news.add_child(instance=party)
    party.save_revision().publish()
    return {"site": site, "home": home, "news": news, "party": party}


def article_maker(hub):
    """Makes published articles under the hub's categories (`make_article`)."""
    from bantin.news.models import ArticlePage

    counter = {"n": 0}

    def make(parent=None, **fields):
        counter["n"] += 1
        n = counter["n"]
        parent = parent or hub["party"]
        fields.setdefault("title", f"Bài viết thử số {n}")
        fields.setdefault("slug", f"bai-viet-thu-{n}")
        fields.setdefault("lead", f"Sapo của bài viết thử số {n}.")
        fields.setdefault(
            "published_at", dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC) + dt.timedelta(days=n)
        )
        article = ArticlePage(**fields)
        parent.add_child(instance=article)
        article.save_revision().publish()
        return article

    return make
