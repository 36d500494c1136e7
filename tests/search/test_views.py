"""The search page, its JSON twin and suggestions: results, filters, highlighting and
every kind of bad input answered without a server error."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bantin.audience import counting
from bantin.search.models import QueryStat
from tests import shared_data
from tests.hub_world import article_maker, build_hub


def build_articles() -> dict:
    hub = build_hub()
    make_article = article_maker(hub)
    for n in range(12):
        make_article(title=f"Đảng bộ Tân Uyên họp lần {n + 1}", lead="Tổng kết công tác Đảng.")
    make_article(title="Mùa chè Phúc Khoa", lead="Chè búp tươi được giá.", parent=hub["news"])
    return hub


# Built once for the module (tests/shared_data.py); each test gets its own copies.
articles_snapshot = shared_data.per_module(build_articles)


@pytest.fixture
def articles(request, articles_snapshot, db):
    """The hub with 13 published articles."""
    return articles_snapshot.get(request)


def test_page_shows_highlighted_results_and_paginates(client, articles):
    response = client.get("/tim-kiem/", {"q": "dang bo tan uyen"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>Đảng</mark> <mark>bộ</mark> <mark>Tân</mark> <mark>Uyên</mark>" in html
    assert "Tìm thấy 12 kết quả" in html
    assert "trang=2" in html
    second = client.get("/tim-kiem/", {"q": "dang bo tan uyen", "trang": "2"})
    assert second.content.decode().count('class="search-result"') == 2


def test_header_has_a_search_box(client, articles):
    html = client.get("/tim-kiem/").content.decode()
    assert 'action="/tim-kiem/"' in html and 'id="tim-kiem-nhanh"' in html


def test_api_returns_results_and_paging(client, articles):
    for url in ("/api/search", "/api/search/"):
        data = client.get(url, {"q": "chè"}).json()
        assert data["count"] == 1 and data["pages"] == 1
        result = data["results"][0]
        assert set(result) == {"title", "url", "type", "date", "unit", "snippet"}
        assert result["title"] == "Mùa <mark>chè</mark> Phúc Khoa"
        assert result["type"] == "Bài viết" and result["url"].startswith("/tin-tuc/")
        assert "<mark>Chè</mark> búp" in result["snippet"]


def test_filters_by_type_category_and_date(client, articles):
    def count(**extra):
        return client.get("/api/search", {"q": "tan uyen", **extra}).json()["count"]

    assert count() == 12
    assert count(loai="van-ban") == 0
    assert count(**{"chuyen-muc": "xay-dung-dang"}) == 12
    assert count(tu="2030-01-01") == 0
    assert count(den="2026-01-05") == 4


def test_suggestions_after_two_characters(client, articles):
    assert client.get("/api/search/suggest", {"q": "c"}).json()["suggestions"] == []
    titles = [s["title"] for s in client.get("/api/search/suggest",
                                             {"q": "mua ch"}).json()["suggestions"]]
    assert titles == ["Mùa chè Phúc Khoa"]


def test_queries_are_counted_folded_without_personal_data(client, articles):
    client.get("/tim-kiem/")  # (a site's settings rows are made on first use)
    with CaptureQueriesContext(connection) as searching:
        client.get("/tim-kiem/", {"q": "Chè"})
        client.get("/tim-kiem/", {"q": "che"})
        client.get("/tim-kiem/", {"q": "không có gì"})
        client.get("/api/search", {"q": "CHE"})
    # Counted in the audience buffer like a page view: no database write while searching.
    assert [q["sql"] for q in searching.captured_queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))] == []
    assert not QueryStat.objects.exists()
    assert counting.flush() == 5
    stats = {s.query: (s.searches, s.empty) for s in QueryStat.objects.all()}
    assert stats == {"che": (3, 0), "khong co gi": (1, 1)}
    # The next flush adds to the day's rows.
    client.get("/tim-kiem/", {"q": "khong co gi"})
    assert counting.flush() == 2
    assert QueryStat.objects.get(query="khong co gi").searches == 2
    assert QueryStat.objects.get(query="khong co gi").empty == 2
    assert {f.name for f in QueryStat._meta.fields} == {
        "id", "day", "site", "query", "searches", "empty"}


BAD_QUERIES = [
    "", " ", "a", "x" * 10_000, '" * ^ : - ( ) NEAR AND OR NOT', 'NEAR(a b)', "a OR b",
    "'; DROP TABLE portal_search_entry; --", "\x00\x01\x1b[0m", '"unclosed', "***", "-",
    "title_folded : dang", "\ud7ff\ufffd", "%", "_", "\\", "đ" * 300,
]


def test_bad_queries_never_fail(client, articles):
    failures = [
        (url, q[:40]) for q in BAD_QUERIES
        for url in ("/tim-kiem/", "/api/search", "/api/search/suggest")
        if client.get(url, {"q": q}).status_code != 200
    ]
    assert failures == []


def test_invalid_utf8_and_bad_pages(client, articles):
    assert client.get("/tim-kiem/?q=%ff%fe").status_code == 200
    assert client.get("/api/search?q=%ff%fe").status_code == 200
    for page in ("0", "-1", "999", "abc", "1e9", "%00", "9" * 50):
        response = client.get(f"/tim-kiem/?q=dang&trang={page}")
        assert response.status_code == 200
    assert client.get("/api/search", {"q": "dang", "trang": "999"}).json()["page"] == 2


def test_bad_filters_are_ignored_with_a_notice(client, articles):
    response = client.get("/tim-kiem/", {"q": "dang", "loai": "x", "tu": "31/02/2026",
                                         "don-vi": "abc", "chuyen-muc": "<b>"})
    assert response.status_code == 200
    assert "Bộ lọc không hợp lệ đã được bỏ qua." in response.content.decode()


def test_messages_for_empty_symbol_only_and_long_queries(client, articles):
    assert "Nhập từ khóa" in client.get("/tim-kiem/").content.decode()
    assert "cần có chữ hoặc số" in client.get("/tim-kiem/", {"q": "***"}).content.decode()
    long = client.get("/tim-kiem/", {"q": "dang " * 2000}).content.decode()
    assert "Từ khóa quá dài" in long
    none = client.get("/tim-kiem/", {"q": "xyzzy"}).content.decode()
    assert "Không tìm thấy kết quả nào cho “xyzzy”" in none


def test_admin_report_lists_top_and_empty_queries_for_administrators(
        client, admin_client, django_user_model, articles):
    client.get("/tim-kiem/", {"q": "chè"})
    client.get("/tim-kiem/", {"q": "khong co gi"})
    counting.flush()
    html = admin_client.get("/quan-tri/tim-kiem/tu-khoa/").content.decode()
    assert "Tìm nhiều nhất" in html and "<td>che</td>" in html
    assert "<td>khong co gi</td>" in html
    editor = django_user_model.objects.create_user("bientap", password="x" * 12, is_staff=True)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get("/quan-tri/tim-kiem/tu-khoa/").status_code in (302, 403)
