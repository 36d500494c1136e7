import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from bantin.units import access
from bantin.units.access import UnitScopedViewSetMixin

from . import (
    comments,
    log_actions,  # noqa: F401 -- registers the app's history actions
    opinions,
)
from .models import Comment, ContactMessage, Opinion


def can_moderate(user, obj) -> bool:
    meta = obj._meta
    return (user.has_perm(f"{meta.app_label}.change_{meta.model_name}")
            and access.can_manage(user, obj))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class SafeExportIndexView(IndexView):
    """CSV exports whose cells cannot run as spreadsheet formulas: text a citizen typed
    that starts like one is written with a leading apostrophe (XLSX cells are already
    written as text by Wagtail)."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str) \
                and value.startswith(FORMULA_STARTS):
            return "'" + value
        return value


class ModerationIndexView(SafeExportIndexView):
    """The moderation queue: pending first, then (comments) those readers reported, then
    the rest, newest first within each (unless the moderator sorts by a column)."""

    moderate_url_name = ""

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered:
            return super().order_queryset(queryset)
        reported = ([When(report_count__gt=0, then=Value(1))]
                    if hasattr(queryset.model, "report_count") else [])
        return queryset.annotate(queue_rank=Case(
            When(status=Comment.PENDING, then=Value(0)), *reported,
            default=Value(2), output_field=IntegerField(),
        )).order_by("queue_rank", "-created_at", "-pk")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if can_moderate(self.request.user, instance):
            url = reverse(self.moderate_url_name, args=[instance.pk])
            if instance.status != Comment.APPROVED or getattr(instance, "report_count", 0):
                buttons.insert(0, MenuItem("Duyệt", f"{url}?thao-tac=duyet",
                                           icon_name="check", priority=5))
            if instance.status != Comment.REJECTED:
                buttons.insert(1, MenuItem("Từ chối", f"{url}?thao-tac=tu-choi",
                                           icon_name="cross", priority=6))
        return buttons


def _status_column(waiting: str) -> StatusTagColumn:
    """The status, highlighted while it still waits for someone of the unit."""
    return StatusTagColumn("status", label="Trạng thái", accessor="get_status_display",
                           primary=lambda obj: obj.status == waiting)


def _reports(comment):
    return comment.report_count or ""


class ModeratedViewSet(UnitScopedViewSetMixin, SnippetViewSet):
    """A unit-scoped queue of things the public sent, each approved or rejected by a
    moderator of its unit (`decide`), on a confirmation page and in bulk."""

    index_view_class = ModerationIndexView
    list_filter = ["status"]
    noun = ""
    moderate_template = ""

    @staticmethod
    def decide(obj, status, user) -> bool:
        raise NotImplementedError

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            moderate_url_name=self.get_url_name("moderate"), **kwargs)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(),
                path("kiem-duyet/<int:pk>/", self.moderate_view, name="moderate")]

    def moderate_view(self, request, pk):
        """Approve or reject one item: a confirmation page, then a POST."""
        obj = get_object_or_404(self.get_queryset(request), pk=pk)
        if not can_moderate(request.user, obj):
            raise PermissionDenied
        action = request.POST.get("thao-tac") or request.GET.get("thao-tac", "")
        status = {"duyet": Comment.APPROVED, "tu-choi": Comment.REJECTED}.get(action)
        if request.method == "POST" and status:
            self.decide(obj, status, request.user)
            verb = "duyệt" if status == Comment.APPROVED else "từ chối"
            messages.success(request, f"Đã {verb} {self.noun} của «{obj.name}».")
            return redirect(self.get_url_name("list"))
        return render(request, self.moderate_template, {
            "obj": obj, "noun": self.noun, "icon": self.icon,
            "action": action if status else "",
            "edit_url": reverse(self.get_url_name("edit"), args=[obj.pk]),
            "history_url": reverse(self.get_url_name("history"), args=[obj.pk]),
            "list_url": reverse(self.get_url_name("list")),
        })


class CommentViewSet(ModeratedViewSet):
    model = Comment
    icon = "comment"
    menu_label = "Bình luận"
    add_to_admin_menu = True
    menu_order = 320
    noun = "bình luận"
    moderate_template = "interaction/admin/moderate.html"
    decide = staticmethod(comments.decide)
    list_display = [
        "name",
        Column("text", label="Nội dung", accessor="text"),
        "page",
        _status_column(Comment.PENDING),
        Column("report_count", label="Bị báo cáo", accessor=_reports),
        "created_at",
    ]
    search_fields = ["name", "text"]


def _own_drafts(request):
    """The listing filter's drafts: those of the user's own units."""
    from bantin.laws.models import LegalDocument

    if request is None:
        return LegalDocument.objects.none()
    return access.scope(LegalDocument.objects.filter(comment_opens_at__isnull=False),
                        request.user)


class OpinionFilterSet(WagtailFilterSet):
    document = django_filters.ModelChoiceFilter(label="Dự thảo", queryset=_own_drafts)

    class Meta:
        model = Opinion
        fields = ["status", "document"]


class OpinionViewSet(ModeratedViewSet):
    """Opinions on drafts: the queue, and the export a unit compiles its report from
    (every opinion of the listing, with its status, as CSV or XLSX)."""

    model = Opinion
    icon = "doc-full"
    menu_label = "Góp ý dự thảo"
    add_to_admin_menu = True
    menu_order = 321
    noun = "góp ý"
    moderate_template = "interaction/admin/moderate_opinion.html"
    decide = staticmethod(opinions.decide)
    list_display = [
        "name",
        Column("text", label="Nội dung", accessor="text"),
        "document",
        "provision",
        _status_column(Opinion.PENDING),
        "created_at",
    ]
    filterset_class = OpinionFilterSet
    search_fields = ["name", "organisation", "text"]
    list_export = ["document", "provision", "name", "organisation", "email", "text",
                   "get_status_display", "created_at"]
    export_headings = {
        "document": "Dự thảo", "provision": "Điều, khoản", "name": "Họ tên",
        "organisation": "Cơ quan, tổ chức", "email": "Thư điện tử", "text": "Nội dung góp ý",
        "get_status_display": "Trạng thái", "created_at": "Gửi lúc",
    }
    export_filename = "gop-y-du-thao"


class ContactMessageViewSet(UnitScopedViewSetMixin, SnippetViewSet):
    """Messages sent with a unit's contact form: read, marked handled with a note."""

    model = ContactMessage
    icon = "mail"
    menu_label = "Thư liên hệ"
    add_to_admin_menu = True
    menu_order = 322
    inspect_view_enabled = True
    list_display = [
        "subject", "name", "department_name",
        _status_column(ContactMessage.NEW),
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["name", "subject", "text"]
    inspect_view_fields = ["department_name", "recipient", "name", "email", "phone",
                           "subject", "text", "status", "note", "created_at",
                           "forwarded_at"]
    index_view_class = SafeExportIndexView
    list_export = ["created_at", "department_name", "name", "email", "phone", "subject",
                   "text", "get_status_display", "note"]
    export_headings = {"get_status_display": "Trạng thái"}
    export_filename = "thu-lien-he"


class _DecideBulkAction(SnippetBulkAction):
    models = [Comment]
    template_name = "interaction/admin/bulk_decide.html"
    status = ""
    verb = ""
    noun = "bình luận"
    decide = staticmethod(comments.decide)

    def _scoped(self, objects):
        return [obj for obj in objects if access.can_manage(self.request.user, obj)]

    def get_all_objects_in_listing_query(self, parent_id):
        return access.scope(self.models[0].objects.all(), self.request.user).values_list(
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
        changed = sum(cls.decide(obj, cls.status, user) for obj in objects)
        return changed, 0

    def get_execution_context(self):
        return {"user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "verb": self.verb, "noun": self.noun}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"Đã {self.verb} {num_parent_objects} {self.noun}."


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


class ApproveOpinionsBulkAction(ApproveBulkAction):
    models = [Opinion]
    action_type = "approve_opinions"
    aria_label = "Duyệt các góp ý đã chọn"
    noun = "góp ý"
    decide = staticmethod(opinions.decide)


class RejectOpinionsBulkAction(RejectBulkAction):
    models = [Opinion]
    action_type = "reject_opinions"
    aria_label = "Từ chối các góp ý đã chọn"
    noun = "góp ý"
    decide = staticmethod(opinions.decide)


for _action in (ApproveBulkAction, RejectBulkAction, ApproveOpinionsBulkAction,
                RejectOpinionsBulkAction):
    hooks.register("register_bulk_action", _action)



access.owned_by_page(Comment)
access.owned_by_site(Opinion, "document__site")
access.owned_by_site(ContactMessage)
register_snippet(CommentViewSet)
register_snippet(OpinionViewSet)
register_snippet(ContactMessageViewSet)
