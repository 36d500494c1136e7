"""The language switch in every page's header, the English pages' own menu, phone links."""

from __future__ import annotations

import re

from django import template
from wagtail.models import Site

from bantin.core import content_cache
from bantin.organisation.language import ENGLISH, labels, localised, switch_link
from bantin.organisation.models import ContactPage, OrganisationPage
from bantin.pagecache import recording

register = template.Library()

# Both pages, in the order the English menu lists them.
_SECTIONS = (("organisation", OrganisationPage), ("contact", ContactPage))


def _english_section(model, site: Site, request) -> dict | None:
    recording.children_of(site.root_page, model)
    page = model.objects.live().child_of(site.root_page).first()
    if page is None:
        return None
    return {"url": page.language_urls(request)[ENGLISH], "title": localised(page, "title", ENGLISH)}


def english_sections(context) -> dict[str, dict | None]:
    """The English versions of the site's organisation pages: URL and title, or None.

    Derived from the page tree, so cached until a page is next published, moved or deleted.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {}
    return content_cache.get_or_build(
        f"organisation:english:{site.pk}",
        lambda: {name: _english_section(model, site, request) for name, model in _SECTIONS},
    )


@register.inclusion_tag("organisation/language_switch.html", takes_context=True)
def language_switch(context):
    """A page in two languages links to its other version; any other page to the English
    organisation page of its site, if there is one."""
    switch = context.get("language_switch")
    if switch is None:
        organisation = english_sections(context).get("organisation")
        switch = switch_link(organisation and organisation["url"], ENGLISH)
    return {"switch": switch}


@register.inclusion_tag("organisation/english_pages.html", takes_context=True)
def english_pages(context):
    """The English pages of the site, since its main menu is in Vietnamese."""
    request = context.get("request")
    current = request.path if request is not None else ""
    links = [
        {**section, "current": section["url"] == current}
        for section in english_sections(context).values() if section
    ]
    # A menu of one page would only point back at itself.
    return {"links": links if len(links) > 1 else [], "label": labels(ENGLISH)["english_pages"]}


_NOT_DIALLED = re.compile(r"[^\d+]")


@register.filter
def tel_uri(phone: str) -> str:
    """`0213 3786 123` → `tel:02133786123`."""
    return "tel:" + _NOT_DIALLED.sub("", phone or "")
