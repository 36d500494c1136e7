"""The pure schedule expansion: dates, weekdays, exceptions, midnight, clashes, priorities."""

import datetime as dt

from bantin.broadcast import timetable as tt
from bantin.broadcast.timetable import ScheduleSpec, SlotSpec

D = dt.date


def spec(**kw):
    base = dict(id=1, name="Bản tin sáng", clusters=frozenset({10}),
                slots=(SlotSpec(dt.time(6, 0), 30),), first_date=D(2026, 12, 1))
    base.update(kw)
    return ScheduleSpec(**base)


def at(day, hh, mm=0):
    return tt.local(day, dt.time(hh, mm))


def test_daily_schedule_plays_every_day_between_its_dates():
    plays = tt.expand([spec(last_date=D(2026, 12, 3))], D(2026, 11, 28), D(2026, 12, 10))
    assert [p.start for p in plays] == [at(D(2026, 12, d), 6) for d in (1, 2, 3)]
    assert all(p.end - p.start == dt.timedelta(minutes=30) for p in plays)


def test_open_ended_schedule_runs_to_the_end_of_the_range():
    plays = tt.expand([spec()], D(2026, 12, 30), D(2027, 1, 2))
    assert len(plays) == 4


def test_weekly_schedule_plays_on_its_iso_weekdays_only():
    # 1 Dec 2026 is a Tuesday.
    weekly = spec(repeat=tt.WEEKLY, weekdays=frozenset({1, 3, 7}))
    plays = tt.expand([weekly], D(2026, 12, 1), D(2026, 12, 14))
    assert [p.start.date().isoweekday() for p in plays] == [3, 7, 1, 3, 7, 1]
    assert plays[0].start.date() == D(2026, 12, 2)


def test_weekly_schedule_without_weekdays_plays_nothing():
    assert tt.expand([spec(repeat=tt.WEEKLY)], D(2026, 12, 1), D(2026, 12, 31)) == []


def test_exceptions_remove_their_dates_only():
    plays = tt.expand([spec(exceptions=frozenset({D(2026, 12, 2)}))], D(2026, 12, 1),
                      D(2026, 12, 3))
    assert [p.start.day for p in plays] == [1, 3]


def test_power_on_before_and_off_after():
    play = tt.expand([spec(lead_minutes=3, lag_minutes=2)], D(2026, 12, 1), D(2026, 12, 1))[0]
    assert play.power_on == at(D(2026, 12, 1), 5, 57)
    assert play.power_off == at(D(2026, 12, 1), 6, 32)


def test_a_slot_crossing_midnight_ends_the_next_day_and_belongs_to_its_start_date():
    late = spec(slots=(SlotSpec(dt.time(23, 30), 60),), last_date=D(2026, 12, 1),
                exceptions=frozenset({D(2026, 12, 2)}))
    plays = tt.expand([late], D(2026, 12, 1), D(2026, 12, 5))
    assert len(plays) == 1
    assert plays[0].start == at(D(2026, 12, 1), 23, 30)
    assert plays[0].end == at(D(2026, 12, 2), 0, 30)


def test_between_includes_the_play_from_the_evening_before():
    late = spec(slots=(SlotSpec(dt.time(23, 30), 60),))
    plays = tt.between([late], at(D(2026, 12, 2), 0), at(D(2026, 12, 2), 12))
    assert [p.start for p in plays] == [at(D(2026, 12, 1), 23, 30)]


def test_local_time_has_no_daylight_saving():
    plays = tt.expand([spec(slots=(SlotSpec(dt.time(2, 0), 60),), first_date=D(2026, 1, 1))],
                      D(2026, 3, 1),
                      D(2026, 11, 30))
    assert len(plays) == 275
    assert {p.start.utcoffset() for p in plays} == {dt.timedelta(hours=7)}
    assert {(p.end - p.start) for p in plays} == {dt.timedelta(hours=1)}
    assert {p.start.astimezone(dt.UTC).hour for p in plays} == {19}


def test_group_targets_are_one_play_per_cluster():
    plays = tt.expand([spec(clusters=frozenset({1, 2, 3}))], D(2026, 12, 1), D(2026, 12, 1))
    assert sorted(p.cluster for p in plays) == [1, 2, 3]


def test_conflicts_are_overlaps_on_the_same_cluster():
    a = spec(id=1, name="A")
    b = spec(id=2, name="B", slots=(SlotSpec(dt.time(6, 20), 20),),
             clusters=frozenset({10, 11}))
    touching = spec(id=3, name="C", slots=(SlotSpec(dt.time(6, 30), 10),))
    found = tt.conflicts(tt.expand([a, b, touching], D(2026, 12, 1), D(2026, 12, 1)))
    assert len(found) == 2
    pairs = {frozenset({c.first.schedule, c.second.schedule}) for c in found}
    assert pairs == {frozenset({1, 2}), frozenset({2, 3})}
    assert {c.cluster for c in found} == {10}


