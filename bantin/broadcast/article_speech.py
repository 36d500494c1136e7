""""Đọc trên loa": a news article becomes a broadcast programme read by the speech engine.

From the article in the page editor (one click in its action menu; or the header button
"Đọc trên loa", also in the page listing's "more" menu, which asks to confirm) a draft
programme of kind "article" is created for the station of the article's site (its first
active station by name), titled after the article; its audio (title, lead and body,
`speech.scripts.article_script`) is synthesised in the background by
`voicing.voice_programme` and attached to the programme, which then goes through approval
like any other.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import log

from bantin.units import access

from .models import Programme, Station

PERMISSION = "broadcast.add_programme"
URL_NAME = "broadcast_monitor:article_speech"


class ArticleSpeechError(Exception):
    """Why an article cannot be read on the loudspeakers (a message for staff)."""


def station_for(article) -> Station:
    """The station of the article's site: the first active one by name."""
    site = article.get_site()
    if site is None:
        raise ArticleSpeechError("Bài viết không thuộc trang của đơn vị nào.")
    stations = Station.objects.filter(site=site)
    station = stations.filter(active=True).order_by("name", "pk").first()
    if station is None:
        if stations.exists():
            raise ArticleSpeechError(
                f"Đài truyền thanh của {site.site_name or site.hostname} đang ngừng hoạt động.")
        raise ArticleSpeechError(
            f"{site.site_name or site.hostname} chưa có đài truyền thanh: tạo đài trong "
            "mục Truyền thanh › Đài truyền thanh trước.")
    return station


def check(user, article) -> Station:
    """The station the programme goes to; raises PermissionDenied or ArticleSpeechError."""
    if not user.has_perm(PERMISSION):
        raise PermissionDenied
    station = station_for(article)
    if not access.can_manage(user, station):
        raise PermissionDenied
    if not article.live:
        raise ArticleSpeechError("Bài viết chưa xuất bản: chỉ bài đã xuất bản mới đọc được "
                                 "trên loa.")
    return station


@transaction.atomic
def create_programme(user, article) -> Programme:
    station = check(user, article)
    programme = Programme.objects.create(
        station=station, title=article.title[:255], kind=Programme.ARTICLE, article=article)
    log(instance=programme, action="wagtail.create", user=user)
    # Saving an article programme queues `voicing.voice_programme` (see `apps.py`), which
    # reads the article's title, lead and body and attaches the audio.
    return programme


class ArticleSpeechView(TemplateView):
    """GET: what will happen (or why it cannot); POST: create the programme and go to it."""

    template_name = "broadcast/admin/article_speech.html"

    def article(self, page_id):
        from bantin.news.models import ArticlePage

        return get_object_or_404(ArticlePage, pk=page_id)

    def get(self, request, page_id):
        article = self.article(page_id)
        error, station = None, None
        try:
            station = check(request.user, article)
        except ArticleSpeechError as exc:
            error = str(exc)
        return self.render_to_response(self.get_context_data(
            article=article, station=station, error=error,
            edit_url=reverse("wagtailadmin_pages:edit", args=[article.pk])))

    def post(self, request, page_id):
        article = self.article(page_id)
        try:
            programme = create_programme(request.user, article)
        except ArticleSpeechError as exc:
            messages.error(request, str(exc))
            return redirect(reverse(URL_NAME, args=[article.pk]))
        messages.success(
            request, f"Đã tạo chương trình «{programme.title}» cho {programme.station.name}. "
                     "Âm thanh đang được tạo; gửi duyệt khi đã nghe lại.")
        return redirect(reverse("wagtailsnippets_broadcast_programme:edit",
                                args=[programme.pk]))


class ReadAloudButton(PageMenuItem):
    label = "Đọc trên loa"
    icon_name = "radio-full"
    url_name = URL_NAME

    def is_shown(self, user):
        return self.page.live and user.has_perm(PERMISSION)


def buttons(page, user, **kwargs):
    from bantin.news.models import ArticlePage

    if page.specific_class is not None and issubclass(page.specific_class, ArticlePage):
        yield ReadAloudButton(page=page, priority=80)


class ReadAloudActionMenuItem(ActionMenuItem):
    """"Đọc trên loa" in the article editor's action menu: one click posts to the view above
    (its `formaction`; the page form's CSRF token goes with it, its fields are ignored)."""

    label = "Đọc trên loa"
    name = "action-doc-tren-loa"
    icon_name = "radio-full"
    template_name = "broadcast/admin/read_aloud_action.html"

    def is_shown(self, context):
        from bantin.news.models import ArticlePage

        page = context.get("page")
        return (context.get("view") == "edit" and isinstance(page, ArticlePage) and page.live
                and context["request"].user.has_perm(PERMISSION))

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["action_url"] = reverse(URL_NAME, args=[parent_context["page"].pk])
        return context
