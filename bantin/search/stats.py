"""Counting what readers search for, without anything about who they are: the folded
query text, per site and day, how often, and how often nothing was found."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Site

from .models import QueryStat
from .query import Query


def record(site: Site, query: Query, found: int) -> None:
    key = " ".join(query.tokens)[:200]
    if not key:
        return
    day = timezone.localdate()
    changes = {"searches": F("searches") + 1}
    if not found:
        changes["empty"] = F("empty") + 1
    if QueryStat.objects.filter(day=day, site=site, query=key).update(**changes):
        return
    try:
        with transaction.atomic():
            QueryStat.objects.create(day=day, site=site, query=key, searches=1,
                                     empty=0 if found else 1)
    except IntegrityError:  # another request created it meanwhile
        QueryStat.objects.filter(day=day, site=site, query=key).update(**changes)
