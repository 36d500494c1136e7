from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from bantin.core.admin_i18n import yes_no_column
from bantin.units import access
from bantin.units.access import UnitScopedViewSetMixin

from . import (
    admin_views,
    approval,
    article_speech,
    emergency,
    forms,
    log_actions,  # noqa: F401 -- registers the app's history actions
)
from .models import (
    Alert,
    Cluster,
    ClusterGroup,
    Command,
    DeviceState,
    EmergencyMessage,
    Playlist,
    PlayLog,
    Programme,
    Schedule,
    Station,
)


class ControlIndexView(IndexView):
    control_url_name: str | None = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.insert(0, MenuItem("Điều khiển", reverse(self.control_url_name,
                                                         args=[instance.pk]),
                                   icon_name="cogs", priority=5))
        return buttons


class ControlViewSetMixin:
    """Adds the live control page (stop, volume, power on/off, sync) of a cluster or group.
    Editors and moderators of the unit may use it (emergencies: moderators only)."""

    index_view_class = ControlIndexView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            control_url_name=self.get_url_name("control"), **kwargs)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(),
                path("dieu-khien/<int:pk>/", self.control_view, name="control")]

    def control_clusters(self, obj) -> list[Cluster]:
        raise NotImplementedError

    def control_view(self, request, pk):
        obj = get_object_or_404(self.get_queryset(request), pk=pk)
        if not emergency.can_control(request.user, obj):
            raise PermissionDenied
        clusters = self.control_clusters(obj)
        form = forms.ControlForm(request.POST or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            try:
                issued = emergency.control(clusters, form.cleaned_data["kind"], request.user,
                                           volume=form.cleaned_data.get("volume"), target=obj)
                label = dict(Command.KINDS)[form.cleaned_data["kind"]]
                messages.success(request, f"Đã gửi lệnh «{label}» tới {len(issued)} cụm loa.")
                return redirect(self.get_url_name("control"), pk=obj.pk)
            except ValidationError as exc:
                errors.extend(exc.messages)
        recent = (Command.objects.filter(cluster__in=clusters, emergency__isnull=True)
                  .select_related("cluster", "created_by").order_by("-created_at", "-pk")[:20])
        return render(request, "broadcast/admin/control.html", {
            "object": obj, "form": form, "errors": errors, "recent": recent,
            "active_count": sum(1 for c in clusters if c.active),
            "model_name": self.model._meta.verbose_name,
        })


class StationViewSet(UnitScopedViewSetMixin, SnippetViewSet):
    model = Station
    icon = "radio-full"
    menu_label = "Đài truyền thanh"
    list_display = ["name", "site", yes_no_column(Station, "active")]
    filterset_class = access.unit_filterset(Station, ["site", "active"])
    search_fields = ["name"]
    search_backend_name = None
    edit_handler = ObjectList(Station.panels, base_form_class=forms.BroadcastForm)


class ClusterViewSet(ControlViewSetMixin, UnitScopedViewSetMixin, SnippetViewSet):
    model = Cluster
    icon = "site"
    menu_label = "Cụm loa"
    list_display = ["name", "village", "station", "device_id", yes_no_column(Cluster, "active")]
    list_filter = ["active"]
    search_fields = ["name", "village", "device_id"]
    search_backend_name = None
    edit_handler = ObjectList([
        FieldPanel("station"), FieldPanel("name"), FieldPanel("village"),
        FieldPanel("latitude"), FieldPanel("longitude"), FieldPanel("device_id"),
        FieldPanel("new_secret"), FieldPanel("active"),
    ], base_form_class=forms.ClusterForm)

    def control_clusters(self, obj):
        return [obj]


class ClusterGroupViewSet(ControlViewSetMixin, UnitScopedViewSetMixin, SnippetViewSet):
    model = ClusterGroup
    icon = "group"
    menu_label = "Nhóm cụm loa"
    list_display = ["name", "station"]
    search_fields = ["name"]
    search_backend_name = None
    edit_handler = ObjectList(ClusterGroup.panels, base_form_class=forms.ClusterGroupForm)

    def control_clusters(self, obj):
        return list(obj.clusters.select_related("station").order_by("pk"))


class ApprovalIndexView(IndexView):
    approval_url_name: str | None = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.insert(0, MenuItem("Gửi duyệt / duyệt", reverse(self.approval_url_name,
                                                                 args=[instance.pk]),
                                   icon_name="check", priority=5))
        return buttons


class ApprovalViewSetMixin:
    """Adds the approval page (submit, approve, reject) of a programme or schedule."""

    index_view_class = ApprovalIndexView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            approval_url_name=self.get_url_name("approval"), **kwargs)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(),
                path("duyet/<int:pk>/", self.approval_view, name="approval")]

    def approval_view(self, request, pk):
        obj = get_object_or_404(self.get_queryset(request), pk=pk)
        if not approval.can_edit(request.user, obj):
            raise PermissionDenied
        errors = []
        if request.method == "POST":
            action = request.POST.get("action")
            note = request.POST.get("note", "").strip()
            try:
                if action == "submit":
                    approval.submit(obj, request.user)
                    messages.success(request, f"Đã gửi duyệt «{obj}».")
                elif action == "approve":
                    approval.approve(obj, request.user, note)
                    messages.success(request, f"Đã duyệt «{obj}».")
                elif action == "reject":
                    approval.reject(obj, request.user, note)
                    messages.success(request, f"Đã từ chối «{obj}».")
                else:
                    raise ValidationError("Thao tác không hợp lệ.")
                return redirect(self.get_url_name("list"))
            except ValidationError as exc:
                errors.extend(exc.messages)
        return render(request, "broadcast/admin/approval.html", {
            "object": obj, "errors": errors, "model_name": self.model._meta.verbose_name,
            "can_decide": approval.can_decide(request.user, obj),
            "edit_url": reverse(self.get_url_name("edit"), args=[obj.pk]),
        })


