"""The pages a non-administrator may explore in the admin, as a query SQLite can index.

Wagtail's `PagePermissionPolicy.explorable_instances` returns the pages below each page
a user holds permissions on, plus those pages' ancestors, "and" everything below their
first common ancestor. That last condition is the only one SQLite can use an index for,
so for a unit's editor it reads every page under the hub (100,000 at a provincial scale)
each time the explorer lists a section. The same set is written here as an OR of
path-prefix ranges and an exact list of ancestor paths, each answered by an index; a
test checks both versions return the same pages.
"""

import posixpath

from django.db.models import Q
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from .sites import ancestor_paths, under

EXPLORE_ACTIONS = {"add", "change", "publish", "lock", "unlock", "bulk_delete"}
_wagtail_explorable_instances = PagePermissionPolicy.explorable_instances


def explorable_instances(self, user):
    base_queryset = self._base_queryset_for_user(user)
    if base_queryset is not None:
        return base_queryset
    permissions = list(self.get_cached_permissions_for_user(user))
    if not permissions:
        return Page.objects.none()
    steplen = Page.steplen
    paths = {perm.page.path for perm in permissions}
    # The first common ancestor of the pages, as Wagtail finds it (include_self=False).
    common = posixpath.commonprefix([path[:-steplen] for path in paths])
    common = common[: len(common) - len(common) % steplen] or Page.get_first_root_node().path
    codenames = self._get_permission_codenames(EXPLORE_ACTIONS)
    rule = under(p.page.path for p in permissions if p.permission.codename in codenames)
    ancestors = {a for path in paths for a in ancestor_paths(path, from_length=len(common))}
    if ancestors:
        rule |= Q(path__in=ancestors)
    return Page.objects.filter(rule)


def install() -> None:
    PagePermissionPolicy.explorable_instances = explorable_instances


def wagtail_explorable_instances(policy, user):
    """Wagtail's own version, for comparison in tests."""
    return _wagtail_explorable_instances(policy, user)
