"""Search over the whole demo portal: the relevance set, hub and unit scopes, rebuilding.

The demo takes about a minute to load, so it is loaded once for this module inside a
transaction that is rolled back at the end.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from bantin.search import relevance
from bantin.search.models import SearchEntry

# Each test runs in a savepoint inside the module's transaction (and the marker makes
# pytest-django create the test database even when this module runs alone).
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from bantin.demo.loader import load

    with django_db_blocker.unblock(), transaction.atomic():
        hub = load()["hub"]
        # The vocabulary for "did you mean" is refreshed with the index's statistics (on
        # PostgreSQL by `rebuild_search_index`; FTS5's is always current).
        from django.db import connection

        from bantin.search import backend

        backend.optimize(connection)
        yield hub
        transaction.set_rollback(True)


def test_the_relevance_set_is_large_and_varied():
    queries = [q for q, _ in relevance.QUERIES]
    assert len(queries) >= 60
    assert len(set(queries)) == len(queries)
    assert any('"' in q for q in queries) and any("/" in q for q in queries)
    assert sum(q.isascii() for q in queries) >= 20


def test_relevance_set_mrr(demo):
    report = relevance.evaluate(demo)
    misses = [(o.query, o.expected, o.top) for o in report.outcomes if o.rank != 1]
    assert report.mrr >= relevance.MIN_MRR, misses
    assert report.recall >= relevance.MIN_MRR, misses


def test_search_quality_command_prints_the_figures(demo):
    out = io.StringIO()
    call_command("search_quality", stdout=out)
    assert "MRR:" in out.getvalue() and "recall@10:" in out.getvalue()


def test_hub_finds_unit_content_at_the_unit_address(demo):
    data = Client(HTTP_HOST="localhost").get("/api/search", {"q": "phuc khoa ra mat"}).json()
    first = data["results"][0]
    assert first["unit"] == "Xã Phúc Khoa"
    assert first["url"].startswith("http://phuc-khoa.localhost")


def test_unit_site_searches_only_its_own_content(demo):
    client = Client(HTTP_HOST="phuc-khoa.localhost")
    data = client.get("/api/search", {"q": "ra mat trang thong tin dien tu"}).json()
    assert {r["unit"] for r in data["results"]} == {"Xã Phúc Khoa"}
    assert data["results"][0]["url"].startswith("/")


def test_hub_page_filters_by_unit(demo):
    client = Client(HTTP_HOST="localhost")
    html = client.get("/tim-kiem/", {"q": "lich tiep cong dan"}).content.decode()
    assert 'name="don-vi"' in html and "Xã Tà Mít" in html
    unit = SearchEntry.objects.filter(unit_name="Xã Tà Mít").values_list("site_id", flat=True)[0]
    data = client.get("/api/search", {"q": "lich tiep cong dan", "don-vi": unit}).json()
    assert data["count"] >= 1 and {r["unit"] for r in data["results"]} == {"Xã Tà Mít"}


def test_document_number_comes_first_and_links_to_the_document(demo):
    data = Client(HTTP_HOST="localhost").get("/api/search", {"q": "18/2026/qđ-ubnd"}).json()
    first = data["results"][0]
    assert first["type"] == "Văn bản" and first["url"].startswith("/van-ban/")


def test_rebuild_command_reports_progress_and_keeps_the_index(demo):
    before = SearchEntry.objects.count()
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "100%" in out.getvalue() and f"Indexed {before} entries" in out.getvalue()
    assert SearchEntry.objects.count() == before


def test_one_wrong_letter_suggests_the_word_on_the_page_and_in_the_api(demo):
    client = Client(HTTP_HOST="localhost")
    data = client.get("/api/search", {"q": "thanh nien mongg"}).json()
    assert data["did_you_mean"] == "thanh nien mong"
    html = client.get("/tim-kiem/", {"q": "thanh nien mongg"}).content.decode()
    assert "Có phải bạn muốn tìm:" in html and "q=thanh+nien+mong" in html
    followed = client.get("/api/search", {"q": data["did_you_mean"]}).json()
    assert followed["results"][0]["title"].startswith("Chi bộ bản Hố Mít")


def test_found_queries_and_unknown_words_get_no_suggestion(demo):
    client = Client(HTTP_HOST="localhost")
    assert client.get("/api/search", {"q": "thanh nien mong"}).json()["did_you_mean"] == ""
    assert client.get("/api/search", {"q": "qqqqxz"}).json()["did_you_mean"] == ""
    html = client.get("/tim-kiem/", {"q": "qqqqxz"}).content.decode()
    assert "Có phải bạn muốn tìm" not in html and "Không tìm thấy" in html


@pytest.mark.parametrize("raw", ["mongg " * 2000, 'mongg" * ^ : - ( ) NEAR AND OR NOT',
                                 "mo\x00ngg", "a" * 500])
def test_suggestions_survive_bad_input(demo, raw):
    response = Client(HTTP_HOST="localhost").get("/api/search", {"q": raw})
    assert response.status_code == 200
    assert isinstance(response.json()["did_you_mean"], str)


def test_hub_filters_are_kept_and_follow_units_and_categories(demo, django_assert_max_num_queries):
    """The hub's unit and category filters cover every unit, yet a search costs the same
    few queries however many units there are; a renamed unit or a new category shows in
    the filters of the next search."""
    from bantin.news.models import CategoryPage
    from bantin.units.models import Unit

    client = Client(HTTP_HOST="localhost")
    client.get("/tim-kiem/", {"q": "lich tiep cong dan"})  # the filters are built and kept
    with django_assert_max_num_queries(5):
        html = client.get("/tim-kiem/", {"q": "lich tiep cong dan"}).content.decode()
    assert "Xã Tà Mít" in html

    unit = Unit.objects.get(name="Xã Tà Mít")
    unit.name = "Xã Tà Mít Mới"
    unit.save()
    option = f'<option value="{unit.site_id}">Xã Tà Mít Mới</option>'
    assert option in client.get("/tim-kiem/", {"q": "lich tiep"}).content.decode()
    category = CategoryPage(title="Chuyên mục vừa mở", slug="chuyen-muc-vua-mo")
    unit.site.root_page.add_child(instance=category)
    category.save_revision().publish()
    html = client.get("/tim-kiem/", {"q": "lich tiep cong dan"}).content.decode()
    assert '<option value="chuyen-muc-vua-mo">Chuyên mục vừa mở</option>' in html
