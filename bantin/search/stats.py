"""Counting what readers search for, without anything about who they are: the folded
query text, per site and day, how often, and how often nothing was found.

A search writes nothing to the database: it is counted in the audience buffer like a page
view (`counting.record_labelled`), and the periodic flush adds the counts to QueryStat.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone
from wagtail.models import Site

from bantin.audience import batches, counting

from .models import QueryStat
from .query import Query

SEARCHED = "search"
FOUND_NOTHING = "search_empty"
KEY_LENGTH = QueryStat._meta.get_field("query").max_length


def record(site: Site, query: Query, found: int) -> None:
    key = " ".join(query.tokens)[:KEY_LENGTH].strip()
    if not key:
        return
    day = timezone.localdate()
    counting.record_labelled(SEARCHED, site.pk, key, day)
    if not found:
        counting.record_labelled(FOUND_NOTHING, site.pk, key, day)


def store(rows: list[tuple[str, int, object, str, int]]) -> None:
    """The flush's sink: add one batch's counts to QueryStat, one upsert per chunk."""
    totals: dict[tuple, list[int]] = {}
    for kind, site_id, day, query, n in rows:
        if day is None:
            continue
        entry = totals.setdefault((day, site_id, query[:KEY_LENGTH]), [0, 0])
        entry[0 if kind == SEARCHED else 1] += n
    known = batches.known_sites({site_id for _, site_id, _ in totals})
    table = QueryStat._meta.db_table
    adapt = connection.ops.adapt_datefield_value
    batches.upsert(
        table, ("day", "site_id", "query", "searches", "empty"), ("day", "site_id", "query"),
        batches.adding(table, "searches", "empty"),
        [(adapt(day), site_id, query, searches, empty)
         for (day, site_id, query), (searches, empty) in sorted(totals.items())
         if site_id in known],
    )
