from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.widgets import PageListingButton
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from bantin.units import access
from bantin.units.access import UnitScopedViewSetMixin

from . import exporting, results
from .models import Poll, SurveyPage

FORMATS = ("csv", "xlsx")


class PollIndexView(IndexView):
    results_url_name = ""

    def get_base_queryset(self):
        return super().get_base_queryset().annotate(vote_count=Count("votes"))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        url = reverse(self.results_url_name, args=[instance.pk])
        buttons.insert(0, MenuItem("Kết quả", url, icon_name="table", priority=5))
        return buttons


def _votes(poll):
    return getattr(poll, "vote_count", "")


class PollViewSet(UnitScopedViewSetMixin, SnippetViewSet):
    model = Poll
    icon = "tasks"
    menu_label = "Thăm dò ý kiến"
    add_to_admin_menu = True
    menu_order = 330
    index_view_class = PollIndexView
    list_display = [
        "question", "site",
        StatusTagColumn("state", label="Trạng thái", accessor="get_status_display",
                        primary=lambda p: p.state() == "open"),
        Column("vote_count", label="Số phiếu", accessor=_votes),
        "starts_at", "ends_at",
    ]
    list_filter = ["kind", "results_visibility"]
    search_fields = ["question"]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            results_url_name=self.get_url_name("results"), **kwargs)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(),
                path("ket-qua/<int:pk>/", self.results_view, name="results"),
                path("ket-qua/<int:pk>/<str:fmt>/", self.export_view, name="export")]

    def _scoped_poll(self, request, pk):
        poll = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.permission_policy.user_has_any_permission_for_instance(
                request.user, ["add", "change", "delete", "view"], poll):
            raise PermissionDenied
        return poll

    def results_view(self, request, pk):
        poll = self._scoped_poll(request, pk)
        return render(request, "polls/admin/poll_results.html", {
            "poll": poll, "results": results.poll_results(poll),
            "exports": [(fmt.upper(), reverse(self.get_url_name("export"), args=[pk, fmt]))
                        for fmt in FORMATS],
            "edit_url": reverse(self.get_url_name("edit"), args=[pk]),
            "list_url": reverse(self.get_url_name("list")),
        })

    def export_view(self, request, pk, fmt):
        if fmt not in FORMATS:
            raise Http404
        poll = self._scoped_poll(request, pk)
        return exporting.poll_export(poll, results.poll_results(poll), fmt)


access.owned_by_site(Poll)
register_snippet(PollViewSet)


# Surveys: the submissions and their export are Wagtail's (wagtailforms:list_submissions);
# the charts are one more admin view, per survey page.

def _survey_for(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, SurveyPage):
        raise Http404
    # The same right as for reading the submissions (a page of the user's own units).
    from wagtail.contrib.forms.utils import get_forms_for_user

    if not get_forms_for_user(request.user).filter(pk=page.pk).exists():
        raise PermissionDenied
    return page


def survey_results_view(request, page_id):
    page = _survey_for(request, page_id)
    total, questions = results.survey_results(page)
    return render(request, "polls/admin/survey_results.html", {
        "page": page, "responses": total, "questions": questions,
        "submissions_url": reverse("wagtailforms:list_submissions", args=[page.pk]),
        "exports": [(fmt.upper(), reverse("wagtailforms:list_submissions", args=[page.pk])
                     + f"?export={fmt}") for fmt in FORMATS],
    })


@hooks.register("register_admin_urls")
def survey_urls():
    return [path("khao-sat/<int:page_id>/ket-qua/", survey_results_view,
                 name="polls_survey_results")]


@hooks.register("register_page_listing_more_buttons")
def survey_buttons(page, user, next_url=None):
    if issubclass(page.specific_class or Page, SurveyPage):
        yield PageListingButton("Kết quả khảo sát",
                                reverse("polls_survey_results", args=[page.pk]), priority=45)
