"""Emergency messages: who they reach, who may send them, what sending and cancelling
create, the report per cluster and the audit log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from bantin.broadcast import commands, emergency
from bantin.broadcast.models import (
    Cluster,
    ClusterGroup,
    Command,
    EmergencyDelivery,
    EmergencyMessage,
)
from tests.broadcast import broadcast_world
from tests.broadcast.broadcast_world import make_programme

pytestmark = pytest.mark.django_db
world = broadcast_world.world


def make_message(world, key="a", *, approved=True, **targets):
    station = world["stations"][key]
    programme = make_programme(
        station, approve_by=world["people"][f"{key}-moderators"] if approved else None)
    message = EmergencyMessage.objects.create(
        station=station, title="Bão số 3 đổ bộ", programme=programme,
        to_all=targets.pop("to_all", False), repeat_count=2, repeat_gap_seconds=30)
    for name, objects in targets.items():
        getattr(message, name).set(objects)
    return message


def device_ids(message):
    return sorted(c.device_id for c in emergency.targets(message))


def test_to_all_reaches_the_station_unit_and_the_units_below(world):
    assert device_ids(make_message(world, "hub", to_all=True)) == [
        "a-1", "a-2", "b-1", "b-2", "hub-1", "hub-2"]
    assert device_ids(make_message(world, "a", to_all=True)) == ["a-1", "a-2"]


def test_inactive_clusters_and_stations_are_left_out(world):
    a1 = world["clusters"]["a"][0]
    a1.active = False
    a1.save()
    world["stations"]["b"].active = False
    world["stations"]["b"].save()
    assert device_ids(make_message(world, "hub", to_all=True)) == ["a-2", "hub-1", "hub-2"]


def test_stations_groups_and_clusters_as_targets(world):
    a1, a2 = world["clusters"]["a"]
    group = ClusterGroup.objects.create(station=world["stations"]["a"], name="Trung tâm")
    group.clusters.set([a2])
    group.save()  # a parental relation is stored on save
    assert device_ids(make_message(world, "a", groups=[group])) == ["a-2"]
    assert device_ids(make_message(world, "a", clusters=[a1])) == ["a-1"]
    assert device_ids(make_message(world, "hub", stations=[world["stations"]["b"]],
                                   clusters=[a1])) == ["a-1", "b-1", "b-2"]
    assert device_ids(make_message(world, "a")) == []


def test_a_commune_cannot_reach_another_communes_clusters(world):
    b1 = world["clusters"]["b"][0]
    message = make_message(world, "a", clusters=[b1, world["clusters"]["a"][0]],
                           stations=[world["stations"]["b"]])
    assert device_ids(message) == ["a-1"]


def test_only_moderators_of_the_unit_or_above_may_send(world):
    message = make_message(world, "a", to_all=True)
    for who in ("a-editors", "b-moderators", "hub-editors"):
        with pytest.raises(PermissionDenied):
            emergency.send(message, world["people"][who])
    message.refresh_from_db()
    assert message.state == EmergencyMessage.DRAFT and not Command.objects.exists()
    emergency.send(message, world["people"]["hub-moderators"])
    message.refresh_from_db()
    assert message.state == EmergencyMessage.SENT


def test_sending_creates_deliveries_commands_and_a_log_entry(world):
    message = make_message(world, "a", to_all=True)
    moderator = world["people"]["a-moderators"]
    assert emergency.send(message, moderator) == 2
    message.refresh_from_db()
    assert message.sent_by == moderator and message.sent_at is not None
    issued = list(Command.objects.filter(emergency=message))
    assert sorted(c.cluster.device_id for c in issued) == ["a-1", "a-2"]
    assert all(c.created_by == moderator and c.ack_detail == "" for c in issued)
    assert {c.created_at for c in issued} == {issued[0].created_at}
    assert issued[0].expires_at > issued[0].created_at
    assert {c.kind for c in issued} == {Command.PLAY_EMERGENCY}
    payload = Command.objects.get(pk=issued[0].pk).payload
    assert payload == {
        "programme": message.programme_id, "title": "Bão số 3 đổ bộ",
        "audio_url": f"/api/devices/v1/audio/{message.programme_id}",
        "size": message.programme.delivery_size, "sha256": message.programme.delivery_sha256,
        "duration_seconds": 1,  # of the delivery file (the typed duration says 60)
        "repeat_count": 2, "repeat_gap_seconds": 30, "priority": "emergency"}
    assert EmergencyDelivery.objects.filter(message=message).count() == 2
    entry = ModelLogEntry.objects.get(action=emergency.SEND, object_id=str(message.pk))
    assert entry.user == moderator and entry.data["clusters"] == 2
    with pytest.raises(ValidationError):
        emergency.send(message, moderator)  # once only
    assert Command.objects.count() == 2


def test_an_unapproved_programme_is_refused(world):
    message = make_message(world, "a", approved=False, to_all=True)
    with pytest.raises(ValidationError, match="chưa được duyệt"):
        emergency.send(message, world["people"]["a-moderators"])
    message.refresh_from_db()
    assert message.state == EmergencyMessage.DRAFT
    assert not Command.objects.exists() and not EmergencyDelivery.objects.exists()
    assert not ModelLogEntry.objects.filter(action=emergency.SEND).exists()


def test_audio_not_yet_in_the_delivery_format_is_refused(world):
    station = world["stations"]["a"]
    programme = make_programme(station, approve_by=world["people"]["a-moderators"],
                               delivered=False)
    message = EmergencyMessage.objects.create(station=station, title="Cháy rừng",
                                              programme=programme, to_all=True)
    with pytest.raises(ValidationError, match="định dạng phát"):
        emergency.send(message, world["people"]["a-moderators"])
    assert not Command.objects.exists() and not EmergencyDelivery.objects.exists()


def test_the_command_names_the_delivery_file_devices_download(world):
    message = make_message(world, "a", to_all=True)
    emergency.send(message, world["people"]["a-moderators"])
    payload = Command.objects.filter(emergency=message).first().payload
    programme = message.programme
    assert payload["audio_url"] == f"/api/devices/v1/audio/{programme.pk}"
    assert (payload["size"], payload["sha256"]) == (programme.delivery_size,
                                                    programme.delivery_sha256)
    assert payload["repeat_count"] == 2 and payload["repeat_gap_seconds"] == 30


def test_no_active_target_is_refused(world):
    message = make_message(world, "a", clusters=[world["clusters"]["b"][0]])
    with pytest.raises(ValidationError, match="Không có cụm loa"):
        emergency.send(message, world["people"]["a-moderators"])
    assert not Command.objects.exists()


def test_cancel_stops_the_clusters_and_expires_unfetched_commands(world):
    message = make_message(world, "a", to_all=True)
    moderator = world["people"]["a-moderators"]
    with pytest.raises(ValidationError):
        emergency.cancel(message, moderator)  # not sent yet
    emergency.send(message, moderator)
    played = list(Command.objects.filter(emergency=message))
    a1, a2 = world["clusters"]["a"]
    commands.acknowledge(a1, next(c.pk for c in played if c.cluster == a1), True)
    with pytest.raises(PermissionDenied):
        emergency.cancel(message, world["people"]["a-editors"])
    assert emergency.cancel(message, moderator) == 2
    stops = list(Command.objects.filter(emergency=message, kind=Command.STOP))
    message.refresh_from_db()
    assert message.state == EmergencyMessage.CANCELLED and message.cancelled_at
    assert sorted(c.cluster.device_id for c in stops) == ["a-1", "a-2"]
    assert {c.kind for c in stops} == {Command.STOP}
    # a-2 had not fetched the play command: it now gets only the stop.
    assert [c.kind for c in commands.pending_for(a2)] == [Command.STOP]
    assert ModelLogEntry.objects.filter(action=emergency.CANCEL,
                                        object_id=str(message.pk)).count() == 1
    with pytest.raises(ValidationError):
        emergency.cancel(message, moderator)


def test_report_counts_each_state(world):
    message = make_message(world, "hub", to_all=True)
    emergency.send(message, world["people"]["hub-moderators"])
    issued = {c.cluster.device_id: c for c in Command.objects.filter(emergency=message)}
    clusters = {c.device_id: c for c in Cluster.objects.all()}
    commands.acknowledge(clusters["a-1"], issued["a-1"].pk, True)
    commands.acknowledge(clusters["a-2"], issued["a-2"].pk, True)
    commands.acknowledge(clusters["b-1"], issued["b-1"].pk, False, "Không tải được")
    EmergencyDelivery.objects.filter(message=message, cluster=clusters["a-2"]).update(
        started_at=message.deliveries.get(cluster=clusters["a-2"]).received_at)
    message.refresh_from_db()
    result = emergency.report(message)
    assert result["counts"] == {"total": 6, "pending": 3, "received": 1, "started": 1,
                                "finished": 0, "failed": 1, "acknowledged": 2}
    seconds = {r.delivery.cluster.device_id: r.seconds_to_ack for r in result["rows"]}
    assert seconds["a-1"] is not None and seconds["a-1"] >= 0 and seconds["hub-1"] is None


def test_live_control_by_editors_of_the_unit(world):
    a1, a2 = world["clusters"]["a"]
    editor = world["people"]["a-editors"]
    issued = emergency.control([a1, a2], Command.VOLUME, editor, volume=30, target=a1)
    assert [c.payload for c in issued] == [{"volume": 30}, {"volume": 30}]
    assert ModelLogEntry.objects.filter(action=emergency.COMMAND).count() == 1
    with pytest.raises(PermissionDenied):
        emergency.control([world["clusters"]["b"][0]], Command.STOP, editor)
    for kind, volume in ((Command.VOLUME, None), (Command.VOLUME, 101),
                         (Command.PLAY_EMERGENCY, None)):
        with pytest.raises(ValidationError):
            emergency.control([a1], kind, editor, volume=volume)
    assert Command.objects.count() == 2
