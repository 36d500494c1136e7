"""From stored schedules to timetables: what the admin checks and what devices receive."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q

from . import timetable
from .models import Approval, Cluster, Programme, Schedule

ORDERED_PRIORITIES = sorted(timetable.RANK, key=timetable.RANK.get)


def programmes_of(schedule: Schedule, *, approved_only: bool) -> list[Programme]:
    """What a schedule plays, in order; for devices only approved, playable programmes."""
    if schedule.programme_id:
        items = [schedule.programme]
    elif schedule.playlist_id:
        items = schedule.playlist.programmes()
    else:
        items = []
    if approved_only:
        items = [p for p in items if p.is_approved and p.playable]
    return items


def priority_of(programmes: Iterable[Programme]) -> str:
    ranks = [timetable.RANK[p.priority] for p in programmes]
    return ORDERED_PRIORITIES[max(ranks)] if ranks else timetable.NORMAL


def target_clusters(schedule: Schedule, *, active_only: bool = True) -> frozenset[int]:
    """The clusters a schedule targets, groups expanded."""
    clusters = {c.pk: c for c in schedule.clusters.all()}
    for group in schedule.groups.all():
        clusters.update({c.pk: c for c in group.clusters.all()})
    return frozenset(pk for pk, c in clusters.items() if c.active or not active_only)


def spec_of(schedule: Schedule, *, approved_only: bool = False,
            programmes: list[Programme] | None = None) -> timetable.ScheduleSpec | None:
    """The pure description of `schedule`; None when it has nothing to play."""
    if programmes is None:
        programmes = programmes_of(schedule, approved_only=approved_only)
    if not programmes:
        return None
    return timetable.ScheduleSpec(
        id=schedule.pk, name=schedule.name, clusters=target_clusters(schedule),
        slots=tuple(timetable.SlotSpec(s.start_time, s.duration_minutes)
                    for s in schedule.slots.all()),
        first_date=schedule.first_date, last_date=schedule.last_date,
        repeat=schedule.repeat, weekdays=schedule.weekday_set(),
        exceptions=frozenset(e.date for e in schedule.exceptions.all()),
        lead_minutes=schedule.power_on_lead, lag_minutes=schedule.power_off_lag,
        priority=priority_of(programmes), programme=tuple(p.pk for p in programmes),
    )


def _with_relations(queryset):
    return queryset.select_related("programme", "playlist").prefetch_related(
        "slots", "exceptions", "clusters", "groups__clusters", "playlist__items__programme")


def device_timetable(cluster: Cluster, start: dt.datetime, end: dt.datetime
                     ) -> list[timetable.Play]:
    """What `cluster` plays between `start` and `end`, priorities applied.

    Only approved schedules of approved, playable programmes reach a device: a draft,
    submitted or rejected programme or schedule never appears here, nor one whose approved
    content was edited since (its approval signature no longer matches).
    """
    if not cluster.active:
        return []
    schedules = _with_relations(Schedule.objects.filter(
        Q(clusters=cluster) | Q(groups__clusters=cluster),
        approval=Approval.APPROVED,
    ).distinct())
    specs = []
    for schedule in schedules:
        if not schedule.is_approved:
            continue
        spec = spec_of(schedule, approved_only=True)
        if spec is not None and cluster.pk in spec.clusters:
            specs.append(timetable.ScheduleSpec(**{**spec.__dict__,
                                                   "clusters": frozenset({cluster.pk})}))
    return timetable.resolve(timetable.between(specs, start, end))


def clashes_for(candidate: timetable.ScheduleSpec, exclude_pk: int | None = None
                ) -> list[timetable.Conflict]:
    """Clashes of a schedule being edited with the other schedules on its clusters that are
    not rejected (a submitted schedule would clash once approved, so it counts too)."""
    ids = list(candidate.clusters)
    others = _with_relations(
        Schedule.objects.filter(Q(clusters__in=ids) | Q(groups__clusters__in=ids))
        .exclude(approval=Approval.REJECTED).exclude(pk=exclude_pk).distinct())
    specs = [s for s in (spec_of(o) for o in others) if s is not None]
    return timetable.clashes_with(candidate, specs)
