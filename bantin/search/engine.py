"""Running a query: scope, matching, the number lookup, ranking and paging.

Matching is done by the database (`fts`: FTS5 on SQLite, `pg`: tsvector on PostgreSQL,
`like`: word patterns on the folded columns elsewhere), which returns a bounded number of
candidates; ranking of the best `WINDOW` of them is done by `ranking`, the same on every
database; a legal document whose number is the query comes first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import Q
from django.db.models.functions import Substr
from wagtail.models import Site

from bantin.core import content_cache, text
from bantin.laws.models import normalize_number
from bantin.news.models import ArticlePage, CategoryPage

from . import backend, highlight, ranking
from .models import Kind, SearchEntry
from .query import Query

#: How many of the best candidates are ranked again in Python (ten result pages).
WINDOW = 100
#: At most this many matches are taken as candidates (and counted: "more than 1,000").
CAP = 1000


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
# Matching: the backend of the database (fts, pg, like) returns the newest matching ids
# --------------------------------------------------------------------------------------------


def _where(q: Q) -> tuple[str, list] | None:
    """`q` as SQL over portal_search_entry; None when it can match nothing, ("", []) when
    it can match anything (the scope is every entry: no join is needed)."""
    queryset = SearchEntry.objects.filter(q)
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.compile(queryset.query.where)
    except EmptyResultSet:
        return None
    except FullResultSet:
        return "", []
    return sql, list(params)


def _whole_install(scope: Scope) -> bool:
    """True when `scope` is every entry of every site (a hub searching all its units)."""
    if scope.kinds or scope.category_slug or scope.date_from or scope.date_to:
        return False
    every = content_cache.get_or_build(
        "search:site-ids", lambda: tuple(Site.objects.values_list("pk", flat=True)))
    return set(scope.site_ids) >= set(every)


def _newest(query: Query, where: tuple[str, list] | None, *, any_word=False, prefix=False,
            column: str | None = None, limit: int) -> list[int]:
    """Ids of the newest `limit` matching entries (by entry id: most recently indexed),
    newest first; `column` restricts the match to one folded column."""
    if where is None:
        return []
    return backend.of(connection).newest(
        query, where, any_word=any_word, prefix=prefix, column=column, limit=limit
    )


def _load(ids: list[int]) -> list[SearchEntry]:
    """Entries in the order of `ids`, with only the head of the body (for ranking)."""
    rows = (SearchEntry.objects.filter(pk__in=ids).defer("body", "body_folded")
            .annotate(body_head=Substr("body", 1, ranking.BODY_HEAD),
                      body_folded_head=Substr("body_folded", 1, ranking.BODY_HEAD)))
    by_id = {e.pk: e for e in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def _with_bodies(entries: list[SearchEntry]) -> None:
    """Load the bodies deferred by `_load` in one query."""
    missing = [e for e in entries if "body" not in e.__dict__]
    if missing:
        bodies = dict(SearchEntry.objects.filter(pk__in=[e.pk for e in missing])
                      .values_list("pk", "body"))
        for entry in missing:
            entry.body = bodies.get(entry.pk, "")


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


class SearchResults:
    """The entries matching a query within a scope, best first, sliceable for a Paginator.

    Work per search is bounded whatever the size of the index:

    * at most `CAP` candidates are taken: every match when there are no more than `CAP`,
      else the newest `CAP` matches plus the newest `WINDOW` whose title holds the query
      (`more` is then set and the page says "more than 1,000 results");
    * candidates are put in two tiers, title matches, then the rest, newest first within
      a tier; the best `WINDOW` are ranked by `ranking` from their title,
      lead and the head of their body; the others follow in tier order. Only the first
      `WINDOW` candidates are ranked, and those are the newest `WINDOW` title matches
      when there are as many: older title matches would not reach the ranking, so they
      are not looked for (a common pair of words in titles made the title lookup the
      slowest step at 1,000,000 entries).

    A document whose number is the query comes first. When no entry holds every word,
    entries with any of them are returned and `any_word` is set.
    """

    def __init__(self, query: Query, scope: Scope):
        self.query = query
        self.pinned = self._numbered(scope) if query else []
        self._where = ("", []) if _whole_install(scope) else _where(scope.q())
        self.any_word = False
        self.more = False
        self.ids: list[int] = self._candidates() if query else []
        if query and not self.ids and len(query.groups) > 1:
            self.any_word = True
            self.ids = self._candidates()
        pinned = {e.pk for e in self.pinned}
        self.ids = [pk for pk in self.ids if pk not in pinned]
        self._window: list[SearchEntry] | None = None

    def _numbered(self, scope: Scope) -> list[SearchEntry]:
        key = normalize_number(self.query.text)
        if not key or not any(c.isdigit() for c in key):
            return []
        # By number first (a handful of rows), then the scope: a planner given both may
        # walk the scope's index instead.
        ids = list(SearchEntry.objects.filter(number_key=key).values_list("pk", flat=True)[:100])
        return list(SearchEntry.objects.filter(scope.q(), pk__in=ids).order_by("-date"))

    def _candidates(self) -> list[int]:
        def newest(column=None, limit=CAP):
            return _newest(self.query, self._where, any_word=self.any_word, column=column,
                           limit=limit)

        with_titles = getattr(backend.of(connection), "newest_with_titles", None)
        if with_titles is not None and self._where is not None:
            # One walk finds the matches and which of them match by their title.
            found, title = with_titles(self.query, self._where, any_word=self.any_word,
                                       limit=CAP + 1, titles=WINDOW)
        else:
            found, title = newest(limit=CAP + 1), None
        if len(found) <= WINDOW:
            return found
        if len(found) > CAP:
            self.more = True
            found = found[:CAP]
        if title is None:
            title = newest("title_folded", limit=WINDOW)
        in_title, in_found = set(title), set(found)
        return ([pk for pk in found if pk in in_title]
                + [pk for pk in title if pk not in in_found]
                + [pk for pk in found if pk not in in_title])[:CAP]

    def count(self) -> int:
        return len(self.pinned) + len(self.ids)

    def __len__(self) -> int:
        return self.count()

    def window(self) -> list[SearchEntry]:
        if self._window is None:
            entries = _load(self.ids[:WINDOW])
            self._window = self.pinned + ranking.order(entries, self.query)
        return self._window

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key:key + 1][0]
        start, stop = key.start or 0, key.stop if key.stop is not None else self.count()
        head_length = len(self.pinned) + min(WINDOW, len(self.ids))
        items = self.window()[start:stop] if start < head_length else []
        if stop > head_length:
            first = max(start, head_length) - len(self.pinned)
            items += _load(self.ids[first:stop - len(self.pinned)])
        return items


def snippets(entries: list[SearchEntry], query: Query) -> list:
    """Each entry's snippet: `highlight.snippet` of its lead and body. Entries from a
    `SearchResults` hold the head of their body (for ranking): the snippet is made from it
    when the body is no longer or the head is enough (`highlight.head_snippet`); the other
    bodies are loaded in one query."""
    passages: list = [None] * len(entries)
    for i, entry in enumerate(entries):
        head = entry.__dict__.get("body_head")
        if "body" in entry.__dict__ or head is None:
            continue
        text_head = f"{entry.lead} {head}".strip()
        if len(head) < ranking.BODY_HEAD:  # the whole body
            passages[i] = highlight.snippet(text_head, query)
        else:
            passages[i] = highlight.head_snippet(text_head, query)
    missing = [i for i, passage in enumerate(passages) if passage is None]
    _with_bodies([entries[i] for i in missing])
    for i in missing:
        entry = entries[i]
        passages[i] = highlight.snippet(f"{entry.lead} {entry.body}".strip(), query)
    return passages


def suggest(query: Query, scope: Scope, limit: int = 8) -> list[SearchEntry]:
    """Titles that contain the words typed so far, the last one possibly unfinished."""
    if not query:
        return []
    where = ("", []) if _whole_install(scope) else _where(scope.q())
    found = _newest(query, where, prefix=True, column="title_folded", limit=limit * 3)
    return ranking.order(_load(found), query)[:limit]
