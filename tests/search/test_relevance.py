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
