"""Counting stays exact when hundreds of requests arrive at a live server at once."""

import http.client
import json
import secrets
import threading

import pytest

pytestmark = pytest.mark.live

CONCURRENT = 200
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"


def fire(server, requests: list[tuple[str, dict, dict]]) -> list[int]:
    """Send every request on its own connection, all released at the same moment."""
    barrier = threading.Barrier(len(requests))
    statuses: list[int] = [0] * len(requests)

    def send(i: int, path: str, body: dict, headers: dict) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        try:
            barrier.wait(timeout=60)
            conn.request("POST", path, json.dumps(body),
                         {"Content-Type": "application/json", "User-Agent": BROWSER, **headers})
            response = conn.getresponse()
            response.read()
            statuses[i] = response.status
        finally:
            conn.close()

    threads = [threading.Thread(target=send, args=(i, *r)) for i, r in enumerate(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    return statuses


@pytest.fixture(scope="module")
def page_id(portal_server) -> int:
    """The first live article's id (each test reads the totals before it starts)."""
    return int(portal_server.shell(
        "from bantin.news.models import ArticlePage;"
        "print(ArticlePage.objects.live().order_by('pk').first().pk)"
    ))


def totals(server, page_id: int) -> dict:
    """The stored totals after `flush_counters` (run by the same shell process, which
    saves starting Django once more per reading)."""
    out = server.shell(
        "import json; from django.core.management import call_command;"
        "from bantin.audience import counting;"
        "call_command('flush_counters');"
        "print(json.dumps(counting.totals("
        f"['page_view', 'rating_sum', 'rating_count'], {page_id})))"
    )
    return json.loads(out)


def test_concurrent_views_are_counted_exactly(portal_server, page_id):
    before = totals(portal_server, page_id)["page_view"]
    statuses = fire(portal_server, [
        ("/api/audience/hit/", {"page": page_id}, {}) for _ in range(CONCURRENT)
    ])
    assert statuses == [204] * CONCURRENT
    assert totals(portal_server, page_id)["page_view"] == before + CONCURRENT


def test_concurrent_votes_from_distinct_visitors_are_counted_exactly(portal_server, page_id):
    before = totals(portal_server, page_id)
    token = secrets.token_hex(16)  # Django accepts any well-formed token matching its cookie
    requests = []
    values = [(i % 5) + 1 for i in range(CONCURRENT)]
    for value in values:
        visitor = secrets.token_urlsafe(18)
        cookie = f"csrftoken={token}; bt_vid={visitor}"
        requests.append(("/api/audience/rate/", {"page": page_id, "value": value},
                         {"Cookie": cookie, "X-CSRFToken": token,
                          "Referer": portal_server.url + "/"}))
    statuses = fire(portal_server, requests)
    assert statuses == [200] * CONCURRENT
    after = totals(portal_server, page_id)
    assert after["rating_count"] == before["rating_count"] + CONCURRENT
    assert after["rating_sum"] == before["rating_sum"] + sum(values)


def test_same_visitor_voting_concurrently_counts_once(portal_server, page_id):
    before = totals(portal_server, page_id)["rating_count"]
    token = secrets.token_hex(16)
    cookie = f"csrftoken={token}; bt_vid={secrets.token_urlsafe(18)}"
    statuses = fire(portal_server, [
        ("/api/audience/rate/", {"page": page_id, "value": 5},
         {"Cookie": cookie, "X-CSRFToken": token}) for _ in range(20)
    ])
    assert sorted(statuses) == [200] + [409] * 19
    assert totals(portal_server, page_id)["rating_count"] == before + 1
