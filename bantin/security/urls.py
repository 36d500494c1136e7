"""The site history report's addresses, served by the per-unit view (included before
Wagtail's admin URLs, so Wagtail's own view behind the same addresses is never reached)."""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access

from .views import UnitSiteHistoryView


def _admin_view(**initkwargs):
    return never_cache(require_admin_access(UnitSiteHistoryView.as_view(**initkwargs)))


urlpatterns = [
    path("site-history/", _admin_view(), name="unit_site_history"),
    path("site-history/results/", _admin_view(results_only=True),
         name="unit_site_history_results"),
]
