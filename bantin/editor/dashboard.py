"""The admin's home page for a unit's officials: what waits for them first, then big buttons
for the daily jobs, then this week's visits. Everything is narrowed to the user's units
(`units.access`) and costs a handful of queries (counts, no lists).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.images.permissions import permission_policy as images_policy
from wagtail.models import TaskState

from bantin.core import text
from bantin.units import access


@dataclass(frozen=True)
class Waiting:
    label: str
    count: int
    url: str
    action: str


@dataclass(frozen=True)
class Job:
    label: str
    hint: str
    url: str
    icon: str


def _url(name: str, *args, query: str = "") -> str | None:
    try:
        return reverse(name, args=args) + (f"?{query}" if query else "")
    except NoReverseMatch:
        return None


def waiting_for(user) -> list[Waiting]:
    """What waits for this user's decision, most urgent first; only kinds they may decide."""
    from bantin.interaction.models import Comment, Opinion
    from bantin.questions.models import Question

    items = []
    reviews = TaskState.objects.reviewable_by(user).count()
    if reviews:
        items.append(Waiting("Bài viết, nội dung chờ bạn duyệt", reviews,
                             "#awaiting-review-section", "Duyệt ngay"))
    queues = [
        (Comment, {"status": Comment.PENDING}, "Bình luận chờ duyệt", "Duyệt bình luận",
         "status=pending"),
        (Opinion, {"status": Opinion.PENDING}, "Góp ý dự thảo chờ duyệt", "Duyệt góp ý",
         "status=pending"),
        (Question, {"status__in": Question.OPEN}, "Câu hỏi của người dân chưa trả lời",
         "Trả lời", ""),
    ]
    for model, where, label, action, query in queues:
        meta = model._meta
        if not user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
            continue
        count = access.scope(model.objects.filter(**where), user).count()
        url = _url(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:list", query=query)
        if count and url:
            items.append(Waiting(label, count, url, action))
    return items


def jobs_for(user) -> list[Job]:
    """The daily jobs this user may do, as big buttons."""
    jobs = []
    from .views import categories_for

    category = next(iter(categories_for(user, limit=20)), None)
    if category is not None:
        jobs.append(Job("Viết bài mới", f"Vào chuyên mục «{category.title}»",
                        reverse("wagtailadmin_pages:add",
                                args=("news", "articlepage", category.pk)), "edit"))
        jobs.append(Job("Tạo bài từ tệp Word", "Tải tệp .docx lên, hệ thống tạo bản nháp",
                        reverse("editor_word_import"), "doc-full"))
    if images_policy.user_has_permission(user, "add"):
        jobs.append(Job("Tải ảnh lên", "Ảnh điện thoại được tự xoay và thu nhỏ",
                        reverse("wagtailimages:add_multiple"), "image"))
    optional = [
        ("laws.add_legaldocument", "Đăng văn bản", "Văn bản pháp quy, quyết định, thông báo",
         "wagtailsnippets_laws_legaldocument:add", "doc-full-inverse", ""),
        ("questions.change_question", "Trả lời câu hỏi", "Hỏi đáp của người dân",
         "wagtailsnippets_questions_question:list", "help", ""),
        ("interaction.change_comment", "Duyệt bình luận", "Bình luận của bạn đọc",
         "wagtailsnippets_interaction_comment:list", "comment", "status=pending"),
        ("broadcast.add_schedule", "Lập lịch phát thanh", "Lịch phát cho các cụm loa",
         "wagtailsnippets_broadcast_schedule:add", "date", ""),
    ]
    for permission, label, hint, url_name, icon, query in optional:
        url = _url(url_name, query=query)
        if url and user.has_perm(permission):
            jobs.append(Job(label, hint, url, icon))
    return jobs


def week_visits(user, today: dt.date | None = None) -> dict:
    """Visits since Monday on the user's sites (at most ten shown, busiest first)."""
    from bantin.audience.models import SiteDailyVisits

    today = today or timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    rows = SiteDailyVisits.objects.filter(day__gte=monday, day__lte=today)
    user_scope = access.scope_of(user)
    if not user_scope.everything:
        rows = rows.filter(site_id__in=user_scope.site_ids)
    per_site = list(rows.values("site__site_name").annotate(total=Sum("visits"))
                    .order_by("-total", "site__site_name")[:11])
    total = sum(row["total"] for row in per_site)
    return {
        "since": text.date_short(monday), "total": text.format_number(total),
        "sites": [(row["site__site_name"], text.format_number(row["total"]))
                  for row in per_site[:10]],
        "more": len(per_site) > 10,
    }


class UnitDashboardPanel(Component):
    """Shown above Wagtail's own panels (which list the items waiting, in detail)."""

    name = "unit_dashboard"
    template_name = "editor/dashboard.html"
    order = 50

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        return {
            "waiting": waiting_for(user),
            "jobs": jobs_for(user),
            "visits": week_visits(user),
        }
