"""Template helpers shared by every site: identity, menus and Vietnamese formatting."""

from django import template
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Site

from bantin.core import content_cache, request_cache, text
from bantin.core.models import Navigation, SiteIdentity
from bantin.pagecache import collector

register = template.Library()

CACHE_SECONDS = 600


def _site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request is not None else None


def _identity_key(site_id: int) -> str:
    return f"core:identity:{site_id}"


def _menu_key(site_id: int) -> str:
    return f"core:menu:{site_id}"


@request_cache.site_entry
def _keys(site_id: int) -> list[str]:
    return [_identity_key(site_id), _menu_key(site_id)]


@register.simple_tag(takes_context=True)
def site_identity(context):
    """The site's SiteIdentity, from the cache; saved settings replace the cached copy."""
    site = _site(context)
    if site is None:
        return SiteIdentity()
    collector.tag(f"identity:{site.pk}")

    def build():
        identity = SiteIdentity.for_site(site)
        if identity.logo_id:
            collector.tag(f"image:{identity.logo_id}")
            identity.logo  # noqa: B018 -- load the image now so the cached copy holds it
        return identity

    return collector.cached(
        request_cache.for_site(site.pk), _identity_key(site.pk), build, CACHE_SECONDS
    )


def _menu_item(value, request) -> dict:
    page = value.get("page")
    return {
        "title": value.get("title") or (page.title if page else ""),
        # Relative to the current site, so the menu works on any host name or port.
        "url": page.get_url(request) if page else value.get("url"),
    }


def _menu_entries(stream, request) -> list[dict]:
    entries = []
    for block in stream:
        entry = _menu_item(block.value, request)
        entry["children"] = [_menu_item(v, request) for v in block.value.get("children") or []]
        entries.append(entry)
    return entries


@register.simple_tag(takes_context=True)
def main_menu(context) -> list[dict]:
    site = _site(context)
    if site is None:
        return []
    collector.tag(f"menu:{site.pk}")
    request = context.get("request")

    def build():
        nav = Navigation.for_site(site)
        return {
            "main": _menu_entries(nav.main_menu, request),
            "footer": [_menu_item(b.value, request) for b in nav.footer_links],
        }

    return collector.cached(
        request_cache.for_site(site.pk), _menu_key(site.pk), build, CACHE_SECONDS
    )


@receiver(post_save, sender=SiteIdentity)
def _forget_identity(sender, instance, **kwargs):
    request_cache.forget(_identity_key(instance.site_id))


@receiver(post_save, sender=Navigation)
def _forget_menu(sender, instance, **kwargs):
    request_cache.forget(_menu_key(instance.site_id))


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


class PageFragmentNode(template.Node):
    def __init__(self, name: str, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        page = context.get("page")
        if (request is None or page is None or page.pk is None or not page.live
                or getattr(request, "is_preview", False)):
            return self.nodelist.render(context)
        key = (f"fragment:{page.pk}:{self.name}:{request.scheme}:{request.get_host()}:"
               f"{translation.get_language()}")
        html = content_cache.get_or_build(key, lambda: str(self.nodelist.render(context)))
        return mark_safe(html)  # noqa: S308 -- the template's own output, escaped when built


@register.tag
def page_fragment(parser, token):
    """`{% page_fragment "name" %}…{% endpage_fragment %}`: the enclosed HTML, kept under
    the tree's content version (`core.content_cache`) for this page, host and language.

    Only for parts that depend on nothing but the live page and the tree around it (no
    counters, no user, no query string): any publish, unpublish, move or delete, and any
    image or document saved, moves the version on. Previews render afresh.
    """
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('Usage: {% page_fragment "name" %}')
    nodelist = parser.parse(("endpage_fragment",))
    parser.delete_first_token()
    return PageFragmentNode(bits[1][1:-1], nodelist)
