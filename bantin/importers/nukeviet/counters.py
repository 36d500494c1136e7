"""The site's total visits (`{prefix}_counter`, the `total` row) into the audience history.

Our history keeps one row per day; NukeViet keeps a running total (its day, month and
year rows are reset, so history is lost). The total is stored on the day of the oldest
imported article, so the statistics block's "total" carries it on while "today" and
"this month" start afresh.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from bantin.audience import counting
from bantin.audience.models import SiteDailyVisits

from .articles import when
from .state import checksum

KIND, EXTERNAL_ID = "visits", "total"


def total_visits(db) -> int | None:
    table = db.global_table("counter")
    if not db.has(table):
        return None
    rows = db.rows(f"SELECT c_count FROM `{table}` WHERE c_type = 'total' ORDER BY c_count DESC "
                   "LIMIT 1")
    return int(rows[0]["c_count"]) if rows else None


def _history_day(ctx, modules) -> dt.date:
    oldest = None
    for module in modules:
        rows = ctx.db.rows(f"SELECT MIN(NULLIF(publtime, 0)) AS t FROM "
                           f"`{ctx.db.table(module.data + '_rows')}`")
        found = when(rows[0]["t"]) if rows else None
        if found and (oldest is None or found < oldest):
            oldest = found
    base = oldest or timezone.now() - dt.timedelta(days=1)
    return timezone.localdate(base)


def import_visits(ctx, modules) -> None:
    total = total_visits(ctx.db)
    if total is None:
        ctx.report.skip(KIND, EXTERNAL_ID, "không có bảng hoặc dòng tổng lượt truy cập")
        return
    earlier = ctx.state.get(KIND, EXTERNAL_ID)
    digest = checksum(total)
    if earlier is not None and earlier.checksum == digest:
        ctx.report.count(KIND, "unchanged")
        return
    if ctx.dry_run:
        ctx.report.count(KIND, "would_update" if earlier else "would_create")
        return
    with transaction.atomic():
        row = SiteDailyVisits.objects.filter(pk=ctx.state.object_id(KIND, EXTERNAL_ID)).first()
        day = row.day if row else _history_day(ctx, modules)
        counting.set_visits(ctx.site.pk, day, total)
        row = SiteDailyVisits.objects.get(site=ctx.site, day=day)
        ctx.state.record(KIND, EXTERNAL_ID, row, digest)
    ctx.report.count(KIND, "updated" if earlier else "created")
