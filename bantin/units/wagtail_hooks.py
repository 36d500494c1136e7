"""Admin hooks that keep each unit's staff inside their units (see `units.access`)."""

from django.db.models import Q
from django.urls import path, reverse
from wagtail import hooks
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.permissions import permission_policy as documents_policy
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.images.permissions import permission_policy as images_policy

from bantin.core.admin_menu import PermissionMenuItem
from bantin.core.sites import ancestor_paths, under

from . import access
from .admin_views import units_view


class CollectionScopedAPIMixin:
    """An admin API endpoint listing only the collections the user may choose from."""

    policy = None

    def get_queryset(self):
        return self.policy.instances_user_has_any_permission_for(
            self.request.user, ["choose", "change"]
        ).filter(pk__in=super().get_queryset().values("pk"))


class ScopedImagesAPI(CollectionScopedAPIMixin, ImagesAdminAPIViewSet):
    policy = images_policy


class ScopedDocumentsAPI(CollectionScopedAPIMixin, DocumentsAdminAPIViewSet):
    policy = documents_policy


@hooks.register("construct_admin_api", order=100)
def scope_admin_api(router):
    """The admin API lists images and documents of every collection; these replacements
    list only those of the collections the user may choose from."""
    router.register_endpoint("images", ScopedImagesAPI)
    router.register_endpoint("documents", ScopedDocumentsAPI)


@hooks.register("construct_page_chooser_queryset")
def pages_of_own_units(pages, request):
    user_scope = access.scope_of(request.user)
    if user_scope.everything:
        return pages
    # The unit's pages, and the pages above it the chooser passes through.
    ancestors = {a for root in user_scope.root_paths for a in ancestor_paths(root)}
    return pages.filter(under(user_scope.root_paths) | Q(path__in=ancestors))


@hooks.register("construct_reports_menu")
def hide_administrators_reports(request, menu_items):
    if access.scope_of(request.user).everything:
        return
    menu_items[:] = [item for item in menu_items
                     if item.name not in access.ADMINISTRATORS_ONLY_REPORTS]


@hooks.register("register_admin_urls")
def register_units_url():
    return [path("don-vi/", units_view, name="units_admin")]


@hooks.register("register_admin_menu_item")
def register_units_menu_item():
    return PermissionMenuItem("Đơn vị", reverse("units_admin"), icon_name="site", order=900,
                              permission="units.add_unit")
