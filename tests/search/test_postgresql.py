"""PostgreSQL's side of the index: the title vectors' own table (migration 0007), kept by
the entries' trigger, the titles' pairs of adjacent words (0008), the migrations both
ways with the index intact, and the walk that finds matches and title matches at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from wagtail.models import Site

from bantin.search import engine, pg
from bantin.search.indexing import folded_tokens
from bantin.search.models import Kind, SearchEntry
from bantin.search.query import parse

BEFORE, AFTER = "0006_vocabulary_follows_index", "0008_postgresql_word_pairs"


def _entry(n: int, title: str, lead: str = "Lời dẫn") -> SearchEntry:
    return SearchEntry.objects.create(
        kind=Kind.PAGE, object_id=n, site=Site.objects.get(is_default_site=True), title=title,
        title_folded=folded_tokens(title), lead_folded=folded_tokens(lead),
        path=f"/trang-{n}/", date=timezone.now(),
    )


def _in_titles(text: str) -> list[int]:
    return pg.newest(parse(text), ("", []), any_word=False, prefix=False,
                     column="title_folded", limit=10)


def _migrate(target: str) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("portal_search", target)])


def _scalar(sql: str):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def _rows(table: str, where: str = "") -> int:
    """Rows of one of the index's tables (names are the module's constants)."""
    return _scalar(f"SELECT count(*) FROM {table} {where}")  # noqa: S608


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_title_vectors_have_their_own_table_both_ways_of_the_migration():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    first = _entry(1, "Học sinh đến trường")
    _entry(2, "Sinh hoạt chi bộ")
    assert _in_titles("hoc sinh") == [first.pk]
    assert _rows(pg.TITLE_TABLE) == 2
    try:
        _migrate(BEFORE)
        # Back to one table: every title vector is in it and the trigger fills it again.
        assert _scalar(f"SELECT to_regclass('{pg.TITLE_TABLE}')") is None
        assert _scalar(f"SELECT to_regproc('{pg.PAIRS_FUNCTION}')") is None
        assert _rows(pg.VECTOR_TABLE,
                     "WHERE title_vector @@ to_tsquery('simple', 'hoc & sinh')") == 1
        third = _entry(3, "Học sinh giỏi cấp huyện")
        assert _rows(pg.VECTOR_TABLE,
                     "WHERE title_vector @@ to_tsquery('simple', 'hoc & sinh')") == 2
    finally:
        _migrate(AFTER)
    assert _in_titles("hoc sinh") == [third.pk, first.pk]
    assert _scalar(f"SELECT to_regclass('{pg.PAIRS_INDEX}')") is not None
    assert _scalar(f"SELECT to_regclass('{pg.VECTOR_PAIRS_INDEX}')") is not None
    assert _in_titles('"hoc sinh gioi"') == [third.pk]  # through the pairs' index
    # The trigger keeps the titles' table in step with updates and deletes.
    SearchEntry.objects.filter(pk=first.pk).update(title_folded=" ngay hoi the thao ")
    assert _in_titles("hoc sinh") == [third.pk]
    assert _in_titles("the thao") == [first.pk]
    SearchEntry.objects.filter(pk=third.pk).delete()
    assert _in_titles("hoc sinh") == []
    assert _rows(pg.TITLE_TABLE) == 2
    assert _rows(pg.VECTOR_TABLE) == 2


@pytest.mark.django_db
def test_title_lookup_takes_the_newest_titles_first_then_the_whole_table(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    other = Site.objects.create(hostname="xa.example", root_page_id=Site.objects.get(
        is_default_site=True).root_page_id, site_name="Xã")
    titles = ["Học sinh đến trường", "Lúa mùa bội thu", "Học sinh giỏi", "Chợ phiên",
              "Học sinh vùng cao", "Đường về bản"]
    entries = [_entry(n, title) for n, title in enumerate(titles, start=1)]
    SearchEntry.objects.filter(pk=entries[2].pk).update(site=other)
    newest_first = [e.pk for e in reversed(entries) if "Học sinh" in e.title]
    where = ("portal_search_entry.site_id = %s", [other.pk])
    for window in (1, 2, 3, 100):  # never enough in the window, then enough
        monkeypatch.setattr(pg, "TITLE_WINDOW", window)
        assert _in_titles("hoc sinh") == newest_first
        assert pg.newest(parse("hoc sinh"), ("", []), any_word=False, prefix=False,
                         column="title_folded", limit=1) == newest_first[:1]
        for limit in (1, 10):
            assert pg.newest(parse("hoc sinh"), where, any_word=False, prefix=False,
                             column="title_folded", limit=limit) == [entries[2].pk]


def test_pairs_of_a_query_are_those_of_its_phrases():
    def of(text, any_word=False, prefix=False):
        return pg.pairs(parse(text), any_word=any_word, prefix=prefix)

    assert of('"truyền thanh cơ sở"') == "'truyen thanh' & 'thanh co' & 'co so'"
    assert of("truyen thanh") == ""  # two words, not a phrase
    # A lone word may be the rare one: the words' index is then the way.
    assert of('"truyền thanh cơ sở" xã') == ""
    assert of("99980 / 2015 / QĐ-UBND") == ""
    assert of("25/2024/TT-BTC") == "'25 2024' & '2024 tt' & 'tt btc'"
    assert of('"chay chua chay" "chua chay"') == "'chay chua' & 'chua chay'"  # once each
    assert of('"hoc sinh"', any_word=True) == ""
    # The last word may be unfinished: no pair with it.
    assert of('"truyen thanh co s"', prefix=True) == "'truyen thanh' & 'thanh co'"
    assert of('"hoc s"', prefix=True) == ""
    assert of('"truyen thanh co s', prefix=True) == ""  # no closing quote: words
    # A word the index keeps no pair of: the phrase is looked for by its words alone.
    assert of(f'"truyen {"a" * 65}"') == ""
    assert of(f'"truyen {"a" * 64}"') == f"'truyen {'a' * 64}'"
    assert of('"новости дня" "hoc sinh"') == ""
    assert of('"qd ubnd" "truyen thanh"') == "'qd ubnd' & 'truyen thanh'"


@pytest.mark.django_db
def test_phrases_in_titles_are_found_through_their_pairs(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    long_word = "a" * 70
    titles = [
        "Truyền thanh cơ sở xã Phúc Khoa",  # the phrase
        "Cơ sở truyền thanh mới",  # its words, not as a phrase
        "Phòng cháy chữa cháy rừng",
        "Chữa cháy, cháy chữa",
        f"{long_word} truyền thanh cơ sở",  # a word too long for a pair, then the phrase
        f"Truyền {long_word} thanh cơ sở",
        "Новости: truyền thanh cơ sở",
        "Thanh cơ sở truyền",
    ]
    entries = [_entry(n, title) for n, title in enumerate(titles, start=1)]
    ids = {title: e.pk for title, e in zip(titles, entries, strict=True)}

    def lookup(text, prefix=False, before=None):
        return pg.newest(parse(text), ("", []), any_word=False, prefix=prefix,
                         column="title_folded", limit=10, before=before, window=False)

    phrase = [ids[titles[6]], ids[titles[4]], ids[titles[0]]]
    assert lookup('"truyền thanh cơ sở"') == phrase
    assert lookup('"phong chay chua chay"') == [ids[titles[2]]]
    assert lookup('"chay chua"') == [ids[titles[3]], ids[titles[2]]]
    assert lookup('"truyen thanh co s"', prefix=True) == phrase
    assert lookup('"truyền thanh cơ sở"', before=ids[titles[4]]) == [ids[titles[0]]]
    assert lookup(f'"truyen {long_word}"') == [ids[titles[5]]]
    # The same as the words' index alone finds, for every lookup.
    queries = [('"truyền thanh cơ sở"', False), ('"chay chua chay"', False),
               ('"co so truyen"', False), ('"thanh co so truyen"', False),
               ('"truyen thanh co s"', True), (f'"truyen {long_word}"', False),
               ('"cơ sở" "truyền thanh"', False), ('"so xa"', False)]
    with_pairs = [lookup(text, prefix) for text, prefix in queries]
    monkeypatch.setattr(pg, "pairs", lambda *args, **kwargs: "")
    assert [lookup(text, prefix) for text, prefix in queries] == with_pairs


@pytest.mark.django_db
def test_one_walk_finds_the_matches_and_the_title_matches(monkeypatch):
    """The candidates from the walk that also says which matches are title matches are
    those of a second lookup in the titles, with and without a scope, a cap reached or not,
    title matches older than the walk's last match or not."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    other = Site.objects.create(hostname="xa.example", root_page_id=Site.objects.get(
        is_default_site=True).root_page_id, site_name="Xã")
    default = Site.objects.get(is_default_site=True)
    rows = [("Học sinh vùng cao", ""), ("Tin mới", "Học sinh đến trường"),
            ("Học sinh giỏi", "Học sinh"), ("Chợ phiên", "Chợ phiên học sinh"),
            ("Học sinh tình nguyện", ""), ("Lúa mùa", "Lúa mùa")]
    rows += [(f"Tin số {n}", "Học sinh khai giảng") for n in range(8)]
    rows += [("Học sinh bán trú", ""), ("Thi học sinh giỏi", "")]
    entries = [_entry(n, title, lead) for n, (title, lead) in enumerate(rows, start=1)]
    SearchEntry.objects.filter(pk__in=[e.pk for e in entries[::3]]).update(site=other)

    def candidates(text, site_ids):
        results = engine.SearchResults(parse(text), engine.Scope(site_ids=site_ids))
        return results.ids, results.more, results.any_word

    cases = [(text, sites) for text in ("hoc sinh", '"hoc sinh gioi"', "hoc sinh lua")
             for sites in ((default.pk,), (other.pk,), (default.pk, other.pk))]
    for cap, window, title_window in ((4, 2, 1), (4, 2, 100), (6, 3, 2), (100, 3, 1),
                                      (3, 1, 5)):
        monkeypatch.setattr(engine, "CAP", cap)
        monkeypatch.setattr(engine, "WINDOW", window)
        monkeypatch.setattr(pg, "TITLE_WINDOW", title_window)
        one_walk = [candidates(text, sites) for text, sites in cases]
        with monkeypatch.context() as apart:
            apart.delattr(pg, "newest_with_titles")
            assert [candidates(text, sites) for text, sites in cases] == one_walk
    assert any(more for _, more, _ in one_walk) and any(not more for _, more, _ in one_walk)


