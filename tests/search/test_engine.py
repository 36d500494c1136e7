"""Search over articles, pages and legal documents: folding, tones, ranking, numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from bantin.search import engine, indexing
from bantin.search.models import Kind, SearchEntry
from bantin.search.query import parse


def titles(query: str, site, **scope) -> list[str]:
    results = engine.SearchResults(parse(query), engine.Scope(site_ids=(site.pk,), **scope))
    return [e.title for e in results[:20]]


@pytest.fixture
def corpus(hub, make_article):
    make_article(title="Đảng bộ huyện Tân Uyên tổng kết năm", lead="Hội nghị tổng kết.")
    make_article(title="Thủy lợi nội đồng ở Phúc Khoa", lead="Kênh mương mới.")
    make_article(title="Hoà giải ở cơ sở", lead="Tổ hòa giải bản Nà Ban.")
    make_article(title="Bán hàng trực tuyến", lead="Nông sản lên sàn.")
    make_article(title="Ban hành quy chế mới", lead="Quy chế vận hành.")
    make_article(title="Bàn giao nhà văn hóa", lead="Nhà văn hóa bản mới.")
    make_article(title="Y tá thôn bản được tập huấn", lead="Chăm sóc sức khỏe ban đầu.")
    return hub


def test_publishing_indexes_the_article(corpus):
    assert SearchEntry.objects.filter(kind=Kind.ARTICLE).count() == 7
    entry = SearchEntry.objects.get(title__startswith="Đảng bộ")
    assert entry.title_folded == " dang bo huyen tan uyen tong ket nam "
    assert entry.path.startswith("/tin-tuc/xay-dung-dang/")


@pytest.mark.parametrize("query", [
    "dang bo tan uyen", "Đảng bộ Tân Uyên", "ĐẢNG BỘ", "dang   BO", "\u0110a\u0309ng bo\u0323",
])
def test_accents_case_and_nfd_do_not_matter(corpus, query):
    assert titles(query, corpus["site"])[0] == "Đảng bộ huyện Tân Uyên tổng kết năm"


@pytest.mark.parametrize("query", ["thuỷ lợi", "thủy lợi", "thuy loi"])
def test_tone_styles_match(corpus, query):
    assert titles(query, corpus["site"]) == ["Thủy lợi nội đồng ở Phúc Khoa"]


@pytest.mark.parametrize("query", ["hòa giải", "hoà giải"])
def test_tone_styles_match_both_ways(corpus, query):
    assert titles(query, corpus["site"])[0] == "Hòa giải ở cơ sở"  # stored normalised


def test_typed_diacritics_rank_exact_matches_first(corpus):
    site = corpus["site"]
    assert titles("bán", site)[0] == "Bán hàng trực tuyến"
    assert titles("bàn", site)[0] == "Bàn giao nhà văn hóa"
    assert titles("ban", site)[:1] != []


def test_short_words(corpus):
    assert titles("Y tá", corpus["site"])[0] == "Y tá thôn bản được tập huấn"


def test_quoted_phrase_must_be_adjacent(corpus, make_article):
    make_article(title="Tân trang nhà và Uyên ương", lead="")
    site = corpus["site"]
    assert "Tân trang nhà và Uyên ương" in titles("tan uyen", site)
    assert "Tân trang nhà và Uyên ương" not in titles('"tan uyen"', site)


def test_title_ranks_above_lead_and_body(hub, make_article):
    make_article(title="Tin thời sự", lead="Mùa chè đã về.")
    make_article(title="Mùa chè ở Tân Uyên", lead="Tin thời sự.")
    assert titles("chè", hub["site"])[0] == "Mùa chè ở Tân Uyên"


def test_newer_first_when_otherwise_equal(hub, make_article):
    make_article(title="Lịch tiếp công dân", lead="")
    make_article(title="Lịch tiếp công dân", lead="", slug="lich-moi")
    results = engine.SearchResults(parse("lich tiep"), engine.Scope(site_ids=(hub["site"].pk,)))
    dates = [e.date for e in results[:2]]
    assert dates == sorted(dates, reverse=True)


def test_all_words_else_any_word(corpus):
    results = engine.SearchResults(parse("thủy lợi xyzzy"), engine.Scope((corpus["site"].pk,)))
    assert results.any_word and results.count() >= 1


def test_unpublish_and_delete_remove_the_entry(corpus):
    from bantin.news.models import ArticlePage

    article = ArticlePage.objects.get(title="Bán hàng trực tuyến")
    article.unpublish()
    assert not SearchEntry.objects.filter(object_id=article.pk).exists()
    article.save_revision().publish()
    assert SearchEntry.objects.filter(object_id=article.pk).exists()
    article.delete()
    assert not SearchEntry.objects.filter(object_id=article.pk).exists()


def test_move_updates_the_address(corpus):
    from bantin.news.models import ArticlePage

    article = ArticlePage.objects.get(title="Bán hàng trực tuyến")
    article.move(corpus["news"], pos="last-child")
    entry = SearchEntry.objects.get(object_id=article.pk)
    assert entry.path == "/tin-tuc/" + article.slug + "/"


def test_rebuild_gives_the_same_index(corpus):
    before = sorted(SearchEntry.objects.values_list("kind", "object_id", "title_folded"))
    indexing.rebuild()
    after = sorted(SearchEntry.objects.values_list("kind", "object_id", "title_folded"))
    assert before == after


def test_date_range_and_type_filters(corpus):
    site = corpus["site"]
    assert titles("ban", site, kinds=(Kind.DOCUMENT,)) == []
    assert titles("ban", site, date_from=dt.date(2030, 1, 1)) == []


def test_many_matches_are_capped_with_title_matches_first(hub, make_article, monkeypatch):
    monkeypatch.setattr(engine, "CAP", 4)
    monkeypatch.setattr(engine, "WINDOW", 2)
    make_article(title="Mùa chè Tân Uyên", lead="", slug="che-cu")  # the oldest
    for i in range(6):
        make_article(title=f"Tin số {i}", lead="Chè búp tươi.", slug=f"tin-{i}")
    results = engine.SearchResults(parse("chè"), engine.Scope(site_ids=(hub["site"].pk,)))
    assert results.more and results.count() == 4
    # The old title match is a candidate although six newer entries match in their lead.
    assert results[0].title == "Mùa chè Tân Uyên"
    assert [e.title for e in results[1:4]] == ["Tin số 5", "Tin số 4", "Tin số 3"]
    assert "body" not in results[3].__dict__  # only its head: the snippet needs no more


def test_capped_count_is_said_on_the_page_and_in_the_api(client, hub, make_article, monkeypatch):
    monkeypatch.setattr(engine, "CAP", 3)
    monkeypatch.setattr(engine, "WINDOW", 2)
    for i in range(5):
        make_article(title=f"Thủy lợi nội đồng {i}", lead="", slug=f"thuy-loi-{i}")
    data = client.get("/api/search", {"q": "thuy loi"}).json()
    assert data["more"] is True and data["count"] == 3 and len(data["results"]) == 3
    html = client.get("/tim-kiem/", {"q": "thuy loi"}).content.decode()
    assert "Tìm thấy hơn 1.000 kết quả" not in html  # the cap shown is the real one
    assert "Tìm thấy hơn 3 kết quả; dưới đây là 3 kết quả phù hợp nhất" in html
    few = client.get("/api/search", {"q": "thuy loi 2"}).json()
    assert few["more"] is False and few["count"] == 1


def test_title_index_follows_edits(corpus):
    from bantin.news.models import ArticlePage

    article = ArticlePage.objects.get(title="Bán hàng trực tuyến")
    article.title = "Chợ phiên vùng cao"
    article.save_revision().publish()
    site = corpus["site"]
    assert engine.suggest(parse("cho phi"), engine.Scope((site.pk,)))[0].title == (
        "Chợ phiên vùng cao")
    assert engine.suggest(parse("ban hang"), engine.Scope((site.pk,))) == []


def test_rebuild_writes_entries_oldest_first(hub, make_article):
    for day in (3, 1, 2):
        make_article(title=f"Tin ngày {day}", lead="",
                     published_at=dt.datetime(2026, 1, day, tzinfo=dt.UTC), slug=f"ngay-{day}")
    indexing.rebuild()
    titles_by_id = list(SearchEntry.objects.order_by("pk").values_list("title", flat=True))
    assert [t for t in titles_by_id if t.startswith("Tin ngày")] == [
        "Tin ngày 1", "Tin ngày 2", "Tin ngày 3"]


@pytest.mark.parametrize("raw", ["a & b", "x:* | !y", "<-> ( ) '", "NEAR(a b)", "c:A"])
def test_query_syntax_is_only_words(corpus, raw):
    # Whatever the backend, the match expression is built from quoted letter/digit tokens.
    assert isinstance(titles(raw, corpus["site"]), list)



def test_did_you_mean_follows_publishing_without_a_rebuild(corpus):
    """A word first published is suggested at once on every database; one that no entry
    holds any more stops being suggested at once on SQLite (FTS5's own vocabulary) and
    after the daily recount on PostgreSQL."""
    from django.core.cache import cache
    from django.db import connection

    from bantin.news.models import ArticlePage
    from bantin.search import tasks, typo

    assert typo.did_you_mean(parse("xoee")) == ""
    article = ArticlePage.objects.get(title="Bán hàng trực tuyến")
    article.title = "Lễ hội múa xòe của đồng bào Thái"
    article.save_revision().publish()
    assert typo.did_you_mean(parse("mua xoee")) == "mua xoe"
    article.title = "Bán hàng trực tuyến"  # the word leaves the only entry holding it
    article.save_revision().publish()
    cache.clear()
    tasks.recount_words.call()
    assert typo.did_you_mean(parse("xoee")) == ""
    article.title = "Múa xòe"
    article.save_revision().publish()
    assert typo.did_you_mean(parse("xoee")) == "xoe"
    article.delete()
    if connection.vendor == "sqlite":
        assert typo.did_you_mean(parse("xoee")) == ""
    tasks.recount_words.call()  # the day's recount is done: nothing changes
    assert typo.did_you_mean(parse("xoee")) == ("" if connection.vendor == "sqlite" else "xoe")
    cache.clear()
    tasks.recount_words.call()
    assert typo.did_you_mean(parse("xoee")) == ""


@pytest.mark.parametrize(("text", "word", "found"), [
    ("bán hàng", "bán", True), ("bánh mì", "bán", False), ("đã bán.", "bán", True),
    ("xbán bán", "bán", True), ("1bán", "bán", False), ("bán_", "bán", True),
    ("", "bán", False), ("ở ở", "ở", True), ("xở ởx", "ở", False), ("truyền-thanh", "thanh", True),
])
def test_a_word_with_its_diacritics_is_found_whole(text, word, found):
    from bantin.search.ranking import _has_word

    assert _has_word(text, word) is found


def test_highlighted_words_start_and_end_words():
    """`highlight.spans` (the words matched, then whether each starts a word) finds what
    one pattern with a look-behind finds, on random text of letters, digits, marks and
    separators, prefix or not."""
    import random
    import re

    from bantin.core import text as core_text
    from bantin.search.highlight import spans

    rng = random.Random(7)
    alphabet = ["an", "ăn", "b", "ba", "bán", "Đ", "đa", "1", "_", " ", "-", ".", "x", "ở"]
    for _ in range(3000):
        original = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        query = parse(rng.choice(["ban", "an ba", "đa 1", "b", "ở x ban", "ba"]))
        prefix = rng.random() < 0.3
        words = tuple(query.distinct_tokens)
        last = words[-1] if prefix else ""
        alternatives = [re.escape(w) + r"(?![^\W_])" for w in sorted(words, key=len, reverse=True)]
        if last:
            alternatives.insert(0, re.escape(last) + r"[^\W_]*")
        reference = re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + ")")
        folded = core_text.fold(original)
        assert len(folded) == len(original)  # NFC: offsets are the identity
        expected = [m.span() for m in reference.finditer(folded)]
        assert spans(original, query, prefix=prefix) == expected, (original, query.text, prefix)


def test_a_snippet_from_the_head_is_the_snippet_of_the_whole_text():
    """`head_snippet` answers only when the head of a text decides its snippet, and then
    gives exactly `snippet` of the whole text (NFC and NFD, words early, late or cut)."""
    import random
    import unicodedata

    from bantin.search.highlight import head_snippet, snippet

    rng = random.Random(11)
    vocabulary = ("truyền thanh cơ sở xã Tân Uyên họp bàn kế hoạch nông thôn mới, đường "
                  "giao thông thủy lợi. (hòa) bình-an").split()
    answered = 0
    for _ in range(1500):
        words = [rng.choice(vocabulary) for _ in range(rng.randint(20, 160))]
        whole = " ".join(words)
        if rng.random() < 0.2:
            whole = unicodedata.normalize("NFD", whole)
        cut = rng.randint(1, len(whole) - 1)
        query = parse(rng.choice(["truyen thanh", '"co so"', "tân uyên", "hoa", "thuy loi ke",
                                  "binh an", "x"]))
        passage = head_snippet(whole[:cut], query)
        if passage is not None:
            answered += 1
            assert passage == snippet(whole, query), (whole, cut, query.text)
    assert answered > 300  # the head decides often enough to matter


def test_snippets_load_a_body_only_when_its_head_is_not_enough(client, hub, make_article):
    import json

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bantin.search import ranking

    filler = " ".join(["Nội dung chi tiết của bài viết về công tác địa phương."] * 40)
    assert len(filler) > ranking.BODY_HEAD
    early = json.dumps([{"type": "paragraph",
                         "value": f"<p>Loa truyền thanh cơ sở được lắp mới. {filler}</p>"}])
    late = json.dumps([{"type": "paragraph",
                        "value": f"<p>{filler} Cuối bài nói về loa truyền thanh cơ sở.</p>"}])
    make_article(title="Bài một", lead="Sapo", slug="mot", body=early)
    make_article(title="Bài hai", lead="Sapo", slug="hai", body=late)

    def search():
        with CaptureQueriesContext(connection) as queries:
            data = client.get("/api/search", {"q": '"truyen thanh co so"'}).json()
        bodies = [q["sql"] for q in queries.captured_queries
                  if '"portal_search_entry"."body"' in q["sql"] and "SUBSTR" not in q["sql"]]
        return {r["title"]: r["snippet"] for r in data["results"]}, bodies

    found, bodies = search()
    assert found["Bài một"].startswith("Sapo Loa <mark>truyền</mark> <mark>thanh</mark>")
    assert "Cuối bài nói về loa <mark>truyền</mark> <mark>thanh</mark> <mark>cơ</mark>" \
        in found["Bài hai"]
    assert len(bodies) == 1  # the late one's body, in one query
    # The early article alone: its snippet came from the head, and no body was read.
    SearchEntry.objects.get(title="Bài hai").delete()
    found, bodies = search()
    assert list(found) == ["Bài một"] and bodies == []
