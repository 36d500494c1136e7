from django import template
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from wagtail.models import Site

from bantin.core import content_cache
from bantin.news.models import Banner
from bantin.pagecache import collector

register = template.Library()


@register.simple_tag(takes_context=True)
def banners(context, position: str = "sidebar"):
    """The site's banners in one position, as HTML kept under the tree's content version
    for each set of banners visible at some time (a banner's dates pick the set)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return ""
    collector.tag(f"banners:{site.pk}")

    def build():
        items = []
        for b in Banner.objects.filter(site=site, position=position, active=True).select_related(
            "image"
        ):
            image = None
            if b.image is not None:
                r = b.image.get_rendition("max-600x200|format-webp")
                image = {"url": r.url, "width": r.width, "height": r.height}
            items.append({
                "title": b.title, "image": image,
                "href": reverse("news:banner", args=[b.pk]),
                "ends_at": b.ends_at, "starts_at": b.starts_at,
            })
        return items

    # Kept under the tree's content version, which a saved or deleted banner moves on.
    items = content_cache.get_or_build(f"banners:{site.pk}:{position}", build)
    now = timezone.now()
    # A stored page showing these banners lasts until the next start or end date.
    collector.expire_at(min(
        (when for b in items for when in (b["starts_at"], b["ends_at"])
         if when is not None and when > now),
        default=None,
    ))
    # Dates are checked on the way out, so a cached list never shows an expired banner.
    shown = [
        i for i, b in enumerate(items)
        if (b["starts_at"] is None or b["starts_at"] <= now)
        and (b["ends_at"] is None or b["ends_at"] > now)
    ]
    if not shown:
        return ""
    html = content_cache.get_or_build(
        f"banners-html:{site.pk}:{position}:{','.join(map(str, shown))}",
        lambda: render_to_string("news/banners.html", {
            "banners": [items[i] for i in shown], "position": position,
        }),
    )
    return mark_safe(html)  # noqa: S308 -- the template's own output, escaped when built


@receiver(post_save, sender=Banner)
@receiver(post_delete, sender=Banner)
def _forget(sender, instance, **kwargs):
    content_cache.tree.bump()
