from django import template
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from bantin.core import request_cache
from bantin.news.models import Banner
from bantin.pagecache import collector

register = template.Library()

CACHE_SECONDS = 60


def _key(site_id: int, position: str) -> str:
    return f"news:banners:{site_id}:{position}"


@request_cache.site_entry
def _keys(site_id: int) -> list[str]:
    return [_key(site_id, position) for position, _label in Banner.POSITIONS]


@register.inclusion_tag("news/banners.html", takes_context=True)
def banners(context, position: str = "sidebar"):
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"banners": [], "position": position}
    collector.tag(f"banners:{site.pk}")
    key = _key(site.pk, position)

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

    items = collector.cached(request_cache.for_site(site.pk), key, build, CACHE_SECONDS)
    now = timezone.now()
    # A stored page showing these banners lasts until the next start or end date.
    collector.expire_at(min(
        (when for b in items for when in (b["starts_at"], b["ends_at"])
         if when is not None and when > now),
        default=None,
    ))
    # Dates are checked on the way out, so a cached list never shows an expired banner.
    visible = [
        b for b in items
        if (b["starts_at"] is None or b["starts_at"] <= now)
        and (b["ends_at"] is None or b["ends_at"] > now)
    ]
    return {"banners": visible, "position": position}


@receiver(post_save, sender=Banner)
@receiver(post_delete, sender=Banner)
def _forget(sender, instance, **kwargs):
    request_cache.forget(*_keys(instance.site_id))
