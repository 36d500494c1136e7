"""The demo broadcast network: counts, approvals, idempotence and NFC text."""

import datetime as dt
import unicodedata

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from bantin.broadcast import demo, timetable
from bantin.broadcast.models import Approval, Cluster, Programme, Schedule, Station
from bantin.broadcast.plays import device_timetable
from bantin.demo import content
from bantin.units.provision import create_unit

pytestmark = pytest.mark.django_db


def test_demo_network_has_91_clusters_and_19_on_daily_schedules():
    hub = create_unit("Huyện Tân Uyên", "hub.example.vn").unit.site
    units = []
    for unit in content.UNITS:
        site = create_unit(unit["name"], f"{unit['slug']}.example.vn", "hub.example.vn").unit.site
        units.append((site, unit["name"], unit["slug"]))
    admin = get_user_model().objects.create_superuser("quantri", password="mat-khau-dai-12")
    assert demo.load_demo(hub, units, admin) == 91
    assert Station.objects.count() == 11
    assert Cluster.objects.count() == 91
    schedules = Schedule.objects.all()
    assert all(s.is_approved for s in schedules)
    scheduled = {c.pk for s in schedules for c in s.clusters.all()}
    assert len(scheduled) == 19
    assert Programme.objects.filter(approval=Approval.APPROVED).count() == 12
    speech = Programme.objects.get(kind=Programme.SPEECH)
    assert speech.approval == Approval.DRAFT and not speech.audio
    texts = [c.name for c in Cluster.objects.all()] + [p.title for p in Programme.objects.all()]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    start = timetable.local(timezone.localdate(), dt.time(0, 0))
    plays = device_timetable(Cluster.objects.get(pk=min(scheduled)), start,
                             start + dt.timedelta(days=1))
    assert [p.start.time() for p in plays] == [dt.time(6, 0), dt.time(17, 30)]
    # Loading again changes nothing.
    assert demo.load_demo(hub, units, admin) == 91
    assert (Cluster.objects.count(), Schedule.objects.count(), Programme.objects.count()) == (
        91, 10, 13)
