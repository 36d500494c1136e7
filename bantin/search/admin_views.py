"""Admin report: what readers searched for in the last days, and what found nothing.

Administrators only: the report lists every unit's queries together.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

from .models import QueryStat

DAYS = 30
LIMIT = 50


def top_queries(since: dt.date, *, empty_only: bool = False, limit: int = LIMIT) -> list[dict]:
    rows = QueryStat.objects.filter(day__gte=since)
    if empty_only:
        rows = rows.filter(empty__gt=0)
    totals = rows.values("query").annotate(searches=Sum("searches"), empty=Sum("empty"))
    order = "-empty" if empty_only else "-searches"
    return list(totals.order_by(order, "query")[:limit])


def query_report_view(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    since = timezone.localdate() - dt.timedelta(days=DAYS - 1)
    return render(request, "search/admin/queries.html", {
        "days": DAYS,
        "top": top_queries(since),
        "empty": top_queries(since, empty_only=True),
    })
