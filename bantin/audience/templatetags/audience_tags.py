from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail.models import Site

from bantin.audience import counting
from bantin.core import request_cache
from bantin.pagecache import collector

register = template.Library()


@request_cache.site_entry
def _keys(site_id: int) -> list[str]:
    return [_key(site_id)]


def _key(site_id: int) -> str:
    return f"audience:stats-html:{site_id}"


@register.simple_tag(takes_context=True)
def visitor_stats(context):
    """The visitor statistics block, kept as HTML per site for as long as its figures are
    (built from fresh figures, so what it shows is never older than that)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return ""
    html = collector.cached(
        request_cache.for_site(site.pk), _key(site.pk),
        lambda: render_to_string("audience/visitor_stats.html", {
            "stats": counting.visitor_stats(site.pk, use_cache=False),
        }),
        counting.STATS_CACHE_SECONDS,
    )
    return mark_safe(html)  # noqa: S308 -- the template's own output, escaped when built
