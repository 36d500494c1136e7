"""Running a query: scope, matching, the number lookup, ranking and paging.

Matching is done by the database (FTS5 on SQLite, word patterns on the folded columns
elsewhere), ranking of the best `WINDOW` candidates by `ranking`, and a legal document
whose number is the query comes first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import Q
from wagtail.models import Site

from bantin.core import text
from bantin.laws.models import normalize_number
from bantin.news.models import ArticlePage, CategoryPage

from . import fts, ranking
from .models import Kind, SearchEntry
from .query import Query

#: How many of the best candidates are ranked again in Python (ten result pages).
WINDOW = 100
#: bm25 column weights: title, lead, body.
BM25_WEIGHTS = (10.0, 4.0, 1.0)


@dataclass(frozen=True)
class Scope:
    """Which entries a search may return."""

    site_ids: tuple[int, ...]
    kinds: tuple[str, ...] = ()
    category_slug: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def q(self) -> Q:
        q = Q(site_id__in=self.site_ids)
        if self.kinds:
            q &= Q(kind__in=self.kinds)
        if self.date_from:
            q &= Q(date__gte=_start_of(self.date_from))
        if self.date_to:
            q &= Q(date__lt=_start_of(self.date_to + dt.timedelta(days=1)))
        if self.category_slug:
            q &= Q(kind=Kind.ARTICLE, object_id__in=self._category_articles())
        return q

    def _category_articles(self):
        roots = Site.objects.filter(pk__in=self.site_ids).values_list(
            "root_page__path", flat=True
        )
        within = Q(pk__in=[])
        for path in roots:
            within |= Q(path__startswith=path)
        categories = CategoryPage.objects.live().filter(within, slug=self.category_slug)
        in_category = Q(extra_categories__in=categories)
        for path in categories.values_list("path", flat=True):
            in_category |= Q(path__startswith=path)
        return ArticlePage.objects.live().filter(in_category).values("pk")


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(text.TIME_ZONE))


# --------------------------------------------------------------------------------------------
# Matching: FTS5 on SQLite, word patterns on the folded columns elsewhere
# --------------------------------------------------------------------------------------------


def _where(q: Q) -> tuple[str, list] | None:
    """`q` as SQL over portal_search_entry; None when it can match nothing."""
    queryset = SearchEntry.objects.filter(q)
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.compile(queryset.query.where)
    except EmptyResultSet:
        return None
    except FullResultSet:
        return "1=1", []
    return sql or "1=1", list(params)


def _fts_select(select: str, expression: str, where: tuple[str, list], tail: str = ""):
    # Identifiers are constants; the expression and every value are parameters. CROSS JOIN
    # makes SQLite run the full-text match first and look entries up by id, instead of
    # scanning a site's entries and testing the match on each.
    sql = (
        f"SELECT {select} FROM {fts.FTS_TABLE} CROSS JOIN {fts.ENTRY_TABLE} "  # noqa: S608
        f"ON {fts.ENTRY_TABLE}.id = {fts.FTS_TABLE}.rowid "
        f"WHERE {fts.FTS_TABLE} MATCH %s AND ({where[0]}) {tail}"
    )
    return sql, [expression, *where[1]]


def _expression(query: Query, any_word: bool, prefix: bool, title_only: bool) -> str:
    expression = query.match_expression(any_word=any_word, prefix=prefix)
    return f"title_folded : ({expression})" if title_only else expression


def _like_q(query: Query, any_word: bool, prefix: bool, title_only: bool) -> Q:
    """The same match without FTS5: words and phrases found in the padded folded columns."""
    columns = ["title_folded"] if title_only else list(fts.COLUMNS)
    combined = Q()
    for i, group in enumerate(query.groups):
        pattern = " " + " ".join(group) + ("" if prefix and i == len(query.groups) - 1 else " ")
        found = Q()
        for column in columns:
            found |= Q(**{f"{column}__contains": pattern})
        combined = (combined | found) if any_word else (combined & found)
    return combined


def _matches(query: Query, scope: Q, *, any_word=False, prefix=False, title_only=False,
             offset=0, limit=WINDOW) -> list[tuple[int, float]]:
    """(entry id, bm25) of the matching entries, best bm25 first (newest first elsewhere)."""
    if connection.vendor != "sqlite":
        rows = (SearchEntry.objects.filter(scope, _like_q(query, any_word, prefix, title_only))
                .order_by("-date", "-pk").values_list("pk", flat=True)[offset:offset + limit])
        return [(pk, 0.0) for pk in rows]
    where = _where(scope)
    if where is None:
        return []
    rank = f"bm25({fts.FTS_TABLE}, {', '.join(map(str, BM25_WEIGHTS))})"
    sql, params = _fts_select(
        f"{fts.ENTRY_TABLE}.id, {rank} AS rank",
        _expression(query, any_word, prefix, title_only), where,
        f"ORDER BY rank, {fts.ENTRY_TABLE}.date DESC LIMIT %s OFFSET %s",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        return cursor.fetchall()


def _count(query: Query, scope: Q, *, any_word=False) -> int:
    if connection.vendor != "sqlite":
        return SearchEntry.objects.filter(scope, _like_q(query, any_word, False, False)).count()
    where = _where(scope)
    if where is None:
        return 0
    sql, params = _fts_select("count(*)", _expression(query, any_word, False, False), where)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _in_order(ids: list[int]) -> list[SearchEntry]:
    by_id = SearchEntry.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


class SearchResults:
    """The entries matching a query within a scope, best first, sliceable for a Paginator.

    A document whose number is the query comes first; then the best `WINDOW` matches in
    `ranking` order; beyond them the rest in bm25 order (nobody reads page eleven, and it
    keeps deep pages as cheap as the first). When no entry holds every word, entries with
    any of them are returned and `any_word` is set.
    """

    def __init__(self, query: Query, scope: Scope):
        self.query = query
        self.pinned = self._numbered(scope) if query else []
        self.scope_q = scope.q() & ~Q(pk__in=[e.pk for e in self.pinned])
        self.any_word = False
        self.matched = _count(query, self.scope_q) if query else 0
        if query and not self.matched and len(query.groups) > 1:
            self.any_word = True
            self.matched = _count(query, self.scope_q, any_word=True)
        self._window: list[SearchEntry] | None = None

    def _numbered(self, scope: Scope) -> list[SearchEntry]:
        key = normalize_number(self.query.text)
        if not key or not any(c.isdigit() for c in key):
            return []
        return list(SearchEntry.objects.filter(scope.q(), number_key=key).order_by("-date"))

    def count(self) -> int:
        return len(self.pinned) + self.matched

    def __len__(self) -> int:
        return self.count()

    def window(self) -> list[SearchEntry]:
        if self._window is None:
            found = _matches(self.query, self.scope_q, any_word=self.any_word)
            entries = _in_order([pk for pk, _ in found])
            self._window = self.pinned + ranking.order(entries, self.query, dict(found))
        return self._window

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key:key + 1][0]
        start, stop = key.start or 0, key.stop if key.stop is not None else self.count()
        head_length = len(self.pinned) + min(WINDOW, self.matched)
        items = self.window()[start:stop] if start < head_length else []
        if stop > head_length:
            first = max(start, head_length)
            found = _matches(self.query, self.scope_q, any_word=self.any_word,
                             offset=first - len(self.pinned), limit=stop - first)
            items += _in_order([pk for pk, _ in found])
        return items


def suggest(query: Query, scope: Scope, limit: int = 8) -> list[SearchEntry]:
    """Titles that contain the words typed so far, the last one possibly unfinished."""
    if not query:
        return []
    found = _matches(query, scope.q(), prefix=True, title_only=True, limit=limit * 3)
    entries = ranking.order(_in_order([pk for pk, _ in found]), query, dict(found))
    return entries[:limit]
