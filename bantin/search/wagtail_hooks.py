from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem

from .admin_views import query_report_view


@hooks.register("register_admin_urls")
def register_query_report_url():
    return [path("tim-kiem/tu-khoa/", query_report_view, name="search_queries")]


@hooks.register("register_reports_menu_item")
def register_query_report_menu_item():
    return AdminOnlyMenuItem("Từ khóa tìm kiếm", reverse("search_queries"), icon_name="search",
                             order=900)
