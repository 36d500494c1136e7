"""PostgreSQL's side of the index: the title vectors' own table (migration 0007), kept by
the entries' trigger, and the migration both ways with the index intact."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from wagtail.models import Site

from bantin.core.text import fold
from bantin.search import pg
from bantin.search.models import Kind, SearchEntry
from bantin.search.query import parse

BEFORE, AFTER = "0006_vocabulary_follows_index", "0007_postgresql_title_table"


def _entry(n: int, title: str) -> SearchEntry:
    return SearchEntry.objects.create(
        kind=Kind.PAGE, object_id=n, site=Site.objects.get(is_default_site=True), title=title,
        title_folded=f" {fold(title).lower()} ", lead_folded=" loi dan ", path=f"/trang-{n}/",
        date=timezone.now(),
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
        assert _rows(pg.VECTOR_TABLE,
                     "WHERE title_vector @@ to_tsquery('simple', 'hoc & sinh')") == 1
        third = _entry(3, "Học sinh giỏi cấp huyện")
        assert _rows(pg.VECTOR_TABLE,
                     "WHERE title_vector @@ to_tsquery('simple', 'hoc & sinh')") == 2
    finally:
        _migrate(AFTER)
    assert _in_titles("hoc sinh") == [third.pk, first.pk]
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
