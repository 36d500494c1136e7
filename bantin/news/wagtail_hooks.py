import datetime

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet

from bantin.core import text
from bantin.core.admin_i18n import yes_no_column
from bantin.units import access
from bantin.units.access import UnitScopedViewSetMixin

from . import admin_views, sharing
from .models import ArticlePage, ArticleShare, Banner


class BannerViewSet(UnitScopedViewSetMixin, SnippetViewSet):
    model = Banner
    icon = "link-external"
    menu_label = "Banner liên kết"
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["title", "position", "site", "starts_at", "ends_at",
                    yes_no_column(Banner, "active"),
                    Column("clicks", label="Lượt bấm")]
    filterset_class = access.unit_filterset(Banner, ["position", "site", "active"])
    search_fields = ["title", "url"]


access.owned_by_site(Banner)
register_snippet(BannerViewSet)


class SharePermissionPolicy(access.UnitPermissionPolicy):
    """Shares are started from the article (its "Chia sẻ tin" action) and decided with
    their own buttons, never typed into a generic form: no add or edit here."""

    def user_has_permission(self, user, action):
        if action in ("add", "change"):
            return False
        return super().user_has_permission(user, action)


class ShareIndexView(IndexView):
    decide_url_name: str | None = None
    article_url_name: str | None = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        user = self.request.user
        if sharing.can_decide(user, instance):
            buttons.insert(0, MenuItem(
                "Duyệt hoặc từ chối",
                reverse(self.decide_url_name, args=[instance.pk]), icon_name="check", priority=5,
            ))
        buttons.append(MenuItem(
            "Chia sẻ của bài viết", reverse(self.article_url_name, args=[instance.article_id]),
            icon_name="doc-full", priority=15,
        ))
        return buttons


class ShareInspectView(InspectView):
    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime):
            return text.date_line(value)
        return "—" if value is None or value == "" else value


class ArticleShareViewSet(UnitScopedViewSetMixin, SnippetViewSet):
    model = ArticleShare
    icon = "order"
    menu_label = "Chia sẻ tin"
    add_to_admin_menu = True
    menu_order = 310
    index_view_class = ShareIndexView
    inspect_view_class = ShareInspectView
    inspect_view_enabled = True
    inspect_view_fields = ["article", "direction", "source_label", "target_label", "status",
                           "note", "created_by", "created_at", "decided_by", "decided_at"]
    copy_view_enabled = False
    list_display = [
        "article", "direction", Column("source_label", label="Trang gửi"),
        Column("target_label", label="Trang nhận"), "status", "created_at", "decided_by",
    ]
    filterset_class = access.unit_filterset(ArticleShare, ["direction", "status", "site"])
    search_fields = ["article__title"]

    @property
    def permission_policy(self):
        return SharePermissionPolicy(self.model)

    def get_queryset(self, request):
        """Every share record this user may see; the one place that decides it.

        A share belongs to its `site`: the proposing unit for a proposal, the hub for
        a push.
        """
        return access.scope(ArticleShare.objects.select_related(
            "article", "site", "site__root_page", "target_site", "target_site__root_page",
            "decided_by",
        ), request.user)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            decide_url_name=self.get_url_name("decide"),
            article_url_name=self.get_url_name("article"), **kwargs,
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("bai/<int:page_id>/", self.article_view, name="article"),
            path("quyet-dinh/<int:pk>/", self.decide_view, name="decide"),
        ]

    def article_view(self, request, page_id):
        return admin_views.article_share_view(request, page_id, self)

    def decide_view(self, request, pk):
        return admin_views.decide_view(request, pk, self)


access.owned_by_site(ArticleShare)
share_viewset = ArticleShareViewSet()
register_snippet(share_viewset)


def _share_url(page) -> str:
    return reverse(share_viewset.get_url_name("article"), args=[page.pk])


class ShareMenuItem(ActionMenuItem):
    label = "Chia sẻ tin (cấp trên / đơn vị)"
    name = "action-share-news"
    icon_name = "order"

    def is_shown(self, context):
        page = context.get("page")
        return (context["view"] == "edit" and isinstance(page, ArticlePage) and page.live
                and super().is_shown(context))

    def get_url(self, context):
        return _share_url(context["page"])


@hooks.register("register_page_action_menu_item")
def register_share_menu_item():
    return ShareMenuItem(order=60)


@hooks.register("register_page_listing_more_buttons")
def share_listing_button(page, user, next_url=None):
    if page.live and issubclass(page.specific_class or object, ArticlePage):
        yield Button("Chia sẻ tin", url=_share_url(page), icon_name="order",
                     priority=45)
