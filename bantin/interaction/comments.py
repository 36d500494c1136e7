"""Public interface of comments for other apps, and the moderation actions.

The approved count is kept in the audience counter `comment_count`, recounted whenever a
comment is saved or deleted, so an article page reads it together with its other figures.
A change to an approved comment purges the pages showing it (`pagecache.invalidation`).
An article page shows its approved thread from a page fragment kept under the page's
comment stamp, and reads its unit's captcha switch from each process's memory under the
tree's content version (`captcha_required`), moved on whenever the unit's comment settings
are saved: a warm article costs no query and no cache round trip for either.
"""

from __future__ import annotations

import time

from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Site

from bantin.audience import counting
from bantin.core import content_cache

from .log_actions import COMMENT_APPROVE as APPROVE
from .log_actions import COMMENT_REJECT as REJECT
from .log_actions import COMMENT_REPORT as REPORT
from .models import Comment, CommentSettings


def approved_count(page) -> int:
    return counting.totals((counting.COMMENT_COUNT,), page.pk)[counting.COMMENT_COUNT]


def recount(page_id: int) -> int:
    """Recount the approved comments of a page, and move its comment stamp on: the page's
    rendered thread is kept under that stamp (`{% page_fragment "comment-list" %}`), so
    any saved or deleted comment, approved or not, shows on the next render."""
    n = Comment.objects.filter(page_id=page_id, status=Comment.APPROVED).count()
    counting.set_totals(page_id, {counting.COMMENT_COUNT: n,
                                  counting.COMMENT_STAMP: time.time_ns() // 1000})
    return n


CAPTCHA_KEY = "interaction:captcha:{}"


@receiver(post_save, sender=Comment)
@receiver(post_delete, sender=Comment)
def _comment_changed(sender, instance, **kwargs):
    recount(instance.page_id)


@receiver(post_save, sender=CommentSettings)
@receiver(post_delete, sender=CommentSettings)
def _settings_changed(sender, instance, **kwargs):
    # The switch is kept under the tree's content version (as the site's identity is).
    content_cache.tree.bump_now_and_at_commit()


def published_thread(page_id: int) -> list[Comment]:
    """Approved top-level comments, oldest first, each with `shown_replies` (approved).
    Read only when the page's thread fragment is built (it is kept under the page's
    comment stamp), so it is not cached on its own."""
    comments = list(Comment.objects.filter(page_id=page_id, status=Comment.APPROVED)
                    .only("pk", "parent_id", "name", "text", "created_at")
                    .order_by("created_at", "pk"))
    top = [c for c in comments if c.parent_id is None]
    by_id = {c.pk: c for c in top}
    for c in top:
        c.shown_replies = []
    for c in comments:
        if c.parent_id in by_id:
            by_id[c.parent_id].shown_replies.append(c)
    return top


def captcha_required(page) -> bool:
    """Whether the unit of `page` has switched the captcha on (read without creating
    the settings row, so rendering a page never writes)."""
    # The page's own site, as `page.get_site()` finds it (the most specific site root
    # above it, also when it is served under a parent unit's address), from the root paths
    # each request already holds instead of loading the Site row.
    path = page.url_path
    for root in Site.get_site_root_paths():  # the most specific first
        if path.startswith(root.root_path):
            return captcha_required_on(root.site_id)
    return False


def captcha_required_on(site_id: int) -> bool:
    """The same switch, for the other public forms of the unit (opinions, contact); kept
    in each process's memory under the tree's content version."""
    return content_cache.get_or_build(
        CAPTCHA_KEY.format(site_id),
        lambda: bool(CommentSettings.objects.filter(site_id=site_id)
                     .values_list("captcha", flat=True).first()))


@transaction.atomic
def decide(comment: Comment, status: str, user) -> bool:
    """Approve or reject `comment`, logged in its history; False when it already was.
    Approving also clears its abuse reports (the moderator has looked at it)."""
    if comment.status == status and not (status == Comment.APPROVED and comment.report_count):
        return False
    comment.status = status
    fields = ["status"]
    if status == Comment.APPROVED:
        comment.report_count, comment.reported_at = 0, None
        fields += ["report_count", "reported_at"]
    comment.save(update_fields=fields)
    log(instance=comment, action=APPROVE if status == Comment.APPROVED else REJECT, user=user)
    return True


def report(comment: Comment) -> None:
    """Count one abuse report; moderators see the flag in the queue."""
    Comment.objects.filter(pk=comment.pk).update(
        report_count=F("report_count") + 1, reported_at=timezone.now())
    log(instance=comment, action=REPORT, user=None)
