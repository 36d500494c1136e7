"""Where a page or site stands between a hub and its units, for sharing news between them.

A hub is a site whose root page is a `units.HubHomePage`; its units are the other sites
whose root pages lie below it (`core.sites.sites_within`). The page type is named by its
label, not imported, because the units app builds on this one.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from bantin.core.sites import ancestor_paths as tree_ancestor_paths
from bantin.core.sites import sites_within

HUB_PAGE_TYPE = ("units", "hubhomepage")


def hub_content_type_id() -> int:
    """The content type of hub home pages (the content type manager caches it)."""
    return ContentType.objects.get_by_natural_key(*HUB_PAGE_TYPE).pk


def is_hub_page(page: Page) -> bool:
    return page.content_type_id == hub_content_type_id()


def is_hub(site: Site) -> bool:
    return is_hub_page(site.root_page)


def ancestor_paths(page: Page, include_self: bool = True) -> list[str]:
    """The tree paths of the page's ancestors (from the top), and its own path."""
    return tree_ancestor_paths(page.path, include_self=include_self)


def site_of(page: Page) -> Site | None:
    """The site a page belongs to: the one with the deepest root page above or at it."""
    return (
        Site.objects.filter(root_page__path__in=ancestor_paths(page))
        .select_related("root_page")
        .order_by("-root_page__depth", "-is_default_site", "pk")
        .first()
    )


def hub_of(site: Site) -> Site | None:
    """The hub a unit site belongs to; None for a hub or a site outside every hub."""
    return (
        Site.objects.filter(
            root_page__path__in=ancestor_paths(site.root_page, include_self=False),
            root_page__content_type_id=hub_content_type_id(),
        )
        .select_related("root_page")
        .order_by("-root_page__depth", "-is_default_site", "pk")
        .first()
    )


def units_of(hub: Site):
    """Every unit site within a hub, at any depth, including units created later."""
    return (
        sites_within(hub).exclude(root_page_id=hub.root_page_id)
        .select_related("root_page").order_by("site_name", "hostname")
    )


def unit_name(site: Site) -> str:
    return site.site_name or site.root_page.title
