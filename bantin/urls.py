"""Every URL: the admin's (under /quan-tri/), then the public site's (bantin.urls_public).

A public-pool process serves bantin.urls_public alone (bantin.core.pools).
"""

from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail.admin import urls as wagtailadmin_urls

from bantin import urls_public

urlpatterns = [
    path("quan-tri/reports/", include("bantin.security.urls")),
    # Second factor and account security (bantin.accounts), ahead of the admin's own URLs.
    # The passkey scripts' messages, with the Vietnamese that django-otp-webauthn lacks.
    path("quan-tri/xac-thuc/webauthn/jsi18n/", JavaScriptCatalog.as_view(
        packages=["django_otp_webauthn", "bantin.accounts"])),
    path("quan-tri/xac-thuc/webauthn/",
         include("django_otp_webauthn.urls", namespace="otp_webauthn")),
    path("quan-tri/xac-thuc/", include("bantin.accounts.urls")),
    path("quan-tri/", include(wagtailadmin_urls)),
    *urls_public.urlpatterns,
]

handler404 = urls_public.handler404
handler500 = urls_public.handler500
