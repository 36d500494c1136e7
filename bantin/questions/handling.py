"""What happens to a question: received, assigned, answered, published or unpublished,
rejected. Each step is an entry in the question's history (Wagtail's audit log); the
asker is emailed when it is answered or rejected, the unit when a question arrives.

Status only changes here, never from the edit form: a question is published only once
it has an answer, and a revision restored in the admin brings back its text, never its
status.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from .log_actions import ANSWER, ASSIGN, PUBLISH, RECEIVE, REJECT, UNPUBLISH
from .models import Question

#: Set only by the steps below, kept as stored whatever an edit form or revision says.
WORKFLOW_FIELDS = ("site", "code", "public_id", "status", "answered_by", "answered_at",
                   "published_at", "reject_reason", "attachment", "attachment_type",
                   "name", "email", "phone", "ip_hash", "visitor_hash", "created_at")


class NotAllowed(ValueError):
    """Why a step cannot be taken, in Vietnamese."""


def _tasks():
    from . import tasks

    return tasks


@transaction.atomic
def receive(question: Question) -> Question:
    """Store a new question from the public form; its first revision is the text as sent."""
    question.save()
    question.save_revision(clean=False)
    log(instance=question, action=RECEIVE, user=None)
    _tasks().notify_unit.enqueue(question.pk)
    return question


def keep_workflow_fields(question: Question) -> None:
    """Put back what only the steps may change (before an edit form saves)."""
    stored = Question.objects.filter(pk=question.pk).values(
        *(f if f not in ("site", "answered_by") else f"{f}_id" for f in WORKFLOW_FIELDS)
    ).first()
    for name, value in (stored or {}).items():
        setattr(question, name, value)


@transaction.atomic
def after_edit(question: Question, before: Question, user) -> None:
    """The steps an edit implies: a new "người xử lý" assigns the question, a first
    answer answers it (and tells the asker)."""
    if question.assigned_to_id and question.assigned_to_id != before.assigned_to_id:
        if question.status == Question.NEW:
            question.status = Question.IN_PROGRESS
            question.save(update_fields=["status"])
        log(instance=question, action=ASSIGN, user=user,
            data={"assigned_to": question.assigned_to.get_username()})
    if question.answer.strip() and question.status in Question.OPEN:
        answer(question, user)


def answer(question: Question, user) -> None:
    question.status = Question.ANSWERED
    question.answered_by = user
    question.answered_at = timezone.now()
    question.save(update_fields=["status", "answered_by", "answered_at"])
    log(instance=question, action=ANSWER, user=user)
    _tasks().notify_asker.enqueue(question.pk)


@transaction.atomic
def publish(question: Question, user) -> None:
    if question.status == Question.PUBLISHED:
        return
    if question.status != Question.ANSWERED or not question.answer.strip():
        raise NotAllowed("Chỉ công khai được câu hỏi đã có câu trả lời.")
    question.status = Question.PUBLISHED
    question.published_at = question.published_at or timezone.now()
    question.save(update_fields=["status", "published_at"])
    log(instance=question, action=PUBLISH, user=user)


@transaction.atomic
def unpublish(question: Question, user) -> None:
    if question.status != Question.PUBLISHED:
        raise NotAllowed("Câu hỏi này chưa được công khai.")
    question.status = Question.ANSWERED
    question.save(update_fields=["status"])
    log(instance=question, action=UNPUBLISH, user=user)


@transaction.atomic
def reject(question: Question, reason: str, user) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise NotAllowed("Vui lòng nêu lý do không tiếp nhận.")
    if question.status not in Question.OPEN:
        raise NotAllowed("Chỉ từ chối được câu hỏi chưa được trả lời.")
    question.status = Question.REJECTED
    question.reject_reason = reason
    question.save(update_fields=["status", "reject_reason"])
    log(instance=question, action=REJECT, user=user, data={"reason": reason})
    _tasks().notify_asker.enqueue(question.pk)
