from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from bantin.units import access
from bantin.units.access import UnitScopedViewSetMixin

from .models import Banner


class BannerViewSet(UnitScopedViewSetMixin, SnippetViewSet):
    model = Banner
    icon = "link-external"
    menu_label = "Banner liên kết"
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["title", "position", "site", "starts_at", "ends_at", "active",
                    Column("clicks", label="Lượt bấm")]
    filterset_class = access.unit_filterset(Banner, ["position", "site", "active"])
    search_fields = ["title", "url"]


access.owned_by_site(Banner)
register_snippet(BannerViewSet)
