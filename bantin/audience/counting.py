"""The one small interface through which the portal counts things.

Callers record events (`record`, `record_visit`) with a cheap call that never writes to
the database: the event goes to a buffer (files by default, Redis in production; see
`buffers`). The worker calls `flush` periodically to add buffered events to the stored
totals in batches; pages read the stored totals (`totals`, `totals_many`,
`visitor_stats`), so what a page shows may be one flush interval old, what is stored is
exact.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.signals import setting_changed
from django.db import connection
from django.db.models import Q, Sum
from django.dispatch import receiver
from django.utils import timezone
from django.utils.module_loading import import_string
from wagtail.models import Site

from bantin.core import content_cache, request_cache
from bantin.core.sites import sites_within

from . import batches
from .models import Counter, SiteDailyVisits

logger = logging.getLogger("bantin.audience")

PAGE_VIEW = "page_view"
RATING_SUM = "rating_sum"
RATING_COUNT = "rating_count"
COMMENT_COUNT = "comment_count"
# Not a count: a number that changes whenever an article's comments do (see
# interaction.comments.recount), read with its figures to key its rendered thread.
COMMENT_STAMP = "comment_stamp"
LAW_VIEW = "law_view"
LAW_DOWNLOAD = "law_download"
BANNER_CLICK = "banner_click"
SITE_VISIT = batches.SITE_VISIT

ONLINE_WINDOW = dt.timedelta(minutes=5)
STATS_CACHE_SECONDS = 30

_buffer = None


def get_buffer():
    global _buffer
    if _buffer is None:
        _buffer = import_string(settings.BANTIN_COUNTER_BUFFER)()
    return _buffer


@receiver(setting_changed)
def _forget_buffer(setting, **kwargs):
    global _buffer
    if setting.startswith("BANTIN_COUNTER_") or setting == "BANTIN_REDIS_URL":
        if _buffer is not None:
            _buffer.close()
        _buffer = None


def record(kind: str, object_id: int, n: int = 1) -> bool:
    """Count `n` events of `kind` for an object; stored at the next flush.

    Never raises into the request: True when the event is buffered (acknowledged), False
    (and logged) in the unlikely case that no buffer could take it.
    """
    try:
        return get_buffer().add(kind, int(object_id), None, int(n))
    except Exception:
        logger.exception("Could not count %s of %s", kind, object_id)
        return False


def record_labelled(kind: str, object_id: int, label: str, day: dt.date | None = None,
                    n: int = 1) -> bool:
    """Count `n` events of `kind` for an object and a label (a search's words): stored at
    the next flush by the sink the kind registered (`batches.register_sink`)."""
    try:
        return get_buffer().add(kind, int(object_id), day, int(n), label=label)
    except Exception:
        logger.exception("Could not count %s of %s", kind, object_id)
        return False


def record_visit(site_id: int, visitor: str, new_visit: bool,
                 now: dt.datetime | None = None) -> bool:
    """Mark a visitor as present now, and count a visit when one begins."""
    now = now or timezone.now()
    try:
        buffer = get_buffer()
        counted = True
        if new_visit:
            counted = buffer.add(SITE_VISIT, int(site_id), timezone.localdate(now), 1)
        return buffer.seen(int(site_id), visitor, now) and counted
    except Exception:
        logger.exception("Could not count a visit to site %s", site_id)
        return False


def set_total(kind: str, object_id: int, value: int) -> None:
    """Set a stored total (imports carry their old counts over; recounts set comments)."""
    Counter.objects.update_or_create(
        kind=kind, object_id=int(object_id), defaults={"count": int(value)}
    )


def set_totals(object_id: int, values: dict[str, int]) -> None:
    """Set several stored totals of one object in one query (an import's counts)."""
    set_totals_many({object_id: values})


def set_totals_many(values: dict[int, dict[str, int]]) -> None:
    """Set stored totals of many objects ({object id: {kind: total}}) in one upsert
    (split only where the database limits the parameters of one statement)."""
    Counter.objects.bulk_create(
        [Counter(kind=kind, object_id=int(object_id), count=int(value))
         for object_id, totals in values.items() for kind, value in totals.items()],
        update_conflicts=True, unique_fields=["kind", "object_id"], update_fields=["count"],
    )


def totals(kinds: Iterable[str], object_id: int) -> dict[str, int]:
    """Stored totals of several kinds for one object, in one query.

    Read on every uncached article page: the statement is written out rather than built
    by the ORM, which would spend longer composing it than the database spends on it."""
    kinds = tuple(kinds)
    if object_id is None:  # a page previewed before its first save has nothing counted
        return dict.fromkeys(kinds, 0)
    table, kind, count, object_column = map(
        connection.ops.quote_name, (Counter._meta.db_table, "kind", "count", "object_id"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {kind}, {count} FROM {table} WHERE {object_column} = %s "  # noqa: S608
            f"AND {kind} IN ({', '.join(['%s'] * len(kinds))})",
            [int(object_id), *kinds],
        )
        found = dict(cursor.fetchall())
    return {kind: found.get(kind, 0) for kind in kinds}


def totals_many(kinds: Iterable[str], object_ids: Iterable[int]) -> dict[tuple[str, int], int]:
    """Stored totals for many objects, in one query; missing ones are 0."""
    kinds, ids = tuple(kinds), list(object_ids)
    found = {
        (k, o): c
        for k, o, c in Counter.objects.filter(kind__in=kinds, object_id__in=ids).values_list(
            "kind", "object_id", "count"
        )
    }
    return {(k, o): found.get((k, o), 0) for k in kinds for o in ids}


def pending(kind: str, object_id: int) -> int:
    """Events of a kind buffered for an object and not yet added to its total."""
    return get_buffer().pending(kind, int(object_id))


def flush() -> int:
    """Add every buffered event to the stored totals; returns how many events were added."""
    flushed = get_buffer().flush()
    batches.forget_old()
    return flushed


def set_visits(site_id: int, day: dt.date, visits: int) -> None:
    SiteDailyVisits.objects.update_or_create(
        site_id=site_id, day=day, defaults={"visits": int(visits)}
    )


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _site_ids_within(site_id: int) -> list[int]:
    """The site and the sites of its units, cached until any site or page moves."""

    def build() -> list[int]:
        site = Site.objects.select_related("root_page").filter(pk=site_id).first()
        if site is None:
            return [site_id]
        return sorted(sites_within(site).values_list("pk", flat=True))

    return content_cache.get_or_build(f"audience:sites-within:{site_id}", build)


def visitor_stats(site_id: int, use_cache: bool = True) -> dict[str, int]:
    """The five figures of the statistics block, cached briefly.

    A hub's figures add up its own and every unit's within it (at any depth); a unit
    without units of its own shows just itself. Two queries when the site list is cached.
    """
    key = _stats_key(site_id)
    site_cache = request_cache.for_site(site_id)
    if use_cache and (cached := site_cache.get(key)) is not None:
        return cached
    # A literal list of ids (not a subquery) lets the database use the per-site indexes.
    site_ids = _site_ids_within(site_id)
    now = timezone.now()
    today = timezone.localdate(now)
    month_start = _month_start(today)
    previous_month_start = _month_start(month_start - dt.timedelta(days=1))
    figures = SiteDailyVisits.objects.filter(site_id__in=site_ids).aggregate(
        total=Sum("visits"),
        today=Sum("visits", filter=Q(day=today)),
        month=Sum("visits", filter=Q(day__gte=month_start)),
        previous_month=Sum(
            "visits", filter=Q(day__gte=previous_month_start, day__lt=month_start)
        ),
    )
    stats = {name: value or 0 for name, value in figures.items()}
    stats["online"] = get_buffer().online(site_ids, now - ONLINE_WINDOW)
    site_cache.set(key, stats, STATS_CACHE_SECONDS)
    return stats


@request_cache.site_entry
def _stats_keys(site_id: int) -> list[str]:
    return [_stats_key(site_id)]


def _stats_key(site_id: int) -> str:
    return f"audience:stats:{site_id}"


def forget_inactive(before: dt.datetime | None = None) -> int:
    """Forget visitors not seen within the online window; they no longer count."""
    return get_buffer().forget_inactive(before or timezone.now() - ONLINE_WINDOW)
