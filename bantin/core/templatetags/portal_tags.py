"""Template helpers shared by every site: identity, menus and Vietnamese formatting."""

from django import template
from django.core.cache import cache
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Site

from bantin.core import text
from bantin.core.models import Navigation, SiteIdentity

register = template.Library()

CACHE_SECONDS = 600


def _site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request is not None else None


def _identity_key(site_id: int) -> str:
    return f"core:identity:{site_id}"


def _menu_key(site_id: int) -> str:
    return f"core:menu:{site_id}"


@register.simple_tag(takes_context=True)
def site_identity(context):
    """The site's SiteIdentity, from the cache; saved settings replace the cached copy."""
    site = _site(context)
    if site is None:
        return SiteIdentity()
    key = _identity_key(site.pk)
    identity = cache.get(key)
    if identity is None:
        identity = SiteIdentity.for_site(site)
        if identity.logo_id:
            identity.logo  # noqa: B018 -- load the image now so the cached copy holds it
        cache.set(key, identity, CACHE_SECONDS)
    return identity


def _menu_entries(stream) -> list[dict]:
    entries = []
    for block in stream:
        value = block.value
        page = value.get("page")
        url = page.url if page else value.get("url")
        title = value.get("title") or (page.title if page else "")
        children = _menu_entries_from_items(value.get("children") or [])
        entries.append({"title": title, "url": url, "children": children})
    return entries


def _menu_entries_from_items(items) -> list[dict]:
    result = []
    for value in items:
        page = value.get("page")
        result.append({
            "title": value.get("title") or (page.title if page else ""),
            "url": page.url if page else value.get("url"),
        })
    return result


@register.simple_tag(takes_context=True)
def main_menu(context) -> list[dict]:
    site = _site(context)
    if site is None:
        return []
    key = _menu_key(site.pk)
    menu = cache.get(key)
    if menu is None:
        nav = Navigation.for_site(site)
        menu = {
            "main": _menu_entries(nav.main_menu),
            "footer": _menu_entries_from_items(b.value for b in nav.footer_links),
        }
        cache.set(key, menu, CACHE_SECONDS)
    return menu


@receiver(post_save, sender=SiteIdentity)
def _forget_identity(sender, instance, **kwargs):
    cache.delete(_identity_key(instance.site_id))


@receiver(post_save, sender=Navigation)
def _forget_menu(sender, instance, **kwargs):
    cache.delete(_menu_key(instance.site_id))


@register.filter
def vn_number(value) -> str:
    try:
        return text.format_number(int(value))
    except (TypeError, ValueError):
        return str(value)


@register.filter
def date_line(value) -> str:
    return text.date_line(value) if value else ""


@register.filter
def date_short(value) -> str:
    return text.date_short(value) if value else ""
