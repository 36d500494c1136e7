"""What keeps a unit's admin fast in a large install (figures: bench/units_scale.py).

- Listing pages in the explorer costs a unit editor no query per row: Wagtail's "may
  this page be deleted or moved?" is answered from the row for pages without children
  (`core.pages.LeafAwarePermissionTester`), with the same answers as Wagtail's.
- "Pages below this one" (`path LIKE 'prefix%'`) is an indexed lookup, on SQLite (core's
  migration 0003) and on PostgreSQL (Django's pattern index on the path column).
"""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import GroupPagePermission, Page, PagePermissionTester

from bantin.core.pages import LeafAwarePermissionTester
from bantin.news.models import ArticlePage, CategoryPage
from bantin.units.provision import create_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(db):
    create_unit("Huyện Thử Nghiệm", "hub.example.vn")
    return create_unit("Xã Phúc Khoa", "phuckhoa.example.vn", "hub.example.vn").unit


def _news(unit) -> CategoryPage:
    return CategoryPage.objects.child_of(unit.site.root_page).get()


def _article(parent, title: str, *, live: bool = True, owner=None) -> ArticlePage:
    article = ArticlePage(title=title, lead="Sapo", owner=owner)
    parent.add_child(instance=article)
    if live:
        article.save_revision().publish()
    else:
        ArticlePage.objects.filter(pk=article.pk).update(live=False)
        article.refresh_from_db()
    return article


def _user_with_page_permissions(unit, name: str, codenames: list[str]):
    group = Group.objects.create(name=f"nhóm {name}")
    for codename in codenames:
        GroupPagePermission.objects.create(
            group=group, page=unit.site.root_page,
            permission=Permission.objects.get(content_type__app_label="wagtailcore",
                                              codename=codename),
        )
    user = get_user_model().objects.create_user(name)
    user.groups.add(group)
    return user


def test_leaf_answers_match_wagtails_for_every_role_and_page(unit):
    news = _news(unit)
    User = get_user_model()
    users = [
        _user_with_page_permissions(unit, "them", ["add_page"]),
        _user_with_page_permissions(unit, "them-dang", ["add_page", "publish_page"]),
        _user_with_page_permissions(unit, "sua", ["add_page", "change_page"]),
        _user_with_page_permissions(unit, "sua-dang", ["change_page", "publish_page"]),
        _user_with_page_permissions(unit, "khong-quyen", []),
        User.objects.create_superuser("quan-tri"),
        User.objects.create_user("nghi-viec", is_active=False),
    ]
    editor = User.objects.create_user("bien-tap")
    editor.groups.add(unit.editors)
    moderator = User.objects.create_user("kiem-duyet")
    moderator.groups.add(unit.moderators)
    users += [editor, moderator]
    pages = [news, unit.site.root_page.specific]  # pages with children keep Wagtail's checks
    for n, (live, owner) in enumerate(itertools.product([True, False], [*users[:4], None])):
        pages.append(_article(news, f"Tin {n}", live=live, owner=owner))
    checked = 0
    for user, page in itertools.product(users, pages):
        page = Page.objects.get(pk=page.pk).specific  # as the explorer loads it
        ours, wagtails = page.permissions_for_user(user), PagePermissionTester(user, page)
        assert isinstance(ours, LeafAwarePermissionTester)
        for check in ("can_delete", "can_move"):
            assert getattr(ours, check)() == getattr(wagtails, check)(), (
                user.username, page.title, page.live, page.owner_id, check)
            checked += 1
    assert checked == len(users) * len(pages) * 2


def test_a_leaf_page_needs_no_query_to_decide_delete_and_move(unit):
    article = _article(_news(unit), "Tin lá")
    editor = get_user_model().objects.create_user("bien-tap")
    editor.groups.add(unit.editors)
    tester = ArticlePage.objects.get(pk=article.pk).permissions_for_user(editor)
    with CaptureQueriesContext(connection) as queries:
        assert not tester.can_delete()  # live, and editors do not publish
        assert not tester.can_move()
    assert len(queries) == 0


def test_explorer_queries_do_not_grow_with_the_rows_listed(client, unit):
    news = _news(unit)
    editor = get_user_model().objects.create_user("bien-tap")
    editor.groups.add(unit.editors)
    client.force_login(editor)
    url = f"/quan-tri/pages/{news.pk}/"

    def queries_for_listing():
        client.get(url)  # per-user and per-request caches warm
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    for n in range(2):
        _article(news, f"Tin đầu {n}")
    few = queries_for_listing()
    for n in range(8):
        _article(news, f"Tin sau {n}")
    assert queries_for_listing() == few


def test_pages_below_a_page_are_an_indexed_lookup(unit):
    news = _news(unit)
    sql, params = Page.objects.filter(path__startswith=news.path).query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "bantin_page_path_prefix_idx" in plan, plan
        else:
            # The test tree is small enough for a scan to be cheapest; forbid scans to
            # see whether an index could answer at all (Django's pattern index on path).
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(str(row[0]) for row in cursor.fetchall())
            assert "Seq Scan" not in plan and "wagtailcore_page_path" in plan, plan
