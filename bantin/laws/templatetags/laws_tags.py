from django import template
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail.models import Site

from bantin.audience import counting
from bantin.core import request_cache
from bantin.laws.models import LegalDocument
from bantin.pagecache import collector

register = template.Library()

NEW_DOCUMENTS = 5
CACHE_SECONDS = 60


@request_cache.site_entry
def _keys(site_id: int) -> list[str]:
    return [_key(site_id)]


def _key(site_id: int) -> str:
    return f"laws:new-html:{site_id}"


def _render(documents: list[dict]) -> str:
    return render_to_string("laws/new_documents.html", {"documents": documents})


@register.simple_tag(takes_context=True)
def new_documents(context):
    """The "Văn bản mới" block, kept as HTML per site. Counts in it may be up to a minute
    old; a document saved or deleted drops it at once."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return mark_safe(_render([]))  # noqa: S308 -- the template's own output
    collector.tag(f"laws:{site.pk}", "laws")

    def build():
        docs = list(LegalDocument.newest(site, NEW_DOCUMENTS))
        collector.tag(*(f"law:{d.pk}" for d in docs))
        figures = counting.totals_many(
            (counting.LAW_VIEW, counting.LAW_DOWNLOAD), [d.pk for d in docs]
        )
        return _render([
            {
                "pk": d.pk,
                "number": d.number,
                "type": d.doc_type.name,
                "summary": d.summary,
                "url": d.get_absolute_url(),
                "views": figures[(counting.LAW_VIEW, d.pk)],
                "downloads": figures[(counting.LAW_DOWNLOAD, d.pk)],
            }
            for d in docs
        ])

    return mark_safe(collector.cached(  # noqa: S308 -- the template's own output
        request_cache.for_site(site.pk), _key(site.pk), build, CACHE_SECONDS
    ))


@receiver(post_save, sender=LegalDocument)
@receiver(post_delete, sender=LegalDocument)
def _forget(sender, instance, **kwargs):
    request_cache.forget(_key(instance.site_id))
