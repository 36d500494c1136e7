"""Adding one buffered batch to the stored totals: exactly once, in one transaction.

A buffer hands over a batch under a unique id. The id is inserted into AppliedBatch in the
same transaction as the totals, so a batch that a killed flush left behind is applied when
it is found again if (and only if) that transaction did not commit. The totals are added
with a few multi-row upserts (`INSERT … ON CONFLICT … DO UPDATE SET count = count + …`,
which SQLite and PostgreSQL both speak), rows in a fixed order so that two flushes never
deadlock on each other.

A labelled count (kind, object id, day, label) is stored by the sink its kind registered
(`register_sink`), in the same transaction: the search statistics register theirs.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from wagtail.models import Site

from .models import ActiveVisitor, AppliedBatch, Counter, SiteDailyVisits

logger = logging.getLogger("bantin.audience")

SITE_VISIT = "site_visit"
CHUNK = 400
# How long the id of an applied batch is kept. A batch is looked for again at the next
# flush, seconds later; a day leaves room for a worker that was down for hours.
KEEP_APPLIED = dt.timedelta(days=1)

# (kind, object_id, day or None) -> how many
Increments = Mapping[tuple[str, int, dt.date | None], int]
# (site_id, visitor) -> last seen
Presence = Mapping[tuple[int, str], dt.datetime]
# (kind, object_id, day or None, label) -> how many
Labelled = Mapping[tuple[str, int, dt.date | None, str], int]
# Stores one batch's labelled counts of its kinds: [(kind, object_id, day, label, n)]
Sink = Callable[[list[tuple[str, int, dt.date | None, str, int]]], None]

_sinks: dict[str, Sink] = {}


def register_sink(kinds: Iterable[str], sink: Sink) -> None:
    """Have `sink` store the labelled counts of these kinds (called in an app's ready())."""
    for kind in kinds:
        _sinks[kind] = sink


def events_in(increments: Increments) -> int:
    return sum(increments.values())


def apply(batch_id: str, increments: Increments, presence: Presence | None = None,
          labelled: Labelled | None = None) -> bool:
    """Add a batch to the totals unless it was added before; True when added now."""
    presence = presence or {}
    labelled = labelled or {}
    with transaction.atomic():
        try:
            with transaction.atomic():
                AppliedBatch.objects.create(batch_id=batch_id)
        except IntegrityError:
            return False
        counters = sorted(
            (kind, object_id, n) for (kind, object_id, day), n in increments.items()
            if kind != SITE_VISIT and n
        )
        visits = [
            (object_id, day, n) for (kind, object_id, day), n in increments.items()
            if kind == SITE_VISIT and n and day is not None
        ]
        known = known_sites(
            {site_id for site_id, _, _ in visits} | {site_id for site_id, _ in presence})
        visits = sorted(v for v in visits if v[0] in known)
        seen = sorted(
            (site_id, visitor, at) for (site_id, visitor), at in presence.items()
            if site_id in known
        )
        _upsert_counters(counters)
        _upsert_visits(visits)
        _upsert_presence(seen)
        _to_sinks(labelled)
    return True


def known_sites(site_ids: set[int]) -> set[int]:
    """Those of `site_ids` that still exist: counts of a deleted site are dropped (logged)."""
    known = set(Site.objects.filter(pk__in=site_ids).values_list("pk", flat=True))
    if dropped := site_ids - known:
        logger.warning("Counts of deleted sites %s dropped", sorted(dropped))
    return known


def _to_sinks(labelled: Labelled) -> None:
    by_sink: dict[Sink, list] = {}
    for (kind, object_id, day, label), n in sorted(
        labelled.items(), key=lambda item: (item[0][0], item[0][1], str(item[0][2]), item[0][3])
    ):
        if not n:
            continue
        sink = _sinks.get(kind)
        if sink is None:
            logger.warning("Labelled counts of kind %r have no sink: dropped", kind)
            continue
        by_sink.setdefault(sink, []).append((kind, object_id, day, label, n))
    for sink, rows in by_sink.items():
        sink(rows)


def forget_old(now: dt.datetime | None = None) -> int:
    """Drop ids of batches applied long ago: nothing can present them again."""
    deleted, _ = AppliedBatch.objects.filter(
        applied_at__lt=(now or timezone.now()) - KEEP_APPLIED
    ).delete()
    return deleted


def _chunks(rows: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def upsert(table: str, columns: tuple[str, ...], conflict: tuple[str, ...], update: str,
            rows: list[tuple]) -> None:
    """Insert rows, or on a conflict of `conflict` run `update` (SQL over the table and
    `excluded`), in statements of at most CHUNK rows."""
    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in columns)
    keys = ", ".join(qn(c) for c in conflict)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for chunk in _chunks(rows):
            # Only quoted model identifiers are formatted in; every value is a parameter.
            sql = (
                f"INSERT INTO {qn(table)} ({names}) VALUES {', '.join([one] * len(chunk))} "  # noqa: S608
                f"ON CONFLICT ({keys}) DO UPDATE SET {update}"
            )
            cursor.execute(sql, [value for row in chunk for value in row])


def adding(table: str, *columns: str) -> str:
    """The `update` of an `upsert` that adds the new rows' values to the stored ones."""
    qn = connection.ops.quote_name
    return ", ".join(f"{qn(c)} = {qn(table)}.{qn(c)} + excluded.{qn(c)}" for c in columns)


def _upsert_counters(rows: list[tuple[str, int, int]]) -> None:
    table = Counter._meta.db_table
    upsert(table, ("kind", "object_id", "count"), ("kind", "object_id"),
           adding(table, "count"), rows)


def _upsert_visits(rows: list[tuple[int, dt.date, int]]) -> None:
    table = SiteDailyVisits._meta.db_table
    adapt = connection.ops.adapt_datefield_value
    upsert(table, ("site_id", "day", "visits"), ("site_id", "day"), adding(table, "visits"),
           [(site_id, adapt(day), n) for site_id, day, n in rows])


def _upsert_presence(rows: list[tuple[int, str, dt.datetime]]) -> None:
    table = ActiveVisitor._meta.db_table
    qn = connection.ops.quote_name
    adapt = connection.ops.adapt_datetimefield_value
    current, new = f"{qn(table)}.{qn('last_seen')}", f"excluded.{qn('last_seen')}"
    upsert(
        table, ("site_id", "visitor", "last_seen"), ("site_id", "visitor"),
        f"{qn('last_seen')} = CASE WHEN {new} > {current} THEN {new} ELSE {current} END",
        [(site_id, visitor, adapt(at)) for site_id, visitor, at in rows],
    )
