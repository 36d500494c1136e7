"""Matching on a database with no full-text backend here (neither SQLite nor PostgreSQL):
words and phrases are found as `" word "` in the padded folded columns. It reads every
row of the scope, so it is for small installations and tests only."""

from __future__ import annotations

from django.db.models import Q
from django.db.models.expressions import RawSQL

from .models import SearchEntry

COLUMNS = ("title_folded", "lead_folded", "body_folded")


def _like_q(query, any_word: bool, prefix: bool, column: str | None) -> Q:
    columns = [column] if column else list(COLUMNS)
    combined = Q()
    for i, group in enumerate(query.groups):
        pattern = " " + " ".join(group) + ("" if prefix and i == len(query.groups) - 1 else " ")
        found = Q()
        for name in columns:
            found |= Q(**{f"{name}__contains": pattern})
        combined = (combined | found) if any_word else (combined & found)
    return combined


def newest(query, where: tuple[str, list], *, any_word: bool, prefix: bool,
           column: str | None, limit: int) -> list[int]:
    entries = SearchEntry.objects.filter(_like_q(query, any_word, prefix, column))
    if where[0]:
        # `where` is SQL compiled by Django from the search's scope, values as parameters.
        entries = entries.filter(pk__in=RawSQL(  # noqa: S611
            f"SELECT id FROM portal_search_entry WHERE {where[0]}", where[1]  # noqa: S608
        ))
    return list(entries.order_by("-pk").values_list("pk", flat=True)[:limit])


def suspend_index(connection) -> None:
    """Nothing to suspend: there is no index besides the folded columns."""


def resume_index(connection) -> None:
    """Nothing to build."""


def optimize(connection) -> None:
    """Nothing to merge."""
