"""Public interface of comments for other apps.

The approved count is kept in the audience counter `comment_count`, recounted whenever a
comment is saved or deleted, so an article page reads it together with its other figures.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from bantin.audience import counting

from .models import Comment


def approved_count(page) -> int:
    return counting.totals((counting.COMMENT_COUNT,), page.pk)[counting.COMMENT_COUNT]


def recount(page_id: int) -> int:
    n = Comment.objects.filter(page_id=page_id, status=Comment.APPROVED).count()
    counting.set_total(counting.COMMENT_COUNT, page_id, n)
    return n


@receiver(post_save, sender=Comment)
@receiver(post_delete, sender=Comment)
def _comment_changed(sender, instance, **kwargs):
    recount(instance.page_id)
