"""Shared fixtures of the broadcast tests: a hub and two communes, each with a station,
clusters and staff."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from bantin.broadcast import approval
from bantin.broadcast.audio import silent_wav
from bantin.broadcast.models import (
    Cluster,
    Programme,
    Schedule,
    ScheduleException,
    ScheduleSlot,
    Station,
)
from bantin.units.provision import create_unit
from tests import shared_data


def build_world() -> dict:
    hub = create_unit("Huyện Thử", "hub.example.vn").unit
    units = {"hub": hub,
             "a": create_unit("Xã Alpha", "alpha.example.vn", "hub.example.vn").unit,
             "b": create_unit("Xã Beta", "beta.example.vn", "hub.example.vn").unit}
    User = get_user_model()
    people, stations, clusters = {}, {}, {}
    for key, unit in units.items():
        for role in ("editors", "moderators"):
            user = User.objects.create_user(f"{key}-{role}", password="mat-khau-dai-12")
            user.groups.add(getattr(unit, role))
            people[f"{key}-{role}"] = user
        stations[key] = Station.objects.create(site=unit.site, name=f"Đài {unit.name}")
        clusters[key] = [
            Cluster.objects.create(station=stations[key], name=f"Cụm {key} {i}",
                                   village=f"Thôn {i}", device_id=f"{key}-{i}")
            for i in (1, 2)
        ]
    return {"units": units, "people": people, "stations": stations, "clusters": clusters}


# Built once per test module (tests/shared_data.py); each test gets its own copies.
world_snapshot = shared_data.per_module(build_world)


@pytest.fixture
def world(request, world_snapshot, db):
    """A hub and two communes, each with a station, two clusters, editors and moderators."""
    return world_snapshot.get(request)


def make_programme(station, title="Bản tin", priority="normal", approve_by=None, *,
                   delivered=True, **kw):
    """A programme; an uploaded one gets a tone and, unless `delivered` is False, a delivery
    file as the transcoding task would make it (without running ffmpeg)."""
    programme = Programme(station=station, title=title, priority=priority,
                          duration_seconds=60, **kw)
    if programme.kind == Programme.UPLOAD and not programme.audio:
        programme.audio.save("ban-tin.wav", ContentFile(silent_wav(0.5)), save=False)
    programme.save()
    if delivered and programme.kind == Programme.UPLOAD:
        from tests.broadcast.device_client import set_delivery

        set_delivery(programme, b"\xff\xfb\x90\x00" + bytes(413))
        programme.refresh_from_db()
    if approve_by is not None:
        approval.approve(programme, approve_by)
    return programme


def make_schedule(station, programme, clusters, *, slots=((dt.time(6, 0), 30),),
                  first_date=dt.date(2026, 12, 1), approve_by=None, exceptions=(), **kw):
    schedule = Schedule(station=station, name=kw.pop("name", "Lịch sáng"), programme=programme,
                        first_date=first_date, power_on_lead=2, power_off_lag=1, **kw)
    for start, minutes in slots:
        schedule.slots.add(ScheduleSlot(start_time=start, duration_minutes=minutes))
    for day in exceptions:
        schedule.exceptions.add(ScheduleException(date=day))
    schedule.clusters = clusters
    schedule.save()
    if approve_by is not None:
        approval.approve(schedule, approve_by)
    return schedule