@pytest.mark.django_db
def test_phrases_are_found_by_walking_on_or_by_their_pairs(monkeypatch):
    """A phrase's matches are the same whichever way the rest is found after the newest
    entries: walking on, or reading the older entries holding its pairs."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    from django.test.utils import CaptureQueriesContext

    other = Site.objects.create(hostname="xa.example", root_page_id=Site.objects.get(
        is_default_site=True).root_page_id, site_name="Xã")
    leads = ["Đài truyền thanh cơ sở xã", "Cơ sở truyền thanh", "Thanh niên xã",
             "Truyền thanh cơ sở", "Lúa mùa", "Chữa cháy rừng", "Truyền thanh cơ sở mới"]
    leads += ["Tin vắn"] * 6 + ["Truyền thanh cơ sở vùng cao", "Tin vắn"]
    entries = [_entry(n, f"Tin {n}", lead) for n, lead in enumerate(leads, start=1)]
    entries.insert(0, _entry(0, "Truyền thanh", "cơ sở xã"))  # across title and lead
    SearchEntry.objects.filter(pk__in=[e.pk for e in entries[::2]]).update(site=other)
    wheres = [("", []), ("portal_search_entry.site_id = %s", [other.pk])]
    queries = ['"truyền thanh cơ sở"', '"co so truyen"', '"chua chay rung"', '"xa thanh nien"',
               '"truyen thanh" "co so"', 'truyen "thanh co"']

    def matches(text, where, limit):
        return pg._matches(parse(text), where, any_word=False, limit=limit)

    def everything():
        return [matches(text, where, limit) for text in queries for where in wheres
                for limit in (1, 2, 3, 50)]

    with monkeypatch.context() as plain:
        plain.setattr(pg, "pairs", lambda *args, **kwargs: "")
        expected = everything()
    # The newest match holds the phrase across its title and lead (not a title match).
    assert expected[0] == [(entries[0].pk, False)]
    assert expected[3][:2] == [(entries[0].pk, False), (entries[-2].pk, False)]
    walks = set()
    for window in (1, 2, 4, 100):
        monkeypatch.setattr(pg, "MATCH_WINDOW", window)
        with CaptureQueriesContext(connection) as ctx:
            assert everything() == expected
        walks |= {"by pairs" if "portal_search_pairs(search_vector)" in q["sql"] else
                  "on" if "portal_search_vector.id <" in q["sql"] else "" for q in ctx}
    assert {"by pairs", "on"} <= walks
