"""Admin pages of the running network: the map and list of clusters, one cluster's state and
plays, the alerts, the reports, and "Đọc trên loa" from a news article.

Every page shows only the stations of the user's units (and units below them); the views
name their model so `UnitAccessMiddleware` and the isolation walk check object URLs too.
"""

from __future__ import annotations

import datetime as dt
import math

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from bantin.core.ids import parse_id
from bantin.units import access

from . import monitoring, reports
from .models import Alert, Cluster, PlayLog, Station

VIEW_PERMISSION = "broadcast.view_cluster"
HANDLE_PERMISSION = "broadcast.change_cluster"
PER_PAGE = 100


class MonitorView(TemplateView):
    """Base: needs the permission to view clusters; stations limited to the user's units."""

    permission = VIEW_PERMISSION

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def stations(self):
        return access.scope(Station.objects.all(), self.request.user).order_by("name")

    def clusters(self):
        return access.scope(Cluster.objects.all(), self.request.user)

    def chosen_station(self, stations):
        station_id = parse_id(self.request.GET.get("dai", ""))
        return stations.filter(pk=station_id).first() if station_id else None


# --- Network: map and list ------------------------------------------------------------------


def network_map(points, *, width: int = 800) -> str:
    """Clusters drawn at their latitude/longitude as inline SVG (equirectangular, scaled to
    fit): nothing is fetched from elsewhere, so the map works offline."""
    if not points:
        return ""
    lats = [float(p["latitude"]) for p in points]
    lons = [float(p["longitude"]) for p in points]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    squash = math.cos(math.radians((north + south) / 2))
    span_x = max((east - west) * squash, 0.005)
    span_y = max(north - south, 0.005)
    margin = 14
    inner = width - 2 * margin
    height = max(160, min(600, round(inner * span_y / span_x) + 2 * margin))
    scale = min(inner / span_x, (height - 2 * margin) / span_y)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="bantin-map" role="img" '
             f'aria-label="Bản đồ cụm loa" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}">'
             f'<rect width="{width}" height="{height}" fill="#f4f7f4" stroke="#c8d0c8"/>'
             f'<g stroke="#fff" stroke-width="1.5">']
    for point, lat, lon in zip(points, lats, lons, strict=True):
        x = margin + (lon - west) * squash * scale
        y = height - margin - (lat - south) * scale
        state = point["monitor_state"]
        parts.append(
            f'<a href="{escape(point["url"])}"><circle cx="{x:.1f}" cy="{y:.1f}" r="6" '
            f'fill="{monitoring.STATE_COLOURS[state]}" data-state="{state}">'
            f'<title>{escape(point["name"])} — {monitoring.STATE_LABELS[state]}</title>'
            f'</circle></a>')
    parts.append("</g></svg>")
    return "".join(parts)


class NetworkView(MonitorView):
    model = Cluster
    template_name = "broadcast/admin/network.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request, now = self.request, timezone.now()
        stations = self.stations()
        station = self.chosen_station(stations)
        state = request.GET.get("trang-thai", "")
        query = request.GET.get("q", "").strip()
        with_alerts = request.GET.get("canh-bao") == "1"

        clusters = self.clusters().filter(active=True)
        if station is not None:
            clusters = clusters.filter(station=station)
        if query:
            clusters = clusters.filter(Q(name__icontains=query) | Q(village__icontains=query)
                                       | Q(device_id__icontains=query))
        if with_alerts:
            clusters = clusters.filter(Exists(Alert.objects.filter(
                cluster=OuterRef("pk"), resolved_at__isnull=True)))
        counts = monitoring.state_counts(clusters, now)
        clusters = monitoring.with_state(clusters, now)
        if state in monitoring.STATE_LABELS:
            clusters = clusters.filter(monitor_state=state)

        points = list(clusters.filter(latitude__isnull=False, longitude__isnull=False)
                      .values("pk", "name", "latitude", "longitude", "monitor_state"))
        for point in points:
            point["url"] = reverse("broadcast_monitor:cluster", args=[point["pk"]])

        page = Paginator(
            clusters.select_related("station", "state").annotate(
                open_alerts=Count("alerts", filter=Q(alerts__resolved_at__isnull=True)))
            .order_by("station__name", "name"), PER_PAGE,
        ).get_page(request.GET.get("p"))
        rows = [{"cluster": c, "state": c.monitor_state,
                 "state_label": monitoring.STATE_LABELS[c.monitor_state],
                 "colour": monitoring.STATE_COLOURS[c.monitor_state],
                 "device": getattr(c, "state", None) if c.monitor_state != monitoring.NEVER
                 else None} for c in page]
        query_string = request.GET.copy()
        query_string.pop("p", None)
        context.update({
            "stations": stations, "station": station, "state": state, "query": query,
            "with_alerts": with_alerts, "states": monitoring.STATES, "counts": counts,
            "legend": [(key, label, monitoring.STATE_COLOURS[key], counts[key])
                       for key, label in monitoring.STATES],
            "map": mark_safe(network_map(points)),  # noqa: S308 - every value escaped
            "mapped": len(points), "page": page, "rows": rows,
            "query_string": query_string.urlencode(),
            "offline_seconds": int(monitoring.offline_after().total_seconds()),
        })
        return context


class ClusterMonitorView(MonitorView):
    model = Cluster
    template_name = "broadcast/admin/cluster_monitor.html"

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        cluster = get_object_or_404(self.clusters().select_related("station"), pk=pk)
        device = getattr(cluster, "state", None) if monitoring._has_state(cluster) else None
        state = monitoring.cluster_state(cluster)
        context.update({
            "cluster": cluster, "device": device, "state": state,
            "state_label": monitoring.STATE_LABELS[state],
            "colour": monitoring.STATE_COLOURS[state],
            "logs": PlayLog.objects.filter(cluster=cluster)
            .select_related("programme", "schedule", "emergency")[:50],
            "alerts": Alert.objects.filter(cluster=cluster)[:30],
            "edit_url": reverse("wagtailsnippets_broadcast_cluster:edit", args=[cluster.pk]),
        })
        return context


