from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from bantin.units import access
from bantin.units.access import UnitScopedViewSetMixin

from .models import Comment


class CommentViewSet(UnitScopedViewSetMixin, SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = "Bình luận"
    add_to_admin_menu = True
    menu_order = 320
    list_display = ["name", "page", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "text"]


access.owned_by_page(Comment)
register_snippet(CommentViewSet)
