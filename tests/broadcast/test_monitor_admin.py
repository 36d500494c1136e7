"""The monitoring pages: map and list with filters, a cluster's page, alerts handled by
staff; each unit sees only its own stations."""

import datetime as dt

import pytest
from django.utils import timezone

from bantin.broadcast.models import Alert, Cluster, DeviceState, PlayLog, PlayOutcome
from tests.broadcast import broadcast_world

pytestmark = pytest.mark.django_db
world = broadcast_world.world
BASE = "/quan-tri/truyen-thanh"


@pytest.fixture
def running(world):
    now = timezone.now()
    a1, a2 = world["clusters"]["a"]
    b1, _b2 = world["clusters"]["b"]
    for cluster, lat, lon in ((a1, "21.02", "105.80"), (a2, "21.05", "105.85"),
                              (b1, "21.10", "105.90")):
        cluster.latitude, cluster.longitude = lat, lon
        cluster.save()
    DeviceState.objects.create(cluster=a1, last_seen=now, power=True, playing="programme:1",
                               volume=70, signal=88, firmware="loa-2.4.1")
    DeviceState.objects.create(cluster=a2, last_seen=now - dt.timedelta(hours=2),
                               firmware="loa-2.3.0")
    DeviceState.objects.create(cluster=b1, last_seen=now, fault="Zqx hỏng loa")
    Alert.objects.create(cluster=a2, kind=Alert.OFFLINE, raised_at=now, detail="Mất tín hiệu")
    Alert.objects.create(cluster=b1, kind=Alert.FAULT, raised_at=now, detail="Zqx hỏng loa")
    PlayLog.objects.create(cluster=a1, play_key="p1", started_at=now - dt.timedelta(minutes=5),
                           outcome=PlayOutcome.STARTED, detail="Bản tin Alpha")
    return now


def test_the_network_page_maps_and_lists_the_units_clusters(client, world, running):
    client.force_login(world["people"]["a-editors"])
    page = client.get(f"{BASE}/giam-sat/").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="bantin-map"' in page
    assert page.count("<circle") == 2  # a1 and a2; b1 belongs to another unit
    assert 'data-state="playing"' in page and 'data-state="offline"' in page
    assert "Cụm a 1" in page and "Cụm b 1" not in page and "Zqx" not in page
    assert "loa-2.4.1" in page and "70%" in page and "88%" in page
    assert "http://" not in page.split("<svg", 1)[1].split("</svg>")[0].replace(
        "http://www.w3.org/2000/svg", "")  # nothing fetched from elsewhere

    offline = client.get(f"{BASE}/giam-sat/", {"trang-thai": "offline"}).content.decode()
    assert "Cụm a 2" in offline and "Cụm a 1" not in offline
    alerted = client.get(f"{BASE}/giam-sat/", {"canh-bao": "1"}).content.decode()
    assert "Cụm a 2" in alerted and "Cụm a 1" not in alerted
    found = client.get(f"{BASE}/giam-sat/", {"q": "a-1"}).content.decode()
    assert "Cụm a 1" in found and "Cụm a 2" not in found
    # Bad filters are ignored, not errors; another unit's station shows nothing of it.
    for params in ({"trang-thai": "<x>"}, {"dai": "abc"}, {"p": "999"},
                   {"dai": world["stations"]["b"].pk}):
        response = client.get(f"{BASE}/giam-sat/", params)
        assert response.status_code == 200 and "Cụm b 1" not in response.content.decode()


def test_the_hub_sees_the_units_below(client, world, running):
    client.force_login(world["people"]["hub-editors"])
    page = client.get(f"{BASE}/giam-sat/").content.decode()
    assert "Cụm a 1" in page and "Cụm b 1" in page and "Zqx hỏng loa" in page


