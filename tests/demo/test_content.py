"""The demo's own content: enough of it, well formed, Vietnamese in NFC."""

import datetime as dt
import unicodedata
from collections import Counter

from bantin.demo import content


def test_enough_articles_categories_documents_and_units():
    assert len(content.ARTICLES) >= 30
    per_category = Counter(a["category"] for a in content.ARTICLES)
    assert len(per_category) >= 5 and min(per_category.values()) >= 4
    assert len(content.LEGAL_DOCUMENTS) >= 10
    assert len(content.BANNERS) >= 3
    assert len(content.UNITS) == 10
    assert len({u["hostname"] for u in content.UNITS}) == 10
    assert all(a["category"] in content.CATEGORIES for a in content.ARTICLES)


def test_ids_titles_and_dates_are_well_formed():
    ids = [a["id"] for a in content.ARTICLES]
    assert len(set(ids)) == len(ids)
    assert len({a["title"] for a in content.ARTICLES}) == len(ids)
    for article in content.ARTICLES:
        published = dt.datetime.fromisoformat(article["published_at"])
        assert published.utcoffset() == dt.timedelta(hours=7)
        assert len(article["paragraphs"]) >= 3
    numbers = [d["number"] for d in content.LEGAL_DOCUMENTS]
    assert len(set(numbers)) == len(numbers)


def test_all_text_is_nfc():
    for text in content.all_text():
        assert unicodedata.is_normalized("NFC", text), text