def test_clashes_with_finds_midnight_overlap_on_the_next_day():
    late = spec(id=1, name="Đêm", slots=(SlotSpec(dt.time(23, 30), 60),),
                first_date=D(2026, 12, 1))
    early = spec(id=2, name="Sớm", slots=(SlotSpec(dt.time(0, 15), 10),),
                 first_date=D(2026, 12, 1))
    found = tt.clashes_with(late, [early], today=D(2026, 11, 1))
    assert found
    first = found[0]
    assert {first.first.schedule_name, first.second.schedule_name} == {"Đêm", "Sớm"}
    assert first.second.start == at(D(2026, 12, 2), 0, 15)


def test_clashes_with_respects_date_ranges_weekdays_and_other_priorities():
    a = spec(id=1, last_date=D(2026, 12, 10))
    later = spec(id=2, first_date=D(2026, 12, 11))
    assert tt.clashes_with(a, [later], today=D(2026, 11, 1)) == []
    mondays = spec(id=3, repeat=tt.WEEKLY, weekdays=frozenset({1}))
    tuesdays = spec(id=4, repeat=tt.WEEKLY, weekdays=frozenset({2}))
    assert tt.clashes_with(mondays, [tuesdays], today=D(2026, 11, 1)) == []
    urgent = spec(id=5, priority=tt.PRIORITY)
    assert tt.clashes_with(a, [urgent], today=D(2026, 11, 1)) == []
    other_cluster = spec(id=6, clusters=frozenset({99}))
    assert tt.clashes_with(a, [other_cluster], today=D(2026, 11, 1)) == []
    assert tt.clashes_with(a, [spec(id=7)], today=D(2026, 11, 1))


def test_clashes_with_skips_dates_in_the_past():
    old = spec(id=1, last_date=D(2026, 1, 31))
    assert tt.clashes_with(old, [spec(id=2)], today=D(2026, 6, 1)) == []


def test_self_overlapping_slots_are_found_across_midnight():
    bad = spec(slots=(SlotSpec(dt.time(23, 0), 120), SlotSpec(dt.time(0, 30), 15)))
    assert tt.self_overlaps(bad)
    good = spec(slots=(SlotSpec(dt.time(6, 0), 30), SlotSpec(dt.time(17, 0), 30)))
    assert tt.self_overlaps(good) == []


def test_priority_wins_over_normal_and_cuts_it_off():
    normal = spec(id=1, slots=(SlotSpec(dt.time(6, 0), 30),))
    urgent = spec(id=2, priority=tt.PRIORITY, slots=(SlotSpec(dt.time(6, 10), 10),))
    plays = tt.resolve(tt.expand([normal, urgent], D(2026, 12, 1), D(2026, 12, 1)))
    assert [(p.schedule, p.start.minute, p.end.minute, p.interrupted) for p in plays] == [
        (1, 0, 10, True), (2, 10, 20, False)]
    assert plays[0].power_off == plays[0].end  # no lag set: off at the cut


def test_a_normal_play_beginning_during_a_priority_one_is_skipped():
    urgent = spec(id=1, priority=tt.PRIORITY, slots=(SlotSpec(dt.time(6, 0), 30),))
    normal = spec(id=2, slots=(SlotSpec(dt.time(6, 10), 10),))
    plays = tt.resolve(tt.expand([normal, urgent], D(2026, 12, 1), D(2026, 12, 1)))
    assert [p.schedule for p in plays] == [1]


def test_emergency_preempts_priority_and_normal():
    normal = spec(id=1, slots=(SlotSpec(dt.time(6, 0), 60),))
    urgent = spec(id=2, priority=tt.PRIORITY, slots=(SlotSpec(dt.time(6, 5), 50),))
    alarm = spec(id=3, priority=tt.EMERGENCY, slots=(SlotSpec(dt.time(6, 20), 5),))
    plays = tt.resolve(tt.expand([normal, urgent, alarm], D(2026, 12, 1), D(2026, 12, 1)))
    assert [(p.schedule, p.start.minute, p.end.minute) for p in plays] == [
        (1, 0, 5), (2, 5, 20), (3, 20, 25)]


def test_equal_priorities_keep_the_earlier_start():
    first = spec(id=2, slots=(SlotSpec(dt.time(6, 0), 30),))
    second = spec(id=1, slots=(SlotSpec(dt.time(6, 15), 30),))
    plays = tt.resolve(tt.expand([first, second], D(2026, 12, 1), D(2026, 12, 1)))
    assert [p.schedule for p in plays] == [2]


def test_resolution_is_per_cluster():
    normal = spec(id=1, clusters=frozenset({1, 2}))
    alarm = spec(id=2, priority=tt.EMERGENCY, clusters=frozenset({2}))
    plays = tt.resolve(tt.expand([normal, alarm], D(2026, 12, 1), D(2026, 12, 1)))
    assert sorted((p.cluster, p.schedule) for p in plays) == [(1, 1), (2, 2)]
