"""Emails about questions, sent by the worker (django-tasks)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task

from .models import Question


def _context(question: Question) -> dict:
    from bantin.core.models import SiteIdentity

    site = question.site
    identity = SiteIdentity.objects.filter(site=site).first()
    return {
        "question": question,
        "unit_name": (identity.unit_name if identity else "") or site.site_name,
        "lookup_url": f"{site.root_url}/hoi-dap/tra-cuu/",
        "public_url": f"{site.root_url}{question.get_absolute_url()}",
        "admin_url": f"{settings.WAGTAILADMIN_BASE_URL}/quan-tri/snippets/questions/"
                     f"question/edit/{question.pk}/",
        "unit_email": identity.email if identity else "",
    }


@task()
def notify_asker(question_id: int) -> bool:
    """Tell the asker their question was answered or not accepted (when they gave an
    email address); True when an email was sent."""
    question = Question.objects.select_related("site").filter(pk=question_id).first()
    if question is None or not question.email or question.status not in (
            Question.ANSWERED, Question.PUBLISHED, Question.REJECTED):
        return False
    context = _context(question)
    subject = (f"Câu hỏi {question.display_code} đã được trả lời"
               if question.status != Question.REJECTED
               else f"Câu hỏi {question.display_code} không được tiếp nhận")
    send_mail(subject, render_to_string("questions/email/asker.txt", context),
              None, [question.email])
    return True


@task()
def notify_unit(question_id: int) -> bool:
    """Tell the unit (its contact address in "Thông tin đơn vị", if any) that a question
    arrived; the email names no personal data, only where to read it."""
    question = Question.objects.select_related("site").filter(pk=question_id).first()
    if question is None:
        return False
    context = _context(question)
    if not context["unit_email"]:
        return False
    send_mail(f"Câu hỏi mới: {question.title[:80]}",
              render_to_string("questions/email/unit.txt", context),
              None, [context["unit_email"]])
    return True
