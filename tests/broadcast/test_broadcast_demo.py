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


@pytest.fixture
def espeak():
    import shutil

    if not shutil.which("espeak-ng"):
        pytest.skip("espeak-ng is not installed (make install-test installs it)")


def test_demo_network_has_91_clusters_19_on_schedules_and_a_week_of_programmes(espeak):
    from bantin.news.models import ArticlePage, CategoryPage

    hub = create_unit("Huyện Tân Uyên", "hub.example.vn").unit.site
    news = CategoryPage.objects.child_of(hub.root_page).first()
    article = ArticlePage(title="Huyện ra quân trồng rừng", slug="trong-rung",
                          lead="Năm nay trồng mới 300 ha.")
    news.add_child(instance=article)
    article.save_revision().publish()
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
    # 10 unit bulletins, 2 hub programmes, 7 weekday programmes, the article read aloud.
    assert Programme.objects.filter(approval=Approval.APPROVED).count() == 20
    speech = Programme.objects.get(kind=Programme.SPEECH)
    assert speech.approval == Approval.SUBMITTED and speech.audio
    read = Programme.objects.get(kind=Programme.ARTICLE)
    assert read.article_id == article.pk and read.is_approved and read.playable
    texts = [c.name for c in Cluster.objects.all()] + [p.title for p in Programme.objects.all()]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    cluster = Cluster.objects.get(pk=min(scheduled))
    day = timezone.localdate()
    start = timetable.local(day, dt.time(0, 0))
    plays = device_timetable(cluster, start, start + dt.timedelta(days=1))
    assert [p.start.time() for p in plays] == [dt.time(6, 0), dt.time(11, 0), dt.time(17, 30),
                                               dt.time(19, 0)]
    # A different weekday programme each day of the week at 11:00.
    week = device_timetable(cluster, start, start + dt.timedelta(days=7))
    noon = {p.programme for p in week if p.start.time() == dt.time(11, 0)}
    assert len(noon) == 7
    # Loading again changes nothing.
    assert demo.load_demo(hub, units, admin) == 91
    assert (Cluster.objects.count(), Schedule.objects.count(), Programme.objects.count()) == (
        91, 18, 21)
