"""Sites as a hierarchy: a hub's site tree holds the sites of its units, at any depth."""

from django.db.models import QuerySet
from wagtail.models import Site


def sites_within(site: Site) -> QuerySet:
    """`site` and every site whose root page lies under its root page (its units)."""
    return Site.objects.filter(root_page__path__startswith=site.root_page.path)
