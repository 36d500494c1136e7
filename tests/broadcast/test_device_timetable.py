"""Approval gating and priorities in what devices receive (`plays.device_timetable`)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from wagtail.models import ModelLogEntry

from bantin.broadcast import approval, timetable
from bantin.broadcast.audio import silent_wav
from bantin.broadcast.models import Approval, ClusterGroup, ScheduleSlot
from bantin.broadcast.plays import device_timetable
from tests.broadcast import broadcast_world
from tests.broadcast.broadcast_world import make_programme, make_schedule

pytestmark = pytest.mark.django_db
world = broadcast_world.world

DAY = dt.date(2026, 12, 2)


def window(day=DAY):
    start = timetable.local(day, dt.time(0, 0))
    return start, start + dt.timedelta(days=1)


def test_approved_programme_and_schedule_reach_the_device(world):
    mod = world["people"]["a-moderators"]
    station, (c1, c2) = world["stations"]["a"], world["clusters"]["a"]
    programme = make_programme(station, approve_by=mod)
    make_schedule(station, programme, [c1], approve_by=mod)
    plays = device_timetable(c1, *window())
    assert len(plays) == 1
    play = plays[0]
    assert play.start == timetable.local(DAY, dt.time(6, 0))
    assert play.power_on == timetable.local(DAY, dt.time(5, 58))
    assert play.power_off == timetable.local(DAY, dt.time(6, 31))
    assert play.programme == (programme.pk,)
    assert device_timetable(c2, *window()) == []


@pytest.mark.parametrize("state", ["draft", "submitted", "rejected"])
def test_an_unapproved_programme_never_reaches_the_device(world, state):
    mod = world["people"]["a-moderators"]
    station, (c1, _) = world["stations"]["a"], world["clusters"]["a"]
    programme = make_programme(station)
    if state == "submitted":
        approval.submit(programme, world["people"]["a-editors"])
    elif state == "rejected":
        approval.reject(programme, mod, "Sai nội dung")
    make_schedule(station, programme, [c1], approve_by=mod)
    assert programme.approval == state
    assert device_timetable(c1, *window()) == []


@pytest.mark.parametrize("state", ["draft", "submitted", "rejected"])
def test_an_unapproved_schedule_never_reaches_the_device(world, state):
    mod = world["people"]["a-moderators"]
    station, (c1, _) = world["stations"]["a"], world["clusters"]["a"]
    programme = make_programme(station, approve_by=mod)
    schedule = make_schedule(station, programme, [c1])
    if state == "submitted":
        approval.submit(schedule, world["people"]["a-editors"])
    elif state == "rejected":
        approval.reject(schedule, mod)
    assert device_timetable(c1, *window()) == []


def test_editing_approved_audio_sends_the_programme_back_for_approval(world):
    mod = world["people"]["a-moderators"]
    station, (c1, _) = world["stations"]["a"], world["clusters"]["a"]
    programme = make_programme(station, approve_by=mod)
    make_schedule(station, programme, [c1], approve_by=mod)
    programme.title = "Bản tin (đổi tên)"
    programme.save()
    assert programme.approval == Approval.APPROVED  # the title is not what was approved
    programme.audio.save("khac.wav", ContentFile(silent_wav(0.7)), save=True)
    programme.refresh_from_db()
    assert programme.approval == Approval.SUBMITTED
    assert device_timetable(c1, *window()) == []
    approval.approve(programme, mod)
    assert len(device_timetable(c1, *window())) == 1


def test_editing_approved_slots_sends_the_schedule_back_for_approval(world):
    mod = world["people"]["a-moderators"]
    station, (c1, _) = world["stations"]["a"], world["clusters"]["a"]
    programme = make_programme(station, approve_by=mod)
    schedule = make_schedule(station, programme, [c1], approve_by=mod)
    schedule.name = "Lịch sáng (đổi tên)"
    schedule.save()
    assert schedule.approval == Approval.APPROVED
    schedule.slots.add(ScheduleSlot(start_time=dt.time(17, 0), duration_minutes=15))
    schedule.save()
    schedule.refresh_from_db()
    assert schedule.approval == Approval.SUBMITTED
    assert device_timetable(c1, *window()) == []


def test_a_schedule_that_lost_its_approval_in_a_raw_update_is_not_trusted(world):
    """The signature is checked on reading too: a change saved around `save()` (a bulk
    update, say) does not reach devices."""
    mod = world["people"]["a-moderators"]
    station, (c1, _) = world["stations"]["a"], world["clusters"]["a"]
    programme = make_programme(station, approve_by=mod)
    schedule = make_schedule(station, programme, [c1], approve_by=mod)
    type(schedule).objects.filter(pk=schedule.pk).update(power_on_lead=9)
    assert device_timetable(c1, *window()) == []


def test_only_unit_moderators_approve_and_it_is_logged(world):
    station = world["stations"]["a"]
    programme = make_programme(station)
    for outsider in ("a-editors", "b-moderators"):
        with pytest.raises(PermissionDenied):
            approval.approve(programme, world["people"][outsider])
    hub_moderator = world["people"]["hub-moderators"]
    approval.approve(programme, hub_moderator, "Đồng ý")
    programme.refresh_from_db()
    assert programme.approval == Approval.APPROVED
    assert programme.decided_by == hub_moderator and programme.decided_at is not None
    entry = ModelLogEntry.objects.get(action=approval.APPROVE, object_id=str(programme.pk))
    assert entry.user == hub_moderator


def test_group_targets_and_exceptions_reach_each_cluster(world):
    mod = world["people"]["a-moderators"]
    station, (c1, c2) = world["stations"]["a"], world["clusters"]["a"]
    group = ClusterGroup.objects.create(station=station, name="Trung tâm")
    group.clusters.add(c1, c2)
    group.save()  # parental relations are stored on save
    programme = make_programme(station, approve_by=mod)
    schedule = make_schedule(station, programme, [], exceptions=[DAY])
    schedule.groups.add(group)
    approval.approve(schedule, mod)
    assert device_timetable(c1, *window()) == []
    assert len(device_timetable(c2, *window(DAY + dt.timedelta(days=1)))) == 1
    c2.active = False
    c2.save()
    assert device_timetable(c2, *window(DAY + dt.timedelta(days=1))) == []


def test_priority_programme_cuts_a_normal_one_on_the_device(world):
    mod = world["people"]["a-moderators"]
    station, (c1, _) = world["stations"]["a"], world["clusters"]["a"]
    normal = make_programme(station, approve_by=mod)
    urgent = make_programme(station, "Thông báo ưu tiên", priority="priority",
                            approve_by=mod)
    make_schedule(station, normal, [c1], approve_by=mod)
    make_schedule(station, urgent, [c1], name="Ưu tiên", slots=((dt.time(6, 10), 5),),
                  approve_by=mod)
    plays = device_timetable(c1, *window())
    assert [(p.priority, p.start.minute, p.end.minute, p.interrupted) for p in plays] == [
        ("normal", 0, 10, True), ("priority", 10, 15, False)]


def test_text_to_speech_programme_waits_for_its_audio(world):
    mod = world["people"]["a-moderators"]
    station, (c1, _) = world["stations"]["a"], world["clusters"]["a"]
    speech = make_programme(station, "Thông báo đọc", kind="speech",
                            text="UBND xã thông báo lịch tiêm chủng.", approve_by=mod)
    make_schedule(station, speech, [c1], approve_by=mod)
    assert device_timetable(c1, *window()) == []
    # The speech engine fills the audio in later; that is a new sound to approve.
    speech.audio.save("doc.wav", ContentFile(silent_wav(0.3)), save=True)
    assert device_timetable(c1, *window()) == []
    approval.approve(speech, mod)
    assert len(device_timetable(c1, *window())) == 1
