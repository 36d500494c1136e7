"""Broadcast reports: known plays and deliveries give known figures, month boundaries are
Hanoi's, each report exports to an XLSX that opens and holds them, and a unit sees only its
own stations."""

import datetime as dt
import io

import pytest

from bantin.broadcast import reports
from bantin.broadcast.models import (
    EmergencyDelivery,
    EmergencyMessage,
    PlayLog,
    PlayOutcome,
)
from bantin.broadcast.timetable import TZ
from tests.broadcast import broadcast_world
from tests.broadcast.broadcast_world import make_programme

pytestmark = pytest.mark.django_db
world = broadcast_world.world
URL = "/quan-tri/truyen-thanh/bao-cao/"
DEC = reports.Month(2026, 12)


def at(day, hour, minute=0, second=0, month=12):
    return dt.datetime(2026, month, day, hour, minute, second, tzinfo=TZ)


def play(cluster, key, start, minutes, outcome=PlayOutcome.FINISHED, programme=None):
    return PlayLog.objects.create(
        cluster=cluster, play_key=key, started_at=start, programme=programme,
        ended_at=start + dt.timedelta(minutes=minutes) if minutes is not None else None,
        outcome=outcome)


@pytest.fixture
def logged(world):
    a1, a2 = world["clusters"]["a"]
    b1, _b2 = world["clusters"]["b"]
    news = make_programme(world["stations"]["a"], title="Bản tin sáng")
    notice = make_programme(world["stations"]["a"], title="Thông báo tiêm chủng")
    # 06:30 on 1 Dec in Hanoi is 23:30 UTC on 30 Nov: December.
    play(a1, "1", at(1, 6, 30), 30, programme=news)
    play(a1, "2", at(2, 6, 0), 45, PlayOutcome.INTERRUPTED, programme=news)
    play(a2, "3", at(2, 6, 0), 60, programme=news)
    play(a2, "4", at(3, 17, 0), None, PlayOutcome.FAILED, programme=notice)
    play(a2, "5", at(3, 18, 0), None, PlayOutcome.STARTED, programme=notice)
    # 23:50 on 30 Nov in Hanoi (16:50 UTC): November, though December 1st is near.
    play(a1, "6", at(30, 23, 50, month=11), 120, programme=news)
    # 00:10 on 1 Jan 2027 in Hanoi is still 31 Dec in UTC: January.
    PlayLog.objects.create(cluster=a1, play_key="7", programme=news,
                           started_at=dt.datetime(2027, 1, 1, 0, 10, tzinfo=TZ),
                           ended_at=dt.datetime(2027, 1, 1, 0, 40, tzinfo=TZ),
                           outcome=PlayOutcome.FINISHED)
    play(b1, "8", at(5, 6, 0), 90)
    return {"news": news, "notice": notice}


def stations(world, *keys):
    from bantin.broadcast.models import Station

    return Station.objects.filter(pk__in=[world["stations"][k].pk for k in keys])


def test_hours_per_station_cluster_and_month(world, logged):
    chosen = stations(world, "a", "b")
    by_station = {row[0]: row[1:] for row in reports.hours_by_station(chosen, DEC).rows}
    # a: 30 + 45 + 60 minutes = 2.25 h in three plays on air; failed/unfinished count nothing.
    assert by_station == {"Đài Xã Alpha": [2.25, 3], "Đài Xã Beta": [1.5, 1]}
    by_cluster = {row[0]: row[3:] for row in reports.hours_by_cluster(chosen, DEC).rows}
    assert by_cluster == {"Cụm a 1": [1.25, 2], "Cụm a 2": [1.0, 1], "Cụm b 1": [1.5, 1],
                          "Cụm b 2": [0.0, 0]}
    by_month = dict(reports.hours_by_month(stations(world, "a"), 2026).rows)
    assert by_month["11/2026"] == 2.0 and by_month["12/2026"] == 2.25
    assert by_month["01/2026"] == 0.0 and len(by_month) == 12
    january = reports.hours_by_station(stations(world, "a"), reports.Month(2027, 1))
    assert january.rows == [["Đài Xã Alpha", 0.5, 1]]


def test_plays_per_programme(world, logged):
    rows = reports.plays_by_programme(stations(world, "a"), DEC).rows
    assert rows == [["Bản tin sáng", "Đài Xã Alpha", 3, 2, 1, 0, 2.25],
                    ["Thông báo tiêm chủng", "Đài Xã Alpha", 2, 0, 0, 1, 0.0]]


