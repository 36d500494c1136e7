from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Banner


class BannerViewSet(SnippetViewSet):
    model = Banner
    icon = "link-external"
    menu_label = "Banner liên kết"
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["title", "position", "site", "starts_at", "ends_at", "active",
                    Column("clicks", label="Lượt bấm")]
    list_filter = ["position", "site", "active"]
    search_fields = ["title", "url"]


register_snippet(BannerViewSet)
