"""The emergency and live control admin: forms refuse bad input and store nothing, the
send page says how many clusters receive the message, only moderators send, the report
shows each cluster."""

import pytest

from bantin.broadcast import commands
from bantin.broadcast.models import Command, EmergencyMessage
from tests.broadcast import broadcast_world
from tests.broadcast.broadcast_world import make_programme

pytestmark = pytest.mark.django_db
world = broadcast_world.world
URL = "/quan-tri/snippets/broadcast"


def login(client, world, who):
    client.force_login(world["people"][who])
    return client


def form_data(station, programme, **extra):
    data = {"station": station.pk, "title": "Cháy rừng", "programme": programme.pk,
            "repeat_count": "3", "repeat_gap_seconds": "60"}
    data.update(extra)
    return data


@pytest.fixture
def programme(world):
    return make_programme(world["stations"]["a"], approve_by=world["people"]["a-moderators"])


def test_the_form_refuses_bad_input_and_stores_nothing(client, world, programme):
    login(client, world, "a-editors")
    station = world["stations"]["a"]
    cases = [
        ({}, "__all__"),
        ({"to_all": "on", "repeat_count": "0"}, "repeat_count"),
        ({"to_all": "on", "repeat_count": "21"}, "repeat_count"),
        ({"to_all": "on", "repeat_gap_seconds": "3601"}, "repeat_gap_seconds"),
        ({"to_all": "on", "repeat_count": "ba"}, "repeat_count"),
        ({"clusters": [world["clusters"]["b"][0].pk]}, "clusters"),
    ]
    for extra, marker in cases:
        response = client.post(f"{URL}/emergencymessage/add/",
                               form_data(station, programme, **extra))
        assert response.status_code == 200, extra
        assert marker in response.context["form"].errors, extra
    assert "Chọn nơi nhận tin" in client.post(
        f"{URL}/emergencymessage/add/", form_data(station, programme)).content.decode()
    # The hub's staff see every cluster, but station a's message cannot reach commune b.
    login(client, world, "hub-editors")
    response = client.post(f"{URL}/emergencymessage/add/", form_data(
        station, programme, clusters=[world["clusters"]["b"][0].pk]))
    assert "Ngoài phạm vi của đài gửi" in str(response.context["form"].errors["clusters"])
    unapproved = make_programme(station, title="Chưa duyệt")
    response = client.post(f"{URL}/emergencymessage/add/",
                           form_data(station, unapproved, to_all="on"))
    assert list(response.context["form"].errors) == ["programme"]
    assert not EmergencyMessage.objects.exists()


def test_an_editor_prepares_and_a_moderator_sends(client, world, programme):
    login(client, world, "a-editors")
    response = client.post(f"{URL}/emergencymessage/add/",
                           form_data(world["stations"]["a"], programme, to_all="on"))
    assert response.status_code == 302
    message = EmergencyMessage.objects.get()
    assert message.state == EmergencyMessage.DRAFT
    assert message.created_by == world["people"]["a-editors"]
    page = client.get(f"{URL}/emergencymessage/gui/{message.pk}/").content.decode()
    assert 'data-emergency-count="2"' in page and "Chỉ lãnh đạo" in page
    refused = client.post(f"{URL}/emergencymessage/gui/{message.pk}/")
    assert refused.status_code == 403 or refused["Location"] == "/quan-tri/"
    assert not Command.objects.exists()

    login(client, world, "a-moderators")
    page = client.get(f"{URL}/emergencymessage/gui/{message.pk}/").content.decode()
    assert "Gửi ngay tới 2 cụm loa" in page
    response = client.post(f"{URL}/emergencymessage/gui/{message.pk}/")
    assert response["Location"] == f"{URL}/emergencymessage/bao-cao/{message.pk}/"
    assert Command.objects.filter(kind=Command.PLAY_EMERGENCY).count() == 2
    # Sent: the form no longer changes it.
    response = client.post(f"{URL}/emergencymessage/edit/{message.pk}/",
                           form_data(world["stations"]["a"], programme, to_all="on",
                                     title="Đổi"))
    message.refresh_from_db()
    assert message.title == "Cháy rừng"

    a1 = world["clusters"]["a"][0]
    commands.acknowledge(a1, Command.objects.get(cluster=a1).pk, True)
    report = client.get(f"{URL}/emergencymessage/bao-cao/{message.pk}/").content.decode()
    assert '<td data-count="received">1</td>' in report
    assert '<td data-count="pending">1</td>' in report
    assert 'data-cluster="a-1" data-status="received"' in report

    assert client.post(f"{URL}/emergencymessage/dung/{message.pk}/").status_code == 302
    assert Command.objects.filter(kind=Command.STOP).count() == 2
    message.refresh_from_db()
    assert message.state == EmergencyMessage.CANCELLED


def test_another_unit_cannot_reach_the_message(client, world, programme):
    message = EmergencyMessage.objects.create(station=world["stations"]["a"], title="Lũ",
                                              programme=programme, to_all=True)
    login(client, world, "b-moderators")
    for action in ("gui", "bao-cao", "dung"):
        assert client.get(f"{URL}/emergencymessage/{action}/{message.pk}/").status_code in (
            403, 404)
    assert client.post(f"{URL}/emergencymessage/gui/{message.pk}/").status_code in (403, 404)
    assert not Command.objects.exists()


def test_cluster_and_group_control(client, world):
    from bantin.broadcast.models import ClusterGroup

    login(client, world, "a-editors")
    a1, a2 = world["clusters"]["a"]
    url = f"{URL}/cluster/dieu-khien/{a1.pk}/"
    assert "Điều khiển" in client.get(f"{URL}/cluster/").content.decode()
    for data in ({"kind": "volume"}, {"kind": "volume", "volume": "150"},
                 {"kind": "play_emergency"}, {"kind": ""}):
        response = client.post(url, data)
        assert response.status_code == 200, data
        assert 'role="alert"' in response.content.decode(), data
    assert not Command.objects.exists()
    assert client.post(url, {"kind": "volume", "volume": "35"}).status_code == 302
    command = Command.objects.get()
    assert (command.cluster, command.payload, command.created_by) == (
        a1, {"volume": 35}, world["people"]["a-editors"])
    assert "Đặt âm lượng" in client.get(url).content.decode()

    group = ClusterGroup.objects.create(station=world["stations"]["a"], name="Trung tâm")
    group.clusters.set([a1, a2])
    group.save()
    response = client.post(f"{URL}/clustergroup/dieu-khien/{group.pk}/", {"kind": "power_off"})
    assert response.status_code == 302
    assert Command.objects.filter(kind=Command.POWER_OFF).count() == 2

    other = world["clusters"]["b"][0]
    assert client.post(f"{URL}/cluster/dieu-khien/{other.pk}/",
                       {"kind": "stop"}).status_code in (403, 404)
    assert Command.objects.count() == 3
