"""The site history report, per unit: unit staff see the entries of their units only
(pages under their roots, snippets, images, documents and settings of their sites);
administrators see everything and may narrow the report to one unit."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, Value
from wagtail.admin.filters import ContentTypeFilter
from wagtail.admin.views.reports.audit_logging import (
    LogEntriesView,
    SiteHistoryReportFilterSet,
)
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import Site

from bantin.units import access

from .audit import entries_for, log_model_key
from .models import LogEntryOwner


def _visible(user):
    return [entries_for(model, user) for model in log_action_registry.get_log_entry_models()]


def _content_types(request):
    if request is None:
        return ContentType.objects.none()
    ids = set()
    for entries in _visible(request.user):
        ids.update(entries.get_content_type_ids())
    return ContentType.objects.filter(pk__in=ids).order_by("model")


def _units(request):
    if request is None:
        return Site.objects.none()
    return access.managed_sites(request.user).filter(unit__isnull=False).order_by(
        "root_page__path")


class UnitSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    unit = django_filters.ModelChoiceFilter(label="Đơn vị", queryset=_units,
                                            method="filter_unit")
    object_type = ContentTypeFilter(label="Loại", method="filter_object_type",
                                    queryset=_content_types)

    def filter_unit(self, queryset, name, value):
        owned = LogEntryOwner.objects.filter(path__startswith=value.root_page.path,
                                             log_model=log_model_key(queryset.model))
        return queryset.filter(pk__in=owned.values("entry_id"))

    def get_action_choices(self):
        actions = set()
        for entries in _visible(self.request.user):
            actions.update(entries.get_actions())
        return [choice for choice in log_action_registry.get_choices() if choice[0] in actions]

    def get_users_queryset(self):
        ids = set()
        for entries in _visible(self.request.user):
            ids.update(entries.get_user_ids())
        user_model = get_user_model()
        return user_model.objects.filter(pk__in=ids).order_by(user_model.USERNAME_FIELD)

    class Meta(SiteHistoryReportFilterSet.Meta):
        pass


class UnitSiteHistoryView(LogEntriesView):
    filterset_class = UnitSiteHistoryFilterSet

    def get_filtered_queryset(self):
        # As Wagtail's, but each log model's entries come from `entries_for` (the user's
        # units) instead of `viewable_by_user` (every unit the user has a permission type in).
        self.log_models = list(log_action_registry.get_log_entry_models())
        queryset = None
        for index, log_model in enumerate(self.log_models):
            sub = (entries_for(log_model, self.request.user).values("pk", "timestamp")
                   .annotate(log_model_index=Value(index, output_field=IntegerField())))
            sub = self.filter_queryset(sub).order_by()
            queryset = sub if queryset is None else queryset.union(sub, all=True)
        return queryset.order_by("-timestamp")