def test_emergency_coverage(world):
    station = world["stations"]["a"]
    programme = make_programme(station, title="Báo bão")
    sent = at(10, 9, 0)
    message = EmergencyMessage.objects.create(station=station, title="Bão số 5",
                                              programme=programme, state="sent", sent_at=sent)
    hub = world["clusters"]["hub"]
    clusters = [*world["clusters"]["a"], *hub]
    delays = [0.5, 1.5, 7, None]
    for cluster, delay in zip(clusters, delays, strict=True):
        received = sent + dt.timedelta(seconds=delay) if delay is not None else None
        EmergencyDelivery.objects.create(
            message=message, cluster=cluster, received_at=received,
            started_at=received + dt.timedelta(seconds=1) if received else None,
            finished_at=received + dt.timedelta(seconds=90) if delay and delay < 5 else None,
            failed_at=received + dt.timedelta(seconds=3) if delay == 7 else None)
    # Another month, and a draft never sent: not in December's report.
    EmergencyMessage.objects.create(station=station, title="Tin cũ", programme=programme,
                                    state="sent", sent_at=at(30, 9, month=11))
    EmergencyMessage.objects.create(station=station, title="Nháp", programme=programme)
    report = reports.emergency_coverage(stations(world, "a"), DEC)
    assert len(report.rows) == 1
    row = dict(zip(report.headers, report.rows[0], strict=True))
    assert row["Tin khẩn cấp"] == "Bão số 5" and row["Số cụm loa"] == 4
    assert [row[f"Nhận trong {s} giây"] for s in reports.ACK_THRESHOLDS] == [1, 2, 2, 3, 3, 3]
    assert row["Không nhận"] == 1
    assert (row["Bắt đầu phát"], row["Phát xong"], row["Lỗi"]) == (3, 2, 1)
    assert row["Gửi lúc"] == dt.datetime(2026, 12, 10, 9, 0)


def test_month_parsing():
    assert reports.Month.parse("2026-12") == DEC
    assert reports.Month.parse("", today=dt.date(2027, 3, 5)) == reports.Month(2027, 3)
    for bad in ("2026-13", "12/2026", "abc", "1999-01"):
        with pytest.raises(ValueError, match="Tháng không hợp lệ"):
            reports.Month.parse(bad)
    assert DEC.end == dt.datetime(2027, 1, 1, tzinfo=TZ)


def test_the_reports_page_shows_figures_charts_and_exports_xlsx(client, world, logged):
    from openpyxl import load_workbook

    client.force_login(world["people"]["a-editors"])
    page = client.get(URL, {"thang": "2026-12"}).content.decode()
    assert "Giờ phát theo đài, tháng 12/2026" in page and "<svg" in page
    assert "Đài Xã Alpha" in page and "Đài Xã Beta" not in page  # only its own unit
    assert "Bản tin sáng" in page
    # Vietnamese decimal comma in tables and charts.
    assert '<td>Đài Xã Alpha</td><td class="bantin-num">2,25</td><td class="bantin-num">3</td>' \
        in page
    assert "Đài Xã Alpha: 2,25 giờ" in page

    response = client.get(URL, {"thang": "2026-12", "xuat": "gio-theo-cum-loa"})
    assert response["Content-Type"] == reports.XLSX_TYPE
    assert 'filename="gio-theo-cum-loa-2026-12.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Cụm loa", "Đài", "Thôn, tổ dân phố", "Số giờ phát", "Số lượt phát")
    assert ("Cụm a 1", "Đài Xã Alpha", "Thôn 1", 1.25, 2) in rows
    assert not any("Beta" in str(r) for r in rows)

    response = client.get(URL, {"thang": "2026-12", "xuat": "luot-phat-theo-chuong-trinh"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1] == ("Bản tin sáng", "Đài Xã Alpha", 3, 2, 1, 0, 2.25)


def test_the_reports_page_refuses_bad_input(client, world, logged):
    client.force_login(world["people"]["a-editors"])
    response = client.get(URL, {"thang": "2026-13"}, follow=True)
    assert "Tháng không hợp lệ" in response.content.decode()
    response = client.get(URL, {"thang": "2026-12", "xuat": "khong-co"}, follow=True)
    assert "Không có báo cáo này" in response.content.decode()
    # Another unit's station in the filter: ignored, not shown.
    page = client.get(URL, {"thang": "2026-12", "dai": world["stations"]["b"].pk,
                            "xuat": "gio-theo-dai"})
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(page.content)).active.iter_rows(values_only=True))
    assert rows[1:] == [("Đài Xã Alpha", 2.25, 3)]


def test_spreadsheet_text_never_becomes_a_formula(world):
    from openpyxl import load_workbook

    report = reports.Report("x", "Thử", ["Tên", "Số"], [["=HYPERLINK(\"http://x\")", 1]])
    sheet = load_workbook(io.BytesIO(reports.to_xlsx(report))).active
    assert sheet["A2"].data_type == "s"


def test_the_chart_draws_a_bar_per_row_and_the_largest_of_long_lists():
    report = reports.Report("x", "Giờ <phát>", ["Cụm", "Giờ"],
                            [[f"Cụm <{i}>", i] for i in range(60)], chart_top=True)
    svg = reports.bar_chart(report)
    assert svg.count("<rect") == reports.CHART_BARS
    assert "Cụm &lt;59&gt;" in svg and "Cụm &lt;0&gt;" not in svg and "<59>" not in svg
    report.chart_top = False
    assert "Cụm &lt;0&gt;" in reports.bar_chart(report)
    empty = reports.Report("y", "Trống", ["A", "B"], [["Không", 0]])
    assert reports.bar_chart(empty) == ""  # nothing to draw
    report.rows[59][1] = 0  # a long list charts only its non-zero values
    report.chart_top = True
    assert reports.bar_chart(report).count("<rect") == reports.CHART_BARS
    assert "Cụm &lt;59&gt;" not in reports.bar_chart(report)
