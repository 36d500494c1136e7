"""Figures on stored pages: each is marked on the page, and the page's script fetches it
as stored now, so a page from the cache shows figures no older than an uncached one."""

import json

import pytest

from bantin.audience import counting

pytestmark = pytest.mark.django_db


def figures(client, keys, **extra):
    return client.get("/api/audience/figures/", {"k": ",".join(keys)}, **extra)


def test_stored_article_marks_every_figure_and_the_endpoint_gives_them_now(
        client, page_cache, make_article):
    article = make_article()
    counting.set_total(counting.PAGE_VIEW, article.pk, 5)
    stored = client.get(article.url)
    assert stored["X-Page-Cache"] == "MISS"
    html = stored.content.decode()
    for key in (f"page_view:{article.pk}", f"comment_count:{article.pk}",
                f"rating_line:{article.pk}", "site:online", "site:today", "site:month",
                "site:previous_month", "site:total"):
        assert f'data-figure="{key}"' in html, key
    assert 'data-figures-url="/api/audience/figures/"' in html

    counting.set_total(counting.PAGE_VIEW, article.pk, 1234)
    counting.set_total(counting.COMMENT_COUNT, article.pk, 3)
    counting.set_total(counting.RATING_SUM, article.pk, 9)
    counting.set_total(counting.RATING_COUNT, article.pk, 2)
    again = client.get(article.url)
    assert again["X-Page-Cache"] == "HIT" and again.content == stored.content
    response = figures(client, [f"page_view:{article.pk}", f"comment_count:{article.pk}",
                                f"rating_line:{article.pk}", "site:total"])
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    data = response.json()["figures"]
    assert data[f"page_view:{article.pk}"] == "1.234"
    assert data[f"comment_count:{article.pk}"] == "3"
    assert data[f"rating_line:{article.pk}"] == "Tổng số điểm của bài viết là: 9 trong 2 đánh giá"
    assert data["site:total"] == "0"


def test_library_figures(client, page_cache, hub):
    from bantin.laws.models import DocumentType, IssuingBody, LegalDocument

    doc = LegalDocument.objects.create(
        site=hub["site"], number="7/QĐ", doc_type=DocumentType.objects.create(name="Quyết định"),
        issuer=IssuingBody.objects.create(name="UBND"), issued_on="2026-02-01",
        summary="Phòng chống thiên tai")
    html = client.get("/van-ban/").content.decode()
    assert f'data-figure="law_counts:{doc.pk}"' in html  # the library's row
    assert f'data-figure="law_line:{doc.pk}"' in html  # the "Văn bản mới" block
    counting.set_total(counting.LAW_VIEW, doc.pk, 5)
    counting.set_total(counting.LAW_DOWNLOAD, doc.pk, 12000)
    data = figures(client, [f"law_counts:{doc.pk}", f"law_line:{doc.pk}",
                            f"law_download:{doc.pk}"]).json()["figures"]
    assert data == {f"law_counts:{doc.pk}": "5 / 12.000",
                    f"law_line:{doc.pk}": "lượt xem: 5 | lượt tải: 12.000",
                    f"law_download:{doc.pk}": "12.000"}


@pytest.mark.parametrize("keys", [
    [], ["page_view"], ["page_view:abc"], ["page_view:-3"], ["secret:1"], ["site:password"],
    [f"page_view:{n}" for n in range(1, 62)],
])
def test_bad_requests_get_a_vietnamese_error(client, hub, keys):
    response = figures(client, keys)
    assert response.status_code == 400
    assert "không hợp lệ" in json.loads(response.content)["error"]


def test_only_get(client, hub):
    assert client.post("/api/audience/figures/", {"k": "site:total"}).status_code == 405
