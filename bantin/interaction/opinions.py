"""Opinions on draft legal documents: which drafts take them, the approved list shown
under a draft (cached until an opinion of it changes), and the moderation decision."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.log_actions import log

from .log_actions import OPINION_APPROVE as APPROVE
from .log_actions import OPINION_REJECT as REJECT
from .models import Opinion

OPEN = "dang-lay-y-kien"
LIST_KEY = "interaction:opinions:{}"
CACHE_SECONDS = 3600


def is_open(document) -> bool:
    return document.comment_state() == OPEN


def published(document_id: int) -> list[Opinion]:
    """Approved opinions of a draft, oldest first."""
    key = LIST_KEY.format(document_id)
    shown = cache.get(key)
    if shown is None:
        shown = list(Opinion.objects.filter(document_id=document_id, status=Opinion.APPROVED)
                     .only("pk", "name", "organisation", "provision", "text", "created_at")
                     .order_by("created_at", "pk"))
        cache.set(key, shown, CACHE_SECONDS)
    return shown


@receiver(post_save, sender=Opinion)
@receiver(post_delete, sender=Opinion)
def _opinion_changed(sender, instance, **kwargs):
    key = LIST_KEY.format(instance.document_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


@transaction.atomic
def decide(opinion: Opinion, status: str, user) -> bool:
    """Approve or reject `opinion`, logged in its history; False when it already was."""
    if opinion.status == status:
        return False
    opinion.status = status
    opinion.save(update_fields=["status"])
    log(instance=opinion, action=APPROVE if status == Opinion.APPROVED else REJECT, user=user)
    return True


def is_duplicate(document_id: int, text: str, sender_ip_hash: str) -> bool:
    from django.db.models import Q

    from . import spam

    return spam.recent_duplicate(Opinion.objects.all(), Q(document_id=document_id), text,
                                 sender_ip_hash)
