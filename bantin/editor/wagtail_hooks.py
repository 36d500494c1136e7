from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import page_permission_policy

from .dashboard import UnitDashboardPanel
from .views import word_import_view


@hooks.register("construct_homepage_panels")
def add_unit_dashboard(request, panels):
    panels.insert(0, UnitDashboardPanel())


@hooks.register("register_admin_urls")
def register_word_import_url():
    return [path("tao-bai-tu-word/", word_import_view, name="editor_word_import")]


class WordImportMenuItem(MenuItem):
    def is_shown(self, request):
        # Wagtail caches the user's page permissions for the request: no query of its own.
        return page_permission_policy.user_has_permission(request.user, "add")


@hooks.register("register_admin_menu_item")
def register_word_import_menu_item():
    return WordImportMenuItem("Tạo bài từ tệp Word", reverse("editor_word_import"),
                              icon_name="doc-full", order=110)
