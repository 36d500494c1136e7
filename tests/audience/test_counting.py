"""The counting interface and its endpoints: exact totals, refusals, visitor statistics."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from bantin.audience import counting
from bantin.audience.models import Rating, SiteDailyVisits

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"


def hit(client, page_id, **extra):
    return client.post(
        "/api/audience/hit/", json.dumps({"page": page_id}), content_type="application/json",
        HTTP_USER_AGENT=BROWSER, **extra,
    )


def rate(client, page_id, value, csrf=True):
    headers = {"HTTP_USER_AGENT": BROWSER}
    if csrf:
        headers["HTTP_X_CSRFTOKEN"] = client.cookies["csrftoken"].value
    return client.post(
        "/api/audience/rate/", json.dumps({"page": page_id, "value": value}),
        content_type="application/json", **headers,
    )


def test_record_is_buffered_until_flush(make_article):
    article = make_article()
    for _ in range(3):
        counting.record(counting.PAGE_VIEW, article.pk)
    assert counting.totals([counting.PAGE_VIEW], article.pk)[counting.PAGE_VIEW] == 0
    assert counting.pending(counting.PAGE_VIEW, article.pk) == 3
    assert counting.flush() == 3
    assert counting.totals([counting.PAGE_VIEW], article.pk)[counting.PAGE_VIEW] == 3
    assert counting.pending(counting.PAGE_VIEW, article.pk) == 0
    assert counting.flush() == 0


def test_flush_adds_to_imported_totals(make_article):
    article = make_article()
    counting.set_total(counting.PAGE_VIEW, article.pk, 441)
    counting.record(counting.PAGE_VIEW, article.pk, n=2)
    counting.flush()
    assert counting.totals([counting.PAGE_VIEW], article.pk)[counting.PAGE_VIEW] == 443


def test_hit_counts_article_view_and_sets_cookies(client, make_article):
    article = make_article()
    response = hit(client, article.pk)
    assert response.status_code == 204
    assert {"bt_vid", "bt_vs", "csrftoken"} <= set(response.cookies)
    assert response["Cache-Control"] == "no-store"
    counting.flush()
    assert counting.totals([counting.PAGE_VIEW], article.pk)[counting.PAGE_VIEW] == 1


def test_noscript_pixel_counts_too(client, make_article):
    article = make_article()
    response = client.get(f"/api/audience/hit/?page={article.pk}", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    counting.flush()
    assert counting.totals([counting.PAGE_VIEW], article.pk)[counting.PAGE_VIEW] == 1


@pytest.mark.parametrize("page_id", [0, -1, "abc", "", None, "1e3", 2**70])
def test_hit_with_bad_id_is_refused(client, hub, page_id):
    response = hit(client, page_id)
    assert response.status_code == 400
    assert response.json()["error"] == "Mã trang không hợp lệ."
    assert counting.flush() == 0


def test_hit_on_unknown_or_unpublished_page_is_404(client, make_article):
    article = make_article()
    article.unpublish()
    for page_id in (article.pk, 999999):
        response = hit(client, page_id)
        assert response.status_code == 404
        assert response.json()["error"] == "Không tìm thấy trang."
    assert counting.flush() == 0


def test_malformed_json_body_is_refused(client, hub):
    response = client.post("/api/audience/hit/", "{oops", content_type="application/json",
                           HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 400


@pytest.mark.parametrize("agent", ["", "Googlebot/2.1 (+http://www.google.com/bot.html)",
                                   "facebookexternalhit/1.1", "curl/8.0", "python-requests/2.3"])
def test_bots_are_not_counted(client, make_article, agent):
    article = make_article()
    response = client.post("/api/audience/hit/", {"page": article.pk}, HTTP_USER_AGENT=agent)
    assert response.status_code == 204
    assert counting.flush() == 0


def test_rating_updates_line_once_per_visitor(client, make_article):
    article = make_article()
    hit(client, article.pk)
    response = rate(client, article.pk, 4)
    assert response.status_code == 200
    assert response.json()["line"] == "Tổng số điểm của bài viết là: 4 trong 1 đánh giá"
    again = rate(client, article.pk, 5)
    assert again.status_code == 409
    assert again.json()["error"] == "Bạn đã đánh giá bài viết này rồi."
    assert Rating.objects.count() == 1
    assert counting.pending(counting.RATING_SUM, article.pk) == 4
    counting.flush()  # pages show stored totals, one flush interval old at most
    page = client.get(article.url).content.decode()
    assert "Tổng số điểm của bài viết là: 4 trong 1 đánh giá" in page


@pytest.mark.parametrize(("value", "message"), [
    (0, "Điểm đánh giá phải từ 1 đến 5."),
    (6, "Điểm đánh giá phải từ 1 đến 5."),
    (-1, "Điểm đánh giá phải từ 1 đến 5."),
    ("abc", "Điểm đánh giá phải là số từ 1 đến 5."),
    ("", "Điểm đánh giá phải là số từ 1 đến 5."),
    ("4.5", "Điểm đánh giá phải là số từ 1 đến 5."),
])
def test_rating_out_of_range_is_refused(client, make_article, value, message):
    article = make_article()
    hit(client, article.pk)
    response = rate(client, article.pk, value)
    assert response.status_code == 400
    assert response.json()["error"] == message
    assert not Rating.objects.exists()
    assert counting.totals([counting.RATING_COUNT], article.pk)[counting.RATING_COUNT] == 0


def test_rating_without_csrf_token_is_refused(make_article):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    article = make_article()
    hit(client, article.pk)
    response = rate(client, article.pk, 5, csrf=False)
    assert response.status_code == 403
    assert "Yêu cầu không hợp lệ" in response.json()["error"]
    assert not Rating.objects.exists()


def test_rating_unknown_article_or_rating_disabled(client, make_article, hub):
    closed = make_article(allow_rating=False)
    hit(client, closed.pk)
    for page_id in (closed.pk, 987654, hub["news"].pk):
        response = rate(client, page_id, 3)
        assert response.status_code == 404
    assert rate(client, "abc", 3).status_code == 400
    assert not Rating.objects.exists()


def test_visitor_stats_count_visits_not_page_views(client, make_article, hub):
    a, b = make_article(), make_article()
    hit(client, a.pk)
    hit(client, b.pk)  # same visit: the 30-minute cookie is set
    other = type(client)()
    hit(other, a.pk)
    counting.flush()
    stats = counting.visitor_stats(hub["site"].pk, use_cache=False)
    assert stats["today"] == 2 and stats["online"] == 2 and stats["total"] == 2


def test_visitor_stats_months_and_history_are_kept(hub):
    site_id = hub["site"].pk
    today = timezone.localdate()
    first = today.replace(day=1)
    last_month_day = first - dt.timedelta(days=3)
    old = first - dt.timedelta(days=400)
    counting.set_visits(site_id, today, 5)
    counting.set_visits(site_id, last_month_day, 7)
    counting.set_visits(site_id, old, 11)
    stats = counting.visitor_stats(site_id, use_cache=False)
    assert stats["today"] == 5
    assert stats["month"] == 5 + (7 if last_month_day >= first else 0)
    assert stats["previous_month"] == 7
    assert stats["total"] == 23
    assert SiteDailyVisits.objects.filter(site_id=site_id).count() == 3


def test_online_counts_only_the_last_five_minutes(hub):
    site_id = hub["site"].pk
    counting.record_visit(site_id, "visitor-aaaaaaaaaaaaaaaa", new_visit=True)
    counting.record_visit(site_id, "visitor-bbbbbbbbbbbbbbbb", new_visit=True,
                          now=timezone.now() - dt.timedelta(minutes=6))
    counting.flush()
    assert counting.visitor_stats(site_id, use_cache=False)["online"] == 1
    assert counting.forget_inactive() == 1


def test_totals_of_an_unsaved_object_are_zero_without_a_query(django_assert_num_queries):
    """A new article previewed before its first save has no id: its figures are 0."""
    with django_assert_num_queries(0):
        assert counting.totals((counting.PAGE_VIEW, counting.COMMENT_STAMP), None) == {
            counting.PAGE_VIEW: 0, counting.COMMENT_STAMP: 0}
