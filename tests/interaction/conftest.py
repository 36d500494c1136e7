"""Two units under a hub, an article in each, and their moderators: built once per test
module (tests/shared_data.py), each test getting its own copies."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from bantin.news.models import ArticlePage, CategoryPage
from bantin.units.provision import create_unit
from tests import shared_data

UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"


def _article(unit, title, slug):
    news = CategoryPage.objects.child_of(unit.site.root_page).get()
    article = ArticlePage(title=title, slug=slug, lead="Sapo bài viết.")
    news.add_child(instance=article)
    article.save_revision().publish()
    return article


def build_units() -> dict:
    hub = create_unit("Huyện Thử", "hub.example.vn").unit
    a = create_unit("Xã Alpha", "alpha.example.vn", "hub.example.vn").unit
    b = create_unit("Xã Beta", "beta.example.vn", "hub.example.vn").unit
    User = get_user_model()
    mod_a = User.objects.create_user("mod-a", password="mat-khau-dai-12")
    mod_a.groups.add(a.moderators)
    mod_b = User.objects.create_user("mod-b", password="mat-khau-dai-12")
    mod_b.groups.add(b.moderators)
    mod_hub = User.objects.create_user("mod-hub", password="mat-khau-dai-12")
    mod_hub.groups.add(hub.moderators)
    editor_a = User.objects.create_user("editor-a", password="mat-khau-dai-12")
    editor_a.groups.add(a.editors)
    return {
        "hub": hub, "a": a, "b": b,
        "article_a": _article(a, "Tin xã Alpha về giao thông nông thôn", "giao-thong"),
        "article_b": _article(b, "Tin xã Beta về mùa vụ", "mua-vu"),
        "mod_a": mod_a, "mod_b": mod_b, "mod_hub": mod_hub, "editor_a": editor_a,
    }


units_snapshot = shared_data.per_module(build_units)


@pytest.fixture
def units(request, units_snapshot, db):
    return units_snapshot.get(request)


@pytest.fixture
def browser_client(client):
    """A visitor's browser on unit A's hostname."""
    client.defaults.update(HTTP_HOST="alpha.example.vn", HTTP_USER_AGENT=UA)
    return client


def form_data(**overrides):
    data = {"name": "Nguyễn Văn An", "email": "an@example.vn",
            "text": "Đề nghị xã sớm sửa đoạn đường liên thôn.", "consent": "on", "website": ""}
    data.update(overrides)
    return data
