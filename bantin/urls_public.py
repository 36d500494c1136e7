"""The public site's URLs: what a public-pool process serves (bantin.core.pools).

bantin.urls adds the admin's (under /quan-tri/) in front of these.
"""

from django.conf import settings
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.http import Http404
from django.urls import include, path
from django.views.static import serve as serve_media
from wagtail import urls as wagtail_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from bantin.core import views as core_views
from bantin.core.protected import is_protected

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("tai-lieu/", include(wagtaildocs_urls)),
    path("api/audience/", include("bantin.audience.urls")),
    path("api/session/", include("bantin.core.urls")),
    path("api/devices/v1/", include("bantin.broadcast.device_urls")),
    path("van-ban/", include("bantin.laws.urls")),
    path("lien-ket/", include("bantin.news.urls")),
    path("", include("bantin.interaction.urls")),
    path("tham-do/", include("bantin.polls.urls")),
    path("hoi-dap/", include("bantin.questions.urls")),
    path("sitemap.xml", sitemap),
    path("", include("bantin.search.urls")),
]


def serve_public_media(request, path):
    """/media/ as nginx serves it: everything but the protected folders (documents and
    broadcast audio), which only their views hand out."""
    if is_protected(path):
        raise Http404
    return serve_media(request, path, document_root=settings.MEDIA_ROOT)


if settings.DEBUG or getattr(settings, "BANTIN_SERVE_MEDIA", False):
    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += [
        path("media/<path:path>", serve_public_media),
    ]

# Wagtail's pages last: they answer every path nothing above claimed.
urlpatterns += [path("", include(wagtail_urls))]

handler404 = "bantin.core.views.not_found"
handler500 = "bantin.core.views.server_error"
