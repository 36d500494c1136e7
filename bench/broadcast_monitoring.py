"""Broadcast monitoring at network scale: `check_alerts`, the network page and the reports.

In one throw-away SQLite database (dev settings, one process): a hub with N clusters on
one station, each with a device state (a mix of online, offline, faulty and playing), two
approved daily schedules on all of them (06:00 and 06:20) and play logs for 80 % of the
06:00 plays. Then it times, at 06:30 in Hanoi:

- `check_alerts` on a network without alerts (first round: opens them all) and again
  (steady round: nothing new), with its SQL statement count;
- the admin network page (map + first page of the list) and the reports page, as a
  superuser, with their statement counts.

    python bench/broadcast_monitoring.py                  # 10,000 clusters
    python bench/broadcast_monitoring.py --clusters 2000

The JSON summary goes to stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from article_page import QueryLog, setup_django  # noqa: E402


def build(n: int):
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from bantin.broadcast import approval
    from bantin.broadcast.audio import silent_wav
    from bantin.broadcast.models import (
        Cluster,
        DeviceState,
        PlayLog,
        PlayOutcome,
        Programme,
        Schedule,
        ScheduleSlot,
        Station,
    )
    from bantin.broadcast.timetable import TZ
    from bantin.units.provision import create_unit

    admin = get_user_model().objects.create_superuser("bench", password=None)
    unit = create_unit("Huyện Đo Tải", "hub.bench.vn").unit
    station = Station.objects.create(site=unit.site, name="Đài huyện")
    clusters = Cluster.objects.bulk_create(
        Cluster(station=station, name=f"Cụm {i}", village=f"Thôn {i % 300}",
                device_id=f"bench-{i}", latitude=20 + (i // 100) * 0.01,
                longitude=105 + (i % 100) * 0.01) for i in range(n))
    now = dt.datetime(2026, 12, 2, 6, 30, tzinfo=TZ)
    DeviceState.objects.bulk_create(
        DeviceState(cluster=c, last_seen=now - dt.timedelta(minutes=10 if i % 20 == 0 else 0),
                    fault="Hỏng loa" if i % 50 == 0 else "",
                    playing="programme:1" if i % 3 == 0 else "", volume=70, signal=80,
                    firmware="loa-2.4") for i, c in enumerate(clusters))
    programme = Programme(station=station, title="Bản tin", duration_seconds=60)
    programme.audio.save("b.wav", ContentFile(silent_wav(0.2)), save=False)
    programme.save()
    approval.approve(programme, admin)
    for start in (dt.time(6, 0), dt.time(6, 20)):
        schedule = Schedule(station=station, name=f"Lịch {start:%H:%M}", programme=programme,
                            first_date=dt.date(2026, 12, 1), power_on_lead=0, power_off_lag=0)
        schedule.slots.add(ScheduleSlot(start_time=start, duration_minutes=10))
        schedule.clusters = clusters
        schedule.save()
        approval.approve(schedule, admin)
    six = dt.datetime(2026, 12, 2, 6, 0, tzinfo=TZ)
    PlayLog.objects.bulk_create(
        PlayLog(cluster=c, play_key=f"k{c.pk}", programme=programme, scheduled_start=six,
                started_at=six, ended_at=six + dt.timedelta(minutes=10),
                outcome=PlayOutcome.FINISHED)
        for i, c in enumerate(clusters) if i % 5)
    return admin, now


def timed(fn, repeat=1):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return result, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clusters", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=3)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bantin-bench-monitor-"))
    try:
        setup_django(workdir)
        from django.test import Client

        from bantin.broadcast import monitoring

        admin, now = build(args.clusters)
        summary = {"clusters": args.clusters}
        with QueryLog() as first_log:
            first, summary["check_first_ms"] = timed(lambda: monitoring._check(now))
        summary["check_first_queries"] = len(first_log.queries)
        summary["check_first_result"] = first
        with QueryLog() as steady_log:
            steady, summary["check_steady_ms"] = timed(
                lambda: monitoring._check(now + dt.timedelta(seconds=30)))
        summary["check_steady_queries"] = len(steady_log.queries)
        summary["check_steady_result"] = steady

        client = Client(HTTP_HOST="hub.bench.vn")
        client.force_login(admin)
        for name, url in (("network", "/quan-tri/truyen-thanh/giam-sat/"),
                          ("reports", "/quan-tri/truyen-thanh/bao-cao/?thang=2026-12")):
            client.get(url)
            with QueryLog() as page_log:
                response, summary[f"{name}_ms"] = timed(lambda u=url: client.get(u),
                                                        args.requests)
            assert response.status_code == 200, response.status_code
            summary[f"{name}_queries"] = len(page_log.queries) // args.requests
            summary[f"{name}_kb"] = round(len(response.content) / 1024)
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
