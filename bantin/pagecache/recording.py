"""Tags recorded without the showing code having to ask.

- Every page whose address is computed while rendering (links in lists, menus,
  breadcrumbs, the page itself) adds `page:<id>`: whatever links to a page shows it.
- Every image rendition used adds `image:<id>`, every document link `document:<id>`.
- Serving a Wagtail page opts its response in and adds `page:<id>` and `site:<id>`.

Lists that must also change when a *new* page appears declare what they list with the
helpers at the end (`articles_below`, `children_of`), which the invalidation rules mirror.
"""

from __future__ import annotations

from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Page

from . import collector

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True

    original_url_parts = Page.get_url_parts

    def get_url_parts(self, request=None):
        if self.pk is not None:
            collector.tag(f"page:{self.pk}")
        return original_url_parts(self, request)

    Page.get_url_parts = get_url_parts

    original_rendition = AbstractImage.get_rendition
    original_renditions = AbstractImage.get_renditions

    def get_rendition(self, filter):
        collector.tag(f"image:{self.pk}")
        return original_rendition(self, filter)

    def get_renditions(self, *filters):
        collector.tag(f"image:{self.pk}")
        return original_renditions(self, *filters)

    AbstractImage.get_rendition = get_rendition
    AbstractImage.get_renditions = get_renditions

    original_document_url = AbstractDocument.url

    def document_url(self):
        collector.tag(f"document:{self.pk}")
        return original_document_url.fget(self)

    AbstractDocument.url = property(document_url)


def serving_page(page, request) -> None:
    """Called for every Wagtail page served (see wagtail_hooks)."""
    from wagtail.models import Site

    if page.get_view_restrictions().exists():
        collector.never("view restriction")
        return
    collector.cacheable()
    collector.tag(f"page:{page.pk}")
    site = Site.find_for_request(request)
    if site is not None:
        collector.tag(f"site:{site.pk}")


# Declarations of lists --------------------------------------------------------------------

def articles_below(*pages) -> None:
    """This response lists live articles anywhere below these pages (a category's articles,
    a home page's newest): a new or moved article there must purge it."""
    collector.tag(*(f"articles-below:{p.pk if hasattr(p, 'pk') else p}" for p in pages))


def children_of(parent, model) -> None:
    """This response lists live children of `parent` of type `model`."""
    parent_id = parent.pk if hasattr(parent, "pk") else parent
    collector.tag(f"children:{parent_id}:{model._meta.label_lower}")
