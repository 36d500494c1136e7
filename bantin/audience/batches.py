"""Adding one buffered batch to the stored totals: exactly once, in one transaction.

A buffer hands over a batch under a unique id. The id is inserted into AppliedBatch in the
same transaction as the totals, so a batch that a killed flush left behind is applied when
it is found again if (and only if) that transaction did not commit. The totals are added
with a few multi-row upserts (`INSERT … ON CONFLICT … DO UPDATE SET count = count + …`,
which SQLite and PostgreSQL both speak), rows in a fixed order so that two flushes never
deadlock on each other.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping

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


def events_in(increments: Increments) -> int:
    return sum(increments.values())


def apply(batch_id: str, increments: Increments, presence: Presence | None = None) -> bool:
    """Add a batch to the totals unless it was added before; True when added now."""
    presence = presence or {}
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
        site_ids = {site_id for site_id, _, _ in visits} | {site_id for site_id, _ in presence}
        known = set(Site.objects.filter(pk__in=site_ids).values_list("pk", flat=True))
        if dropped := site_ids - known:
            logger.warning("Counted visits of deleted sites %s dropped", sorted(dropped))
        visits = sorted(v for v in visits if v[0] in known)
        seen = sorted(
            (site_id, visitor, at) for (site_id, visitor), at in presence.items()
            if site_id in known
        )
        _upsert_counters(counters)
        _upsert_visits(visits)
        _upsert_presence(seen)
    return True


def forget_old(now: dt.datetime | None = None) -> int:
    """Drop ids of batches applied long ago: nothing can present them again."""
    deleted, _ = AppliedBatch.objects.filter(
        applied_at__lt=(now or timezone.now()) - KEEP_APPLIED
    ).delete()
    return deleted


def _chunks(rows: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _upsert(table: str, columns: tuple[str, ...], conflict: tuple[str, ...], update: str,
            rows: list[tuple]) -> None:
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


def _upsert_counters(rows: list[tuple[str, int, int]]) -> None:
    table = Counter._meta.db_table
    qn = connection.ops.quote_name
    _upsert(
        table, ("kind", "object_id", "count"), ("kind", "object_id"),
        f"{qn('count')} = {qn(table)}.{qn('count')} + excluded.{qn('count')}", rows,
    )


def _upsert_visits(rows: list[tuple[int, dt.date, int]]) -> None:
    table = SiteDailyVisits._meta.db_table
    qn = connection.ops.quote_name
    adapt = connection.ops.adapt_datefield_value
    _upsert(
        table, ("site_id", "day", "visits"), ("site_id", "day"),
        f"{qn('visits')} = {qn(table)}.{qn('visits')} + excluded.{qn('visits')}",
        [(site_id, adapt(day), n) for site_id, day, n in rows],
    )


def _upsert_presence(rows: list[tuple[int, str, dt.datetime]]) -> None:
    table = ActiveVisitor._meta.db_table
    qn = connection.ops.quote_name
    adapt = connection.ops.adapt_datetimefield_value
    current, new = f"{qn(table)}.{qn('last_seen')}", f"excluded.{qn('last_seen')}"
    _upsert(
        table, ("site_id", "visitor", "last_seen"), ("site_id", "visitor"),
        f"{qn('last_seen')} = CASE WHEN {new} > {current} THEN {new} ELSE {current} END",
        [(site_id, visitor, adapt(at)) for site_id, visitor, at in rows],
    )