class ProgrammeViewSet(ApprovalViewSetMixin, UnitScopedViewSetMixin, SnippetViewSet):
    model = Programme
    icon = "media"
    menu_label = "Chương trình"
    list_display = ["title", "kind", "priority", "station", "approval", "duration_seconds"]
    list_filter = ["kind", "priority", "approval"]
    search_fields = ["title"]
    search_backend_name = None
    edit_handler = ObjectList(Programme.panels, base_form_class=forms.ProgrammeForm)


class PlaylistViewSet(UnitScopedViewSetMixin, SnippetViewSet):
    model = Playlist
    icon = "list-ol"
    menu_label = "Danh sách phát"
    list_display = ["title", "station"]
    search_fields = ["title"]
    search_backend_name = None
    edit_handler = ObjectList(Playlist.panels, base_form_class=forms.PlaylistForm)


class ScheduleViewSet(ApprovalViewSetMixin, UnitScopedViewSetMixin, SnippetViewSet):
    model = Schedule
    icon = "date"
    menu_label = "Lịch phát"
    list_display = ["name", "station", "repeat", "first_date", "last_date", "approval"]
    list_filter = ["repeat", "approval"]
    search_fields = ["name"]
    search_backend_name = None
    edit_handler = ObjectList(Schedule.panels, base_form_class=forms.ScheduleForm)


class EmergencyIndexView(IndexView):
    emergency_url_names: dict | None = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        name = self.emergency_url_names
        if instance.state == EmergencyMessage.DRAFT:
            buttons.insert(0, MenuItem("Gửi ngay", reverse(name["send"], args=[instance.pk]),
                                       icon_name="warning", priority=5))
        else:
            buttons.insert(0, MenuItem("Báo cáo", reverse(name["report"], args=[instance.pk]),
                                       icon_name="list-ul", priority=5))
        if instance.state == EmergencyMessage.SENT:
            buttons.insert(1, MenuItem("Dừng phát", reverse(name["cancel"], args=[instance.pk]),
                                       icon_name="cross", priority=6))
        return buttons