def test_a_clusters_page(client, world, running):
    a1 = world["clusters"]["a"][0]
    client.force_login(world["people"]["a-editors"])
    page = client.get(f"{BASE}/giam-sat/cum-loa/{a1.pk}/").content.decode()
    assert "Đang phát" in page and "programme:1" in page and "Bản tin Alpha" in page
    other = world["clusters"]["b"][0]
    assert client.get(f"{BASE}/giam-sat/cum-loa/{other.pk}/").status_code in (403, 404)
    assert client.get(f"{BASE}/giam-sat/cum-loa/999999/").status_code == 404
    never = world["clusters"]["a"][1]
    DeviceState.objects.filter(cluster=never).delete()
    assert "Chưa gửi tín hiệu" in client.get(
        f"{BASE}/giam-sat/cum-loa/{never.pk}/").content.decode()


def test_alerts_are_acknowledged_and_resolved_within_the_unit(client, world, running):
    mine = Alert.objects.get(cluster__station=world["stations"]["a"])
    theirs = Alert.objects.get(cluster__station=world["stations"]["b"])
    client.force_login(world["people"]["a-editors"])
    listing = client.get(f"{BASE}/canh-bao/").content.decode()
    assert "Mất tín hiệu" in listing and "Zqx" not in listing

    response = client.post(f"{BASE}/canh-bao/", {"action": "acknowledge",
                                                 "alert": [mine.pk, theirs.pk]}, follow=True)
    assert "Đã ghi nhận 1 cảnh báo" in response.content.decode()
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.acknowledged_by == world["people"]["a-editors"]
    assert theirs.acknowledged_at is None

    for bad in ({"action": "xoa", "alert": [mine.pk]}, {"action": "resolve"},
                {"action": "resolve", "alert": ["abc"]}):
        response = client.post(f"{BASE}/canh-bao/", bad, follow=True)
        assert response.status_code == 200
    assert Alert.objects.filter(resolved_at__isnull=True).count() == 2

    client.post(f"{BASE}/canh-bao/", {"action": "resolve", "alert": [mine.pk, theirs.pk]})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.resolved_at is not None and mine.resolved_by == world["people"]["a-editors"]
    assert theirs.resolved_at is None
    assert "Mất tín hiệu" not in client.get(f"{BASE}/canh-bao/").content.decode()
    assert "Mất tín hiệu" in client.get(f"{BASE}/canh-bao/", {"xem": "tat-ca"}).content.decode()


def test_people_without_broadcast_permissions_are_kept_out(client, world, running):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("khach", password="mat-khau-dai-12")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for url in ("giam-sat/", "canh-bao/", "bao-cao/",
                f"giam-sat/cum-loa/{world['clusters']['a'][0].pk}/"):
        assert client.get(f"{BASE}/{url}").status_code in (302, 403)
    assert client.post(f"{BASE}/canh-bao/", {"action": "resolve",
                                            "alert": list(Alert.objects.values_list(
                                                "pk", flat=True))}).status_code in (302, 403)
    assert not Alert.objects.filter(resolved_at__isnull=False).exists()


def test_the_broadcast_menu_offers_monitoring(client, world):
    client.force_login(world["people"]["a-editors"])
    page = client.get("/quan-tri/").content.decode()  # the menu is JSON (\u escapes)
    for url in ("giam-sat/", "canh-bao/", "bao-cao/"):
        assert f'"url": "{BASE}/{url}"' in page


def test_the_map_handles_ten_thousand_clusters(world):
    """Built from plain values, whatever the number of points (no query per cluster)."""
    from bantin.broadcast.admin_views import network_map

    points = [{"pk": i, "name": f"Cụm {i}", "latitude": 20 + i / 10000,
               "longitude": 105 + (i % 100) / 100, "monitor_state": "online",
               "url": f"/x/{i}/"} for i in range(10000)]
    svg = network_map(points)
    assert svg.count("<circle") == 10000
    assert network_map([]) == ""
    one = network_map(points[:1])  # one point: no division by a zero span
    assert "<circle" in one and "nan" not in one
    assert Cluster.objects.count() == 6
