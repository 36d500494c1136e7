"""Resolve the Wagtail site of a request from the cache instead of a query per request."""

from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from . import content_cache, site_paths

HEALTH_PATH = "/healthz"


def _lookup(hostname: str, port: int) -> Site | None:
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    # Load the root page now so the cached site carries it (serving needs it every time).
    site = Site.objects.select_related("root_page").get(pk=site.pk)
    # Routing starts from the specific root page: cache that, not a query per request.
    site.root_page = site.root_page.specific
    return site


class CachedSiteMiddleware:
    """Sets `request._wagtail_site`, which `Site.find_for_request` then returns as is.

    Entries live in the content cache, whose version changes when a site is saved or
    deleted and when any page is published, moved or deleted.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH:
            # The health check must answer (503) even when the database or cache is down:
            # the site lookup below needs both.
            return self.get_response(request)
        with site_paths.RequestScope():
            hostname = split_domain_port(request._get_raw_host())[0]
            port = request.get_port()
            request._wagtail_site = content_cache.get_or_build(
                f"site:{hostname}:{port}", lambda: _lookup(hostname, port)
            )
            return self.get_response(request)
