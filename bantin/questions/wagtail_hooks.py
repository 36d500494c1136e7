"""Admin "Hỏi đáp": the unit's queue of questions, editing (assign, answer, tidy the
text before publishing), and the steps publish / unpublish / reject. Unit-scoped like the
comments: staff of unit A never see unit B's questions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from bantin.core import protected
from bantin.units import access
from bantin.units.access import UnitPermissionPolicy, UnitScopedViewSetMixin

from . import (
    handling,
    log_actions,  # noqa: F401 -- registers the app's history actions
)
from .models import Question

CHANGE, PUBLISH = "questions.change_question", "questions.publish_question"
ACTIONS = {"cong-khai": "publish", "thoi-cong-khai": "unpublish", "tu-choi": "reject"}


def can(user, question, permission: str) -> bool:
    return user.has_perm(permission) and access.can_manage(user, question)


class QuestionPermissionPolicy(UnitPermissionPolicy):
    """Questions come only from the public form: nobody adds one in the admin."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [a for a in actions if a != "add"])


class QuestionIndexView(IndexView):
    """The queue: new questions first, then those being handled, then answered ones
    waiting for publication, then the rest; newest first within each."""

    act_url_name = ""

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered:
            return super().order_queryset(queryset)
        return queryset.annotate(queue_rank=Case(
            When(status=Question.NEW, then=Value(0)),
            When(status=Question.IN_PROGRESS, then=Value(1)),
            When(status=Question.ANSWERED, then=Value(2)),
            default=Value(3), output_field=IntegerField(),
        )).order_by("queue_rank", "-created_at", "-pk")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        url = reverse(self.act_url_name, args=[instance.pk])
        user = self.request.user
        if can(user, instance, PUBLISH):
            if instance.status == Question.ANSWERED:
                buttons.insert(0, MenuItem("Công khai", f"{url}?thao-tac=cong-khai",
                                           icon_name="view", priority=5))
            if instance.status == Question.PUBLISHED:
                buttons.insert(0, MenuItem("Thôi công khai", f"{url}?thao-tac=thoi-cong-khai",
                                           icon_name="no-view", priority=5))
        if can(user, instance, CHANGE) and instance.status in Question.OPEN:
            buttons.insert(1, MenuItem("Không tiếp nhận", f"{url}?thao-tac=tu-choi",
                                       icon_name="cross", priority=6))
        return buttons


class QuestionEditView(EditView):
    """Saving keeps the status fields as stored (even when a revision is restored), then
    takes the steps the edit implies (assigned, answered)."""

    def save_instance(self):
        before = Question.objects.get(pk=self.object.pk)
        handling.keep_workflow_fields(self.form.instance)
        instance = super().save_instance()
        handling.after_edit(instance, before, self.request.user)
        return instance


def _assignee(question):
    user = question.assigned_to
    return (user.get_full_name() or user.get_username()) if user else ""


class QuestionViewSet(UnitScopedViewSetMixin, SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = "Hỏi đáp"
    add_to_admin_menu = True
    menu_order = 330
    index_view_class = QuestionIndexView
    edit_view_class = QuestionEditView
    list_display = [
        "title",
        Column("area", label="Lĩnh vực", accessor="area"),
        StatusTagColumn("status", label="Trạng thái", accessor="get_status_display",
                        primary=lambda q: q.status in Question.OPEN),
        Column("assigned_to", label="Người xử lý", accessor=_assignee),
        "site",
        "created_at",
    ]
    list_filter = ["status", "area"]
    search_fields = ["title", "text", "name"]
    inspect_view_enabled = True
    inspect_view_fields = ["title", "text", "area", "name", "email", "phone", "status",
                           "assigned_to", "answer", "answered_by", "answered_at",
                           "published_at", "reject_reason", "created_at", "site"]

    @cached_property
    def permission_policy(self):
        return QuestionPermissionPolicy(self.model)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(act_url_name=self.get_url_name("act"), **kwargs)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(),
                path("xu-ly/<int:pk>/", self.act_view, name="act"),
                path("tep-dinh-kem/<int:pk>/", self.attachment_view, name="attachment")]

    def act_view(self, request, pk):
        """Publish, unpublish or reject one question: a confirmation page, then a POST."""
        question = get_object_or_404(self.get_queryset(request), pk=pk)
        action = ACTIONS.get(request.POST.get("thao-tac") or request.GET.get("thao-tac", ""))
        needed = CHANGE if action == "reject" else PUBLISH
        if action is None:
            raise Http404
        if not can(request.user, question, needed):
            raise PermissionDenied
        problem = ""
        if request.method == "POST":
            try:
                if action == "reject":
                    handling.reject(question, request.POST.get("ly-do", ""), request.user)
                else:
                    getattr(handling, action)(question, request.user)
            except handling.NotAllowed as refused:
                problem = str(refused)
            else:
                done = {"publish": "công khai", "unpublish": "thôi công khai",
                        "reject": "không tiếp nhận"}[action]
                messages.success(request, f"Đã {done} câu hỏi «{question.title}».")
                return redirect(self.get_url_name("list"))
        return render(request, "questions/admin/act.html", {
            "question": question, "action": action, "problem": problem,
            "code": {v: k for k, v in ACTIONS.items()}[action],
            "edit_url": reverse(self.get_url_name("edit"), args=[question.pk]),
            "list_url": reverse(self.get_url_name("list")),
        }, status=400 if problem else 200)

    def attachment_view(self, request, pk):
        """The asker's attachment, for the staff of the question's unit only."""
        question = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("questions.view_question") or not question.attachment:
            raise Http404
        extension = question.attachment.name.rsplit(".", 1)[-1]
        return protected.serve(question.attachment, question.attachment_type, headers={
            "Content-Disposition": f'attachment; filename="cau-hoi-{question.pk}.{extension}"',
            "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store",
        })



access.owned_by_site(Question)
register_snippet(QuestionViewSet)
