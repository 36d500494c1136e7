"""Sites as a hierarchy: a hub's site tree holds the sites of its units, at any depth.

Also the two tree-path rules everything else builds on: the paths above a page, and
"below any of these paths" as one query condition.
"""

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from wagtail.models import Page, Site


def sites_within(site: Site) -> QuerySet:
    """`site` and every site whose root page lies under its root page (its units)."""
    return Site.objects.filter(root_page__path__startswith=site.root_page.path)


def ancestor_paths(path: str, *, include_self: bool = False, from_length: int = 0) -> list[str]:
    """The tree paths above `path`, from the top (or from paths `from_length` long)."""
    step = Page.steplen
    end = len(path) + (step if include_self else 0)
    return [path[:i] for i in range(max(from_length, step), end, step)]


def under(paths: Iterable[str], lookup: str = "path") -> Q:
    """A condition true for whatever lies at or below any of `paths` (none: nothing)."""
    rule = Q(pk__in=[])
    for path in paths:
        rule |= Q(**{f"{lookup}__startswith": path})
    return rule
