"""Broadcast reports: hours on air, plays per programme, emergency coverage.

Months are calendar months in Asia/Ho_Chi_Minh: a play started at 06:30 on 1 December in
Hanoi (23:30 UTC on 30 November) counts for December. A play counts for the month it
started in; its hours are ended_at − started_at of finished or interrupted plays.
Each report is a `Report` (title, column headers, rows) that the admin shows as a table
and a chart and exports to XLSX.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum

from .models import Cluster, EmergencyMessage, PlayLog, PlayOutcome
from .timetable import TZ

#: Acknowledgement delays the emergency coverage report counts (seconds).
ACK_THRESHOLDS = (1, 2, 5, 10, 30, 60)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ON_AIR = (PlayOutcome.FINISHED, PlayOutcome.INTERRUPTED)
DURATION = ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField())


@dataclass
class Report:
    key: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    chart_column: int = 1  # the column the chart draws, by the label in column 0
    chart_unit: str = ""
    chart_top: bool = False  # chart the largest values (long lists) rather than the first

#: Rows a report shows on the page (the XLSX export holds them all) and bars in a chart.
PAGE_ROWS = 200
CHART_BARS = 40


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str | None, today: dt.date | None = None) -> Month:
        """'2026-12' -> Month(2026, 12); empty or invalid text gives the current month."""
        if text:
            try:
                year, month = (int(part) for part in text.split("-"))
                if 2000 <= year <= 2100 and 1 <= month <= 12:
                    return cls(year, month)
            except ValueError:
                pass
            raise ValueError("Tháng không hợp lệ, cần dạng NNNN-TT (ví dụ 2026-12).")
        today = today or dt.datetime.now(TZ).date()
        return cls(today.year, today.month)

    @property
    def start(self) -> dt.datetime:
        return dt.datetime(self.year, self.month, 1, tzinfo=TZ)

    @property
    def end(self) -> dt.datetime:
        year, month = (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)
        return dt.datetime(year, month, 1, tzinfo=TZ)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.month:02d}/{self.year}"


def hours(duration: dt.timedelta | None) -> float:
    return round(duration.total_seconds() / 3600, 2) if duration else 0.0


def _on_air(clusters: QuerySet) -> QuerySet:
    return PlayLog.objects.filter(cluster__in=clusters, outcome__in=ON_AIR,
                                  started_at__isnull=False, ended_at__isnull=False,
                                  ended_at__gt=F("started_at"))


def _in(month: Month, prefix: str = "") -> Q:
    return Q(**{f"{prefix}started_at__gte": month.start, f"{prefix}started_at__lt": month.end})


def hours_by_station(stations: QuerySet, month: Month) -> Report:
    clusters = Cluster.objects.filter(station__in=stations)
    totals = dict(_on_air(clusters).filter(_in(month)).order_by()
                  .values_list("cluster__station").annotate(total=Sum(DURATION)))
    counts = dict(_on_air(clusters).filter(_in(month)).order_by()
                  .values_list("cluster__station").annotate(n=Count("pk")))
    report = Report("gio-theo-dai", f"Giờ phát theo đài, tháng {month.label}",
                    ["Đài", "Số giờ phát", "Số lượt phát"], chart_unit="giờ")
    for station in stations.order_by("name"):
        report.rows.append([station.name, hours(totals.get(station.pk)),
                            counts.get(station.pk, 0)])
    return report


def hours_by_cluster(stations: QuerySet, month: Month) -> Report:
    clusters = Cluster.objects.filter(station__in=stations)
    figures = {row["cluster"]: row for row in _on_air(clusters).filter(_in(month)).order_by()
               .values("cluster").annotate(total=Sum(DURATION), n=Count("pk"))}
    report = Report("gio-theo-cum-loa", f"Giờ phát theo cụm loa, tháng {month.label}",
                    ["Cụm loa", "Đài", "Thôn, tổ dân phố", "Số giờ phát", "Số lượt phát"],
                    chart_column=3, chart_unit="giờ", chart_top=True)
    for pk, name, station, village in clusters.order_by("station__name", "name").values_list(
            "pk", "name", "station__name", "village"):
        row = figures.get(pk, {})
        report.rows.append([name, station, village, hours(row.get("total")), row.get("n", 0)])
    return report


def hours_by_month(stations: QuerySet, year: int) -> Report:
    """Hours on air in each month of `year`, in one query."""
    months = [Month(year, m) for m in range(1, 13)]
    clusters = Cluster.objects.filter(station__in=stations)
    figures = _on_air(clusters).aggregate(**{
        f"m{m.month}": Sum(DURATION, filter=_in(m)) for m in months})
    report = Report("gio-theo-thang", f"Giờ phát theo tháng, năm {year}",
                    ["Tháng", "Số giờ phát"], chart_unit="giờ")
    for m in months:
        report.rows.append([m.label, hours(figures[f"m{m.month}"])])
    return report


def plays_by_programme(stations: QuerySet, month: Month) -> Report:
    clusters = Cluster.objects.filter(station__in=stations)
    rows = (PlayLog.objects.filter(cluster__in=clusters, programme__isnull=False)
            .filter(_in(month)).order_by()
            .values("programme", "programme__title", "programme__station__name")
            .annotate(n=Count("pk"),
                      finished=Count("pk", filter=Q(outcome=PlayOutcome.FINISHED)),
                      interrupted=Count("pk", filter=Q(outcome=PlayOutcome.INTERRUPTED)),
                      failed=Count("pk", filter=Q(outcome=PlayOutcome.FAILED)),
                      total=Sum(DURATION, filter=Q(outcome__in=ON_AIR,
                                                   ended_at__gt=F("started_at"))))
            .order_by("-n", "programme__title"))
    report = Report("luot-phat-theo-chuong-trinh",
                    f"Lượt phát theo chương trình, tháng {month.label}",
                    ["Chương trình", "Đài", "Số lượt phát", "Phát xong", "Bị ngắt", "Lỗi",
                     "Số giờ phát"], chart_column=2, chart_unit="lượt")
    for row in rows:
        report.rows.append([row["programme__title"], row["programme__station__name"], row["n"],
                            row["finished"], row["interrupted"], row["failed"],
                            hours(row["total"])])
    return report


def emergency_coverage(stations: QuerySet, month: Month) -> Report:
    """Per emergency message sent in the month: how many clusters it targeted, how many
    acknowledged it within 1, 2, 5, 10, 30 and 60 seconds of sending (cumulative), never,
    and how many started, finished and failed to play it."""
    within = {
        f"ack{seconds}": Count("deliveries", filter=Q(
            deliveries__received_at__isnull=False,
            deliveries__received_at__lte=F("sent_at") + dt.timedelta(seconds=seconds)))
        for seconds in ACK_THRESHOLDS
    }
    messages = (EmergencyMessage.objects.filter(station__in=stations, sent_at__isnull=False,
                                                sent_at__gte=month.start, sent_at__lt=month.end)
                .select_related("station").order_by("sent_at", "pk")
                .annotate(
                    targeted=Count("deliveries"),
                    never=Count("deliveries", filter=Q(deliveries__received_at__isnull=True)),
                    started=Count("deliveries", filter=Q(deliveries__started_at__isnull=False)),
                    finished=Count("deliveries",
                                   filter=Q(deliveries__finished_at__isnull=False)),
                    failed=Count("deliveries", filter=Q(deliveries__failed_at__isnull=False)),
                    **within))
    report = Report(
        "phu-song-khan-cap", f"Tin khẩn cấp: cụm loa nhận tin, tháng {month.label}",
        ["Tin khẩn cấp", "Đài gửi", "Gửi lúc", "Số cụm loa",
         *(f"Nhận trong {s} giây" for s in ACK_THRESHOLDS), "Không nhận",
         "Bắt đầu phát", "Phát xong", "Lỗi"],
        chart_column=3, chart_unit="cụm loa")
    for message in messages:
        report.rows.append([
            message.title, message.station.name,
            message.sent_at.astimezone(TZ).replace(tzinfo=None),
            message.targeted, *(getattr(message, f"ack{s}") for s in ACK_THRESHOLDS),
            message.never, message.started, message.finished, message.failed])
    return report


#: Every report by its key (also its XLSX file name), in the order the page shows them.
REPORTS = {
    "gio-theo-dai": hours_by_station,
    "gio-theo-cum-loa": hours_by_cluster,
    "gio-theo-thang": lambda stations, month: hours_by_month(stations, month.year),
    "luot-phat-theo-chuong-trinh": plays_by_programme,
    "phu-song-khan-cap": emergency_coverage,
}


def all_reports(stations: QuerySet, month: Month) -> list[Report]:
    return [build(stations, month) for build in REPORTS.values()]


# --- Output ---------------------------------------------------------------------------------


def to_xlsx(report: Report) -> bytes:
    """The report as a one-sheet workbook: bold Vietnamese headers, numbers as numbers."""
    # Imported here: openpyxl is a few megabytes of every server process otherwise.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(report.title[:31].replace("/", "-"))
    for index, header in enumerate(report.headers):
        sheet.column_dimensions[chr(ord("A") + index)].width = max(12, min(len(header) + 4, 40))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_row = []
    for title in report.headers:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header_row.append(cell)
    sheet.append(header_row)
    for row in report.rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value) or None)
                if cell.value is not None:
                    cell.data_type = "s"  # "=…" stays text, never a formula
            else:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, dt.datetime):
                    cell.number_format = "DD/MM/YYYY HH:MM:SS"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bar_chart(report: Report, *, width: int = 640, bar: int = 18,
              limit: int = CHART_BARS) -> str:
    """A horizontal bar chart of the report's chart column as inline SVG (no script, no
    library): one bar per row (the first `limit` rows, or the `limit` largest values for a
    `chart_top` report), labelled, the largest value filling the width."""
    from django.utils.html import escape

    items = [(str(row[0]), float(row[report.chart_column] or 0)) for row in report.rows]
    if not any(value for _label, value in items):
        return ""  # nothing to draw
    if report.chart_top:
        items = sorted((item for item in items if item[1]), key=lambda item: -item[1])
    items = items[:limit]
    label_width, gap, top = 200, 6, 4
    height = top + len(items) * (bar + gap) + 4
    peak = max((value for _label, value in items), default=0) or 1
    span = width - label_width - 70
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="bantin-chart" role="img" '
             f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             f'aria-label="{escape(report.title)}">']
    for index, (label, value) in enumerate(items):
        y = top + index * (bar + gap)
        length = round(span * value / peak, 1)
        short = label if len(label) <= 30 else label[:29] + "…"
        number = f"{value:g}".replace(".", ",")  # Vietnamese decimal comma
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar - 5}" text-anchor="end" '
            f'font-size="12" fill="currentColor"><title>{escape(label)}</title>'
            f'{escape(short)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar}" fill="#1565c0">'
            f'<title>{escape(label)}: {number} {escape(report.chart_unit)}</title></rect>'
            f'<text x="{label_width + length + 4}" y="{y + bar - 5}" font-size="12" '
            f'fill="currentColor">{number}</text>')
    parts.append("</svg>")
    return "".join(parts)
