"""Schedule expansion: from recurring schedules to concrete plays per loudspeaker cluster.

Pure functions over plain data (`ScheduleSpec`, `SlotSpec`); `specs_from_schedules` turns
model instances into specs. All times are wall-clock times in Asia/Ho_Chi_Minh, which has
had no daylight saving time since 1975, so a slot of 60 minutes always lasts 60 minutes.

Rules (see docs/broadcast.md):
- A slot plays on each date from the schedule's first date to its last date (inclusive,
  open-ended when there is none) that is an active weekday (every day for a daily schedule)
  and not an exception. The date of a play is the date it starts: a slot 23:30 + 60 min
  on 1 Dec ends at 00:30 on 2 Dec, and an exception on 2 Dec does not remove it.
- Each play switches the cluster on `lead` minutes before its start and off `lag`
  minutes after its end.
- Two plays clash when their [start, end) intervals overlap on the same cluster. Saving a
  schedule that clashes with another of the same priority is refused.
- When plays of different priorities clash (emergency > priority > normal), the higher one
  wins: a lower play that would begin while a higher one is on is skipped, and one already
  playing when a higher one begins is cut off at that moment. Between equal priorities
  the earlier start wins (then the lower schedule id).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")

NORMAL, PRIORITY, EMERGENCY = "normal", "priority", "emergency"
RANK = {NORMAL: 0, PRIORITY: 1, EMERGENCY: 2}
DAILY, WEEKLY = "daily", "weekly"
MAX_SLOT_MINUTES = 24 * 60
# How far ahead a clash between two open-ended schedules is looked for. Patterns repeat
# every week, so a year finds every clash that exceptions do not hide.
CONFLICT_HORIZON_DAYS = 371


@dataclass(frozen=True)
class SlotSpec:
    start: dt.time
    minutes: int


@dataclass(frozen=True)
class ScheduleSpec:
    id: int | None
    name: str
    clusters: frozenset[int]
    slots: tuple[SlotSpec, ...]
    first_date: dt.date
    last_date: dt.date | None = None
    repeat: str = DAILY
    weekdays: frozenset[int] = frozenset()  # ISO weekdays 1 (Monday) .. 7 (Sunday)
    exceptions: frozenset[dt.date] = frozenset()
    lead_minutes: int = 0
    lag_minutes: int = 0
    priority: str = NORMAL
    programme: object = None  # what plays: a programme or playlist id/object, passed through

    def plays_on(self, day: dt.date) -> bool:
        if day < self.first_date or (self.last_date is not None and day > self.last_date):
            return False
        if day in self.exceptions:
            return False
        return self.repeat == DAILY or day.isoweekday() in self.weekdays


@dataclass(frozen=True)
class Play:
    cluster: int
    schedule: int | None
    schedule_name: str
    start: dt.datetime
    end: dt.datetime
    power_on: dt.datetime
    power_off: dt.datetime
    priority: str
    programme: object = None
    interrupted: bool = field(default=False, compare=False)

    @property
    def rank(self) -> int:
        return RANK[self.priority]


@dataclass(frozen=True)
class Conflict:
    cluster: int
    first: Play
    second: Play


def local(day: dt.date, at: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, at, tzinfo=TZ)


def _days(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def occurrences(spec: ScheduleSpec, start: dt.date, end: dt.date):
    """(start, end) of each play of `spec` starting on a date in [start, end]."""
    for day in _days(max(start, spec.first_date), min(end, spec.last_date or end)):
        if not spec.plays_on(day):
            continue
        for slot in spec.slots:
            begin = local(day, slot.start)
            yield begin, begin + dt.timedelta(minutes=slot.minutes)


def expand(specs: Iterable[ScheduleSpec], start: dt.date, end: dt.date) -> list[Play]:
    """Every play of `specs` starting on a date in [start, end], one per cluster, in time
    order. Nothing is resolved here: clashing plays are all returned."""
    plays = []
    for spec in specs:
        for begin, finish in occurrences(spec, start, end):
            for cluster in spec.clusters:
                plays.append(Play(
                    cluster=cluster, schedule=spec.id, schedule_name=spec.name,
                    start=begin, end=finish,
                    power_on=begin - dt.timedelta(minutes=spec.lead_minutes),
                    power_off=finish + dt.timedelta(minutes=spec.lag_minutes),
                    priority=spec.priority, programme=spec.programme,
                ))
    plays.sort(key=lambda p: (p.start, p.cluster, -p.rank, p.schedule or 0))
    return plays


def between(specs: Iterable[ScheduleSpec], start: dt.datetime, end: dt.datetime) -> list[Play]:
    """Plays whose power-on .. power-off window overlaps [start, end): a play that began
    the evening before and runs past midnight is included."""
    specs = list(specs)
    reach = max((s.lead_minutes + s.lag_minutes for s in specs), default=0)
    first_day = (start.astimezone(TZ) - dt.timedelta(minutes=MAX_SLOT_MINUTES + reach)).date()
    last_day = (end.astimezone(TZ) + dt.timedelta(minutes=reach)).date()
    return [p for p in expand(specs, first_day, last_day)
            if p.power_on < end and p.power_off > start]


def conflicts(plays: Iterable[Play]) -> list[Conflict]:
    """Pairs of plays that overlap on the same cluster."""
    by_cluster: dict[int, list[Play]] = defaultdict(list)
    for play in plays:
        by_cluster[play.cluster].append(play)
    found = []
    for cluster, items in by_cluster.items():
        items.sort(key=lambda p: (p.start, p.end))
        active: list[Play] = []
        for play in items:
            active = [a for a in active if a.end > play.start]
            found.extend(Conflict(cluster, a, play) for a in active)
            active.append(play)
    found.sort(key=lambda c: (c.second.start, c.cluster))
    return found


def resolve(plays: Iterable[Play]) -> list[Play]:
    """What actually plays on each cluster once priorities are applied (module rules)."""
    by_cluster: dict[int, list[Play]] = defaultdict(list)
    for play in plays:
        by_cluster[play.cluster].append(play)
    result = []
    for items in by_cluster.values():
        accepted: list[Play] = []
        for play in sorted(items, key=lambda p: (-p.rank, p.start, p.schedule or 0)):
            if any(a.start <= play.start < a.end for a in accepted):
                continue  # a higher (or earlier equal) play is on when this one would begin
            cut = min((a.start for a in accepted if play.start < a.start < play.end),
                      default=None)
            if cut is not None:
                lag = play.power_off - play.end
                play = replace(play, end=cut, power_off=cut + lag, interrupted=True)
            accepted.append(play)
        result.extend(accepted)
    result.sort(key=lambda p: (p.start, p.cluster))
    return result


def clashes_with(candidate: ScheduleSpec, others: Iterable[ScheduleSpec],
                 *, today: dt.date | None = None) -> list[Conflict]:
    """Clashes between `candidate` and `others` of the same priority, over the dates both
    run (from today on), at most `CONFLICT_HORIZON_DAYS` ahead. Plays of different
    priorities are not clashes: the priority rule decides between them."""
    today = today or dt.datetime.now(TZ).date()
    found = []
    for other in others:
        if other.priority != candidate.priority or not (other.clusters & candidate.clusters):
            continue
        # One day of margin either side: a slot crossing midnight reaches the next date.
        start = max(candidate.first_date, other.first_date, today) - dt.timedelta(days=1)
        ends = [d for d in (candidate.last_date, other.last_date) if d is not None]
        end = min([*ends, start + dt.timedelta(days=CONFLICT_HORIZON_DAYS)]) \
            + dt.timedelta(days=1)
        if end < start:
            continue
        shared = frozenset(candidate.clusters & other.clusters)
        mine = set(expand([replace(candidate, clusters=shared)], start, end))
        theirs = expand([replace(other, clusters=shared)], start, end)
        found.extend(c for c in conflicts([*mine, *theirs])
                     if (c.first in mine) != (c.second in mine))
    found.sort(key=lambda c: (c.second.start, c.cluster))
    return found


def self_overlaps(candidate: ScheduleSpec) -> list[Conflict]:
    """Slots of one schedule that overlap each other (also across midnight), found over two
    sample weeks so every weekday meets the next."""
    probe = replace(candidate, clusters=frozenset({0}), exceptions=frozenset(),
                    first_date=dt.date(2001, 1, 1), last_date=dt.date(2001, 1, 15))
    return conflicts(expand([probe], probe.first_date, probe.last_date))