class EmergencyViewSet(UnitScopedViewSetMixin, SnippetViewSet):
    """Emergency messages: prepared by the unit's staff, sent ("Gửi ngay", after a page
    that says how many clusters will receive it) and stopped by its moderators, with a
    report per cluster."""

    model = EmergencyMessage
    icon = "warning"
    menu_label = "Tin khẩn cấp"
    index_view_class = EmergencyIndexView
    list_display = ["title", "station", "programme", "state", "sent_at"]
    list_filter = ["state"]
    search_fields = ["title"]
    search_backend_name = None
    edit_handler = ObjectList([
        FieldPanel("station"), FieldPanel("title"), FieldPanel("programme"),
        FieldPanel("to_all"), FieldPanel("stations"), FieldPanel("groups"),
        FieldPanel("clusters"), FieldPanel("repeat_count"), FieldPanel("repeat_gap_seconds"),
    ], base_form_class=forms.EmergencyForm)

    def get_index_view_kwargs(self, **kwargs):
        names = {n: self.get_url_name(n) for n in ("send", "cancel", "report")}
        return super().get_index_view_kwargs(emergency_url_names=names, **kwargs)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(),
                path("gui/<int:pk>/", self.send_view, name="send"),
                path("dung/<int:pk>/", self.cancel_view, name="cancel"),
                path("bao-cao/<int:pk>/", self.report_view, name="report")]

    def _message(self, request, pk):
        return get_object_or_404(self.get_queryset(request).select_related(
            "station__site__root_page", "programme"), pk=pk)

    def _act(self, request, pk, action, template, done_text):
        message = self._message(request, pk)
        allowed = emergency.can_send(request.user, message)
        errors = []
        if request.method == "POST":
            if not allowed:
                raise PermissionDenied
            try:
                count = action(message, request.user)
                messages.success(request, done_text.format(message=message, n=count))
                return redirect(self.get_url_name("report"), pk=message.pk)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if message.state == EmergencyMessage.DRAFT:
            targets = emergency.targets(message)
        else:
            targets = Cluster.objects.filter(emergency_deliveries__message=message)
        return render(request, template, {
            "object": message, "errors": errors, "allowed": allowed,
            "count": targets.count(),
            "stations": sorted({str(c.station) for c in targets.select_related("station")}),
            "programme_ready": message.programme.is_approved and message.programme.playable,
            "edit_url": reverse(self.get_url_name("edit"), args=[message.pk]),
            "list_url": reverse(self.get_url_name("list")),
        })

    def send_view(self, request, pk):
        return self._act(request, pk, emergency.send, "broadcast/admin/emergency_send.html",
                         "Đã gửi tin khẩn cấp «{message}» tới {n} cụm loa.")

    def cancel_view(self, request, pk):
        return self._act(request, pk, emergency.cancel, "broadcast/admin/emergency_cancel.html",
                         "Đã gửi lệnh dừng tin «{message}» tới {n} cụm loa.")

    def report_view(self, request, pk):
        message = self._message(request, pk)
        return render(request, "broadcast/admin/emergency_report.html", {
            "object": message, **emergency.report(message),
            "can_cancel": message.state == EmergencyMessage.SENT
            and emergency.can_send(request.user, message),
            "cancel_url": reverse(self.get_url_name("cancel"), args=[message.pk]),
            "list_url": reverse(self.get_url_name("list")),
        })


class BroadcastGroup(SnippetViewSetGroup):
    items = (EmergencyViewSet, ScheduleViewSet, ProgrammeViewSet, PlaylistViewSet, ClusterViewSet,
             ClusterGroupViewSet, StationViewSet)
    menu_icon = "radio-full"
    menu_label = "Truyền thanh"
    menu_name = "truyen-thanh"
    menu_order = 270

    def get_submenu_items(self):
        return [*monitoring_menu_items(), *super().get_submenu_items()]


access.owned_by_site(Station)
for owned in (Cluster, ClusterGroup, Programme, Playlist, Schedule, EmergencyMessage):
    access.owned_by_site(owned, "station__site")
register_snippet(BroadcastGroup)




# --- Monitoring, alerts, reports and "Đọc trên loa" (admin_views, article_speech) -----------

for operated in (Alert, PlayLog, DeviceState):
    access.owned_by_site(operated, "cluster__station__site")


class MonitorMenuItem(AdminMenuItem):
    """Shown to staff who may view clusters (each page then shows only their units)."""

    def is_shown(self, request):
        return request.user.has_perm(admin_views.VIEW_PERMISSION)


def monitoring_menu_items():
    return [
        MonitorMenuItem("Giám sát mạng loa", reverse("broadcast_monitor:network"),
                        name="giam-sat", icon_name="radio-full", order=101),
        MonitorMenuItem("Cảnh báo", reverse("broadcast_monitor:alerts"),
                        name="canh-bao", icon_name="warning", order=102),
        MonitorMenuItem("Báo cáo", reverse("broadcast_monitor:reports"),
                        name="bao-cao", icon_name="doc-full", order=103),
    ]


@hooks.register("register_admin_urls")
def register_monitoring_urls():
    return [path("truyen-thanh/", include(([
        path("giam-sat/", admin_views.NetworkView.as_view(), name="network"),
        path("giam-sat/cum-loa/<int:pk>/", admin_views.ClusterMonitorView.as_view(),
             name="cluster"),
        path("canh-bao/", admin_views.AlertsView.as_view(), name="alerts"),
        path("bao-cao/", admin_views.ReportsView.as_view(), name="reports"),
        path("doc-tren-loa/<int:page_id>/", article_speech.ArticleSpeechView.as_view(),
             name="article_speech"),
        path("am-thanh/<int:pk>/<str:which>/", admin_views.programme_audio,
             name="programme_audio"),
    ], "broadcast_monitor"), namespace="broadcast_monitor"))]


@hooks.register("register_page_header_buttons")
def read_aloud_header_button(page, user, view_name, next_url=None):
    yield from article_speech.buttons(page, user)


@hooks.register("register_page_listing_more_buttons")
def read_aloud_listing_button(page, user, next_url=None):
    yield from article_speech.buttons(page, user)


@hooks.register("register_page_action_menu_item")
def read_aloud_action_menu_item():
    return article_speech.ReadAloudActionMenuItem(order=90)