# --- Alerts ---------------------------------------------------------------------------------


class AlertsView(MonitorView):
    model = Alert
    template_name = "broadcast/admin/alerts.html"

    def alerts(self):
        return access.scope(Alert.objects.all(), self.request.user)

    def post(self, request):
        if not request.user.has_perm(HANDLE_PERMISSION):
            raise PermissionDenied
        action = request.POST.get("action")
        ids = [i for i in map(parse_id, request.POST.getlist("alert")) if i]
        chosen = self.alerts().filter(pk__in=ids, resolved_at__isnull=True)
        now = timezone.now()
        if action not in ("acknowledge", "resolve"):
            messages.error(request, "Thao tác không hợp lệ.")
        elif not ids:
            messages.error(request, "Chọn ít nhất một cảnh báo.")
        elif action == "acknowledge":
            done = chosen.filter(acknowledged_at__isnull=True).update(
                acknowledged_at=now, acknowledged_by=request.user)
            messages.success(request, f"Đã ghi nhận {done} cảnh báo.")
        else:
            done = chosen.update(resolved_at=now, resolved_by=request.user)
            messages.success(request, f"Đã đóng {done} cảnh báo. Nếu nguyên nhân vẫn còn, "
                                      "cảnh báo mới sẽ được mở ở lần kiểm tra sau.")
        return redirect(f"{request.path}?{request.GET.urlencode()}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        stations = self.stations()
        station = self.chosen_station(stations)
        kind = request.GET.get("loai", "")
        show = request.GET.get("xem", "mo")
        alerts = self.alerts().select_related("cluster__station", "acknowledged_by",
                                              "resolved_by")
        if station is not None:
            alerts = alerts.filter(cluster__station=station)
        if kind in dict(Alert.KINDS):
            alerts = alerts.filter(kind=kind)
        if show != "tat-ca":
            alerts = alerts.filter(resolved_at__isnull=True)
        page = Paginator(alerts, PER_PAGE).get_page(request.GET.get("p"))
        query_string = request.GET.copy()
        query_string.pop("p", None)
        context.update({
            "stations": stations, "station": station, "kind": kind, "show": show,
            "kinds": Alert.KINDS, "page": page, "query_string": query_string.urlencode(),
            "can_handle": request.user.has_perm(HANDLE_PERMISSION),
        })
        return context


# --- Reports --------------------------------------------------------------------------------


class ReportsView(MonitorView):
    model = PlayLog
    template_name = "broadcast/admin/reports.html"

    def get(self, request, *args, **kwargs):
        stations = self.stations()
        try:
            month = reports.Month.parse(request.GET.get("thang"))
        except ValueError as exc:
            messages.error(request, str(exc))
            return redirect(request.path)
        station = self.chosen_station(stations)
        chosen = stations.filter(pk=station.pk) if station else stations
        export = request.GET.get("xuat")
        if export:
            build = reports.REPORTS.get(export)
            if build is None:
                messages.error(request, "Không có báo cáo này.")
                return redirect(request.path)
            response = HttpResponse(reports.to_xlsx(build(chosen, month)),
                                    content_type=reports.XLSX_TYPE)
            response["Content-Disposition"] = f'attachment; filename="{export}-{month}.xlsx"'
            response["X-Content-Type-Options"] = "nosniff"
            response["Cache-Control"] = "private, no-store"
            return response
        built = reports.all_reports(chosen, month)
        query_string = request.GET.copy()
        query_string.pop("xuat", None)
        return self.render_to_response(self.get_context_data(
            stations=stations, station=station, month=month,
            page_rows=reports.PAGE_ROWS, chart_bars=reports.CHART_BARS,
            reports=[{"report": r, "chart": mark_safe(reports.bar_chart(r)),  # noqa: S308
                      "headers": [(h, bool(r.rows) and not isinstance(r.rows[0][i],
                                                                       str | dt.datetime))
                                  for i, h in enumerate(r.headers)],
                      "rows": [[(v, not isinstance(v, str | dt.datetime)) for v in row]
                               for row in r.rows[:reports.PAGE_ROWS]],
                      "export": f"?{query_string.urlencode()}&xuat={r.key}".replace("?&", "?")}
                     for r in built]))


# --- Programme audio for staff ----------------------------------------------------------------


def programme_audio(request, pk: int, which: str):
    """A programme's audio for the staff who may see the programme: the uploaded original
    (`goc`) or the file made for the devices (`phat`). Broadcast audio is never served from
    /media/ (a programme waiting for approval is not public)."""
    import mimetypes

    from bantin.core import protected

    from .models import Programme

    user = request.user
    if not any(user.has_perm(f"broadcast.{action}_programme") for action in ("view", "change")):
        raise PermissionDenied
    programme = get_object_or_404(access.scope(Programme.objects.all(), user), pk=pk)
    fieldfile = {"goc": programme.audio, "phat": programme.delivery}.get(which)
    if not fieldfile:
        raise Http404
    content_type = mimetypes.guess_type(fieldfile.name)[0] or "application/octet-stream"
    return protected.serve(fieldfile, content_type,
                           headers={"Cache-Control": "private, no-cache"})


def programme_audio_url(programme, which: str = "goc") -> str:
    return reverse("broadcast_monitor:programme_audio", args=[programme.pk, which])
