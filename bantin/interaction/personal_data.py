"""Retention of personal data (Decree 13/2023).

Every kind of record that holds personal data registers here (`register`, from its app's
`ready()`): which fields hold it, what they become when blanked, which date starts the
clock, and how many days it is kept (`BANTIN_RETENTION_DAYS[key]`, else the kind's
default). `purge` blanks those fields on records older than the period -- in the record
and, for models with revisions, in every stored revision -- and deletes the files of the
kind's file fields. What the public sees (a published comment's name and text, a published
answer) is never a personal field of its kind, so it stays.

`python -m bantin purge_personal_data` runs it by hand; the worker runs it once a day
(`interaction.tasks.purge_personal_data`, in `BANTIN_PERIODIC_TASKS`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone


@dataclass(frozen=True)
class Kind:
    key: str              # "comments"; the key of BANTIN_RETENTION_DAYS
    label: str            # Vietnamese, as the command reports it: "bình luận"
    model: str            # "app_label.ModelName"
    fields: dict = field(default_factory=dict)  # field name -> value once blanked
    date_field: str = "created_at"
    default_days: int = 365
    files: tuple[str, ...] = ()  # file fields whose files are deleted, then blanked

    def model_class(self):
        return apps.get_model(self.model)

    def holding(self) -> Q:
        """Records that still hold any of the kind's personal data."""
        conditions = [~Q(**{name: blank}) for name, blank in self.fields.items()]
        conditions += [~Q(**{name: ""}) for name in self.files]
        return reduce(or_, conditions)


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    KINDS[kind.key] = kind


def retention_days(key: str) -> int:
    configured = getattr(settings, "BANTIN_RETENTION_DAYS", {}) or {}
    return int(configured.get(key, KINDS[key].default_days))


def expired(kind: Kind, days: int | None = None, now: dt.datetime | None = None):
    days = retention_days(kind.key) if days is None else days
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    return kind.model_class()._default_manager.filter(
        kind.holding(), **{f"{kind.date_field}__lt": cutoff})


def _blank_revisions(kind: Kind, model, ids: list) -> int:
    from wagtail.models import Revision, RevisionMixin

    if not issubclass(model, RevisionMixin) or not kind.fields:
        return 0
    blanks = {name: blank for name, blank in kind.fields.items()}
    blanks.update({name: "" for name in kind.files})
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
    count = 0
    revisions = Revision.objects.filter(
        base_content_type=content_type, object_id__in=[str(i) for i in ids])
    for revision in revisions.iterator():
        if any(revision.content.get(name) not in (None, "", blank)
               for name, blank in blanks.items()):
            revision.content = {**revision.content, **blanks}
            revision.save(update_fields=["content"])
            count += 1
    return count


def purge_kind(kind: Kind, days: int | None = None,
               now: dt.datetime | None = None) -> tuple[int, int]:
    """Blank the personal data of `kind`'s records older than `days`:
    (records, revisions)."""
    model = kind.model_class()
    with transaction.atomic():
        records = list(expired(kind, days, now).select_for_update())
        if not records:
            return 0, 0
        ids = [r.pk for r in records]
        stored_files = [getattr(r, name) for r in records for name in kind.files]
        # A queryset update: no signal, so no count and no stored page changes (none of
        # these fields is shown).
        model._default_manager.filter(pk__in=ids).update(
            **kind.fields, **{name: "" for name in kind.files})
        revisions = _blank_revisions(kind, model, ids)
        # Files go only once the rows no longer name them.
        transaction.on_commit(lambda: _delete_files(stored_files))
    return len(ids), revisions


def _delete_files(stored_files) -> None:
    for stored in stored_files:
        if stored and stored.name:
            stored.storage.delete(stored.name)


def purge(days: int | None = None, now: dt.datetime | None = None,
          kinds: list[str] | None = None) -> dict[str, tuple[int, int]]:
    """Every registered kind (or those named): {key: (records, revisions)}."""
    return {key: purge_kind(KINDS[key], days, now)
            for key in (kinds or list(KINDS))}


def register_interaction() -> None:
    """This app's kinds. What readers see of a comment or an opinion (name, text,
    organisation) is not personal data of its kind; a contact message is private, so all
    of it that says who sent it, and what, goes."""
    hashes = {"ip_hash": "", "visitor_hash": ""}
    register(Kind(key="comments", label="bình luận", model="interaction.Comment",
                  fields={"email": "", **hashes}))
    register(Kind(key="opinions", label="góp ý dự thảo", model="interaction.Opinion",
                  fields={"email": "", **hashes}))
    register(Kind(key="contact", label="thư liên hệ", model="interaction.ContactMessage",
                  fields={"name": "", "email": "", "phone": "", "text": "", **hashes}))
