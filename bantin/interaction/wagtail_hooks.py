from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from bantin.units import access
from bantin.units.access import UnitScopedViewSetMixin

from . import comments
from .models import Comment


def can_moderate(user, comment) -> bool:
    return user.has_perm("interaction.change_comment") and access.can_manage(user, comment)


class CommentIndexView(IndexView):
    """The moderation queue: pending first, then comments readers reported, then the rest,
    newest first within each (unless the moderator sorts by a column)."""

    moderate_url_name = ""

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered:
            return super().order_queryset(queryset)
        return queryset.annotate(queue_rank=Case(
            When(status=Comment.PENDING, then=Value(0)),
            When(report_count__gt=0, then=Value(1)),
            default=Value(2), output_field=IntegerField(),
        )).order_by("queue_rank", "-created_at", "-pk")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if can_moderate(self.request.user, instance):
            url = reverse(self.moderate_url_name, args=[instance.pk])
            if instance.status != Comment.APPROVED or instance.report_count:
                buttons.insert(0, MenuItem("Duyệt", f"{url}?thao-tac=duyet",
                                           icon_name="check", priority=5))
            if instance.status != Comment.REJECTED:
                buttons.insert(1, MenuItem("Từ chối", f"{url}?thao-tac=tu-choi",
                                           icon_name="cross", priority=6))
        return buttons


def _reports(comment):
    return comment.report_count or ""


class CommentViewSet(UnitScopedViewSetMixin, SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = "Bình luận"
    add_to_admin_menu = True
    menu_order = 320
    index_view_class = CommentIndexView
    list_display = [
        "name",
        Column("text", label="Nội dung", accessor="text"),
        "page",
        StatusTagColumn("status", label="Trạng thái", accessor="get_status_display",
                        primary=lambda c: c.status == Comment.PENDING),
        Column("report_count", label="Bị báo cáo", accessor=_reports),
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["name", "text"]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            moderate_url_name=self.get_url_name("moderate"), **kwargs)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(),
                path("kiem-duyet/<int:pk>/", self.moderate_view, name="moderate")]

    def moderate_view(self, request, pk):
        """Approve or reject one comment: a confirmation page, then a POST."""
        comment = get_object_or_404(self.get_queryset(request), pk=pk)
        if not can_moderate(request.user, comment):
            raise PermissionDenied
        action = request.POST.get("thao-tac") or request.GET.get("thao-tac", "")
        status = {"duyet": Comment.APPROVED, "tu-choi": Comment.REJECTED}.get(action)
        if request.method == "POST" and status:
            comments.decide(comment, status, request.user)
            verb = "duyệt" if status == Comment.APPROVED else "từ chối"
            messages.success(request, f"Đã {verb} bình luận của «{comment.name}».")
            return redirect(self.get_url_name("list"))
        return render(request, "interaction/admin/moderate.html", {
            "comment": comment, "action": action if status else "",
            "edit_url": reverse(self.get_url_name("edit"), args=[comment.pk]),
            "history_url": reverse(self.get_url_name("history"), args=[comment.pk]),
            "list_url": reverse(self.get_url_name("list")),
        })


class _DecideBulkAction(SnippetBulkAction):
    models = [Comment]
    template_name = "interaction/admin/bulk_decide.html"
    status = ""
    verb = ""

    def _scoped(self, objects):
        return [obj for obj in objects if access.can_manage(self.request.user, obj)]

    def get_all_objects_in_listing_query(self, parent_id):
        return access.scope(Comment.objects.all(), self.request.user).values_list(
            "pk", flat=True)

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        # Objects of other units are dropped, not listed as "no permission".
        extra["items_with_no_access"] = self._scoped(extra["items_with_no_access"])
        return objects, extra

    def check_perm(self, obj):
        return can_moderate(self.request.user, obj)

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        changed = sum(comments.decide(obj, cls.status, user) for obj in objects)
        return changed, 0

    def get_execution_context(self):
        return {"user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "verb": self.verb}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"Đã {self.verb} {num_parent_objects} bình luận."


class ApproveBulkAction(_DecideBulkAction):
    display_name = "Duyệt"
    action_type = "approve_comments"
    aria_label = "Duyệt các bình luận đã chọn"
    action_priority = 10
    status = Comment.APPROVED
    verb = "duyệt"


class RejectBulkAction(_DecideBulkAction):
    display_name = "Từ chối"
    action_type = "reject_comments"
    aria_label = "Từ chối các bình luận đã chọn"
    action_priority = 20
    status = Comment.REJECTED
    verb = "từ chối"


hooks.register("register_bulk_action", ApproveBulkAction)
hooks.register("register_bulk_action", RejectBulkAction)


@hooks.register("register_log_actions")
def register_comment_actions(actions):
    actions.register_action(comments.APPROVE, "Duyệt bình luận", "Đã duyệt bình luận")
    actions.register_action(comments.REJECT, "Từ chối bình luận", "Đã từ chối bình luận")
    actions.register_action(comments.REPORT, "Báo cáo vi phạm",
                            "Bạn đọc báo cáo bình luận vi phạm")


access.owned_by_page(Comment)
register_snippet(CommentViewSet)
