from django import template
from wagtail.models import Site

from bantin.audience import counting

register = template.Library()


@register.inclusion_tag("audience/visitor_stats.html", takes_context=True)
def visitor_stats(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return {"stats": counting.visitor_stats(site.pk) if site else None}
