"""Template helpers shared by every site: identity, menus and Vietnamese formatting."""

from django import template
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Site

from bantin.core import content_cache, text
from bantin.core.models import Navigation, SiteIdentity
from bantin.pagecache import collector

register = template.Library()

def _site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request is not None else None


# Identity and menus are kept under the tree's content version (`core.content_cache`), in
# each process's memory once read: the menu holds page URLs, which the tree's version
# follows, and saving either moves that version on (see the receivers below).


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

    return content_cache.get_or_build(f"identity:{site.pk}", build)


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

    return content_cache.get_or_build(f"menu:{site.pk}", build)


@receiver(post_save, sender=SiteIdentity)
@receiver(post_delete, sender=SiteIdentity)
@receiver(post_save, sender=Navigation)
@receiver(post_delete, sender=Navigation)
def _site_settings_changed(sender, instance, created=False, **kwargs):
    # `for_site` creates a site's row, with its defaults, the first time it is read (while
    # building the very entry this would drop): only later saves change what is shown.
    if not created:
        content_cache.tree.bump()


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


def _origin(request) -> str:
    """"scheme:host" of the request, worked out once per request (`get_host()` checks the
    name against ALLOWED_HOSTS each time, and a page has a dozen fragments)."""
    origin = getattr(request, "_bantin_origin", None)
    if origin is None:
        origin = request._bantin_origin = f"{request.scheme}:{request.get_host()}"
    return origin


class _FragmentNode(template.Node):
    """HTML kept under the tree's content version (`core.content_cache`)."""

    def __init__(self, name: str, nodelist, vary=()):
        self.name = name
        self.nodelist = nodelist
        self.vary = vary

    def owner(self, context) -> str | None:
        raise NotImplementedError

    def render(self, context):
        request = context.get("request")
        owner = None if request is None or getattr(request, "is_preview", False) else (
            self.owner(context))
        if owner is None:
            return self.nodelist.render(context)
        varies = ":".join(str(v.resolve(context)) for v in self.vary)
        key = (f"fragment:{owner}:{self.name}:{_origin(request)}:"
               f"{translation.get_language()}:{varies}")
        html = content_cache.get_or_build(key, lambda: str(self.nodelist.render(context)))
        return mark_safe(html)  # noqa: S308 -- the template's own output, escaped when built


class PageFragmentNode(_FragmentNode):
    def owner(self, context):
        page = context.get("page")
        if page is None or page.pk is None or not page.live:
            return None
        return f"page:{page.pk}"


class SiteFragmentNode(_FragmentNode):
    def owner(self, context):
        site = _site(context)
        return None if site is None else f"site:{site.pk}"


def _fragment_tag(parser, token, node_class):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError(f'Usage: {{% {bits[0]} "name" [value ...] %}}')
    vary = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    return node_class(bits[1][1:-1], nodelist, vary)


@register.tag
def page_fragment(parser, token):
    """`{% page_fragment "name" [value ...] %}…{% endpage_fragment %}`: the enclosed HTML,
    kept under the tree's content version (`core.content_cache`) for this page, host,
    language and the values given (a page number, say: only values already validated, as
    each distinct value is an entry).

    Only for parts that depend on nothing but the live page and the tree around it (no
    counters, no user, no query string): any publish, unpublish, move or delete, and any
    image or document saved, moves the version on. Previews render afresh.
    """
    return _fragment_tag(parser, token, PageFragmentNode)


@register.tag
def site_fragment(parser, token):
    """`{% site_fragment "name" %}…{% endsite_fragment %}`: the same for parts that are
    alike on every page of a site (its identity, menus, footer): saving the site's identity,
    menus or banners moves the version on as well."""
    return _fragment_tag(parser, token, SiteFragmentNode)


# Height-to-width ratios (percent) of the video frames there is a CSS class for.
EMBED_RATIOS = (43, 56, 67, 75, 100, 125, 178)


@register.filter
def embed_ratio_class(embed) -> str:
    """The `ratio-<n>` class nearest a video's shape: wagtail.embeds would set the padding
    in a style attribute, which the public pages' CSP refuses (docs/security.md)."""
    ratio = (embed.ratio or 0.5625) * 100
    return f"ratio-{min(EMBED_RATIOS, key=lambda n: abs(n - ratio))}"
