"""Retention of personal data (Decree 13/2023): after `BANTIN_COMMENT_RETENTION_DAYS` a
comment keeps what readers see (name, text) and loses the rest: email address, salted
hashes of the sender's address and visitor cookie, in the comment and in its revisions."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Revision

from .models import Comment

PERSONAL_FIELDS = ("email", "ip_hash", "visitor_hash")


def expired_comments(days: int | None = None, now: dt.datetime | None = None):
    days = settings.BANTIN_COMMENT_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    holding = Q(email__gt="") | Q(ip_hash__gt="") | Q(visitor_hash__gt="")
    return Comment.objects.filter(holding, created_at__lt=cutoff)


@transaction.atomic
def purge(days: int | None = None, now: dt.datetime | None = None) -> tuple[int, int]:
    """Blank the personal data of comments older than `days`; (comments, revisions)."""
    ids = list(expired_comments(days, now).values_list("pk", flat=True))
    if not ids:
        return 0, 0
    # A queryset update: no signal, so neither the count nor any stored page changes
    # (none of these fields is shown).
    Comment.objects.filter(pk__in=ids).update(**{f: "" for f in PERSONAL_FIELDS})
    revisions = 0
    content_type = ContentType.objects.get_for_model(Comment)
    for revision in Revision.objects.filter(
            base_content_type=content_type, object_id__in=[str(i) for i in ids]).iterator():
        if any(revision.content.get(f) for f in PERSONAL_FIELDS):
            revision.content = {**revision.content, **{f: "" for f in PERSONAL_FIELDS}}
            revision.save(update_fields=["content"])
            revisions += 1
    return len(ids), revisions
