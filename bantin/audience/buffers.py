"""Where counted increments wait before they are added to the stored totals.

A buffer takes increments cheaply and hands them back, added up, to `flush`. The
database buffer is the embedded default; a Redis buffer can take its place through
the BANTIN_COUNTER_BUFFER setting without touching any caller.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max, Sum

from .models import PendingHit

Increment = tuple[str, int, dt.date | None, int]


class DatabaseBuffer:
    def add(self, kind: str, object_id: int, day: dt.date | None = None, n: int = 1) -> None:
        PendingHit.objects.create(kind=kind, object_id=object_id, day=day, n=n)

    def pending(self, kind: str, object_id: int) -> int:
        total = PendingHit.objects.filter(kind=kind, object_id=object_id).aggregate(s=Sum("n"))
        return total["s"] or 0

    def drain(self, apply) -> int:
        """Pass the added-up increments to `apply` and forget them, atomically."""
        with transaction.atomic():
            top = PendingHit.objects.aggregate(m=Max("pk"))["m"]
            if top is None:
                return 0
            rows = (
                PendingHit.objects.filter(pk__lte=top)
                .values("kind", "object_id", "day")
                .annotate(total=Sum("n"))
                .order_by()
            )
            increments: Iterable[Increment] = [
                (r["kind"], r["object_id"], r["day"], r["total"]) for r in rows
            ]
            applied = apply(increments)
            PendingHit.objects.filter(pk__lte=top).delete()
            return applied
