"""The public comment form and the report-abuse button.

Both work as plain HTML forms (POST, then a redirect back to the article with a message)
and, for the page's script, as JSON (`Accept: application/json`). Article pages are
served from the page cache, which refuses pages that render a CSRF token: these two
endpoints are exempt from Django's CSRF check and refuse instead any request that a
browser marks as coming from another site (Origin / Sec-Fetch-Site). Posting a comment
or a report acts on no account: a forged one could only do what anyone can do directly,
and the rate limits, honeypot, duplicate check and captcha apply to it all the same.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from wagtail.models import Page

from bantin.audience.bots import is_bot
from bantin.core.ids import parse_id

from . import captcha, comments, contact, opinions, public_forms, spam
from .forms import CommentForm, ContactForm, OpinionForm
from .models import Comment, ContactMessage, Opinion

SENT = "Cảm ơn bạn! Bình luận đã được gửi và sẽ hiển thị sau khi được kiểm duyệt."
REPORTED = "Cảm ơn bạn đã báo cáo. Người kiểm duyệt sẽ xem xét bình luận này."


def _article(page_id: int):
    page = Page.objects.live().public().filter(pk=page_id).first()
    article = page.specific if page is not None else None
    if article is None or not getattr(article, "allow_comments", False):
        raise Http404("Bài viết không tồn tại hoặc không nhận bình luận.")
    return article


def _form_page(request, article, form, status=200):
    return public_forms.form_page(request, "interaction/comment_form_page.html", form, status,
                                  article=article, reply_to=form.parent_comment)


@never_cache
@csrf_exempt
def comment_form(request, page_id: int):
    """GET: the form on a page of its own (replies, and the captcha without JavaScript).
    POST: a new comment, pending moderation."""
    article = _article(page_id)
    back = article.get_url(request) + "#binh-luan"
    required = comments.captcha_required(article)
    if request.method == "GET":
        form = CommentForm(page=article, captcha_required=required)
        reply_id = parse_id(request.GET.get("tra-loi", ""))
        if reply_id:
            form.parent_comment = Comment.objects.filter(
                pk=reply_id, page=article, status=Comment.APPROVED).first()
            if form.parent_comment:
                if form.parent_comment.parent_id:
                    form.parent_comment = form.parent_comment.parent
                form.initial["parent"] = form.parent_comment.pk
        return _form_page(request, article, form)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    form = CommentForm(request.POST, page=article, captcha_required=required)

    def save(data, sender_ip, visitor):
        comment = Comment(
            page=article, parent=form.parent_comment, name=data["name"],
            email=data["email"], text=data["text"], ip_hash=sender_ip, visitor_hash=visitor,
        )
        comment.save()
        comment.save_revision(clean=False)

    return public_forms.submit(
        request, form, limits=settings.BANTIN_COMMENT_RATE_LIMITS, back=back,
        sent_message=SENT, save=save,
        form_page=lambda f, status: _form_page(request, article, f, status=status),
        duplicate=lambda data, sender_ip: spam.is_duplicate(article.pk, data["text"],
                                                            sender_ip),
    )


@never_cache
def captcha_challenge(request):
    """A fresh question for the form on a (possibly cached) article page."""
    return JsonResponse(captcha.challenge())


@never_cache
@csrf_exempt
def report(request, comment_id: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    comment = Comment.objects.filter(pk=comment_id, status=Comment.APPROVED).first()
    if comment is None:
        raise Http404("Không tìm thấy bình luận.")
    article = comment.page.specific
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = article.get_url(request) or "/"
    back = back.split("#")[0] + "#binh-luan"
    if spam.cross_site(request):
        return public_forms.refuse(request, public_forms.CROSS_SITE, 403, back)
    sender_ip = spam.ip_hash(request)
    if spam.over_limit("report", sender_ip, settings.BANTIN_COMMENT_REPORT_LIMITS):
        return public_forms.refuse(request, public_forms.TOO_MANY, 429, back)
    if is_bot(request.headers.get("User-Agent")):
        return public_forms.refuse(request, "Yêu cầu không hợp lệ.", 403, back)
    from django.core.cache import cache

    # One report per address and comment counts (a day); more are thanked and ignored.
    if cache.add(f"interaction:reported:{comment.pk}:{sender_ip}", 1, timeout=86400):
        comments.report(comment)
    if public_forms.wants_json(request):
        return JsonResponse({"message": REPORTED})
    messages.success(request, REPORTED)
    return redirect(back)


# Opinions on draft documents -------------------------------------------------------------

OPINION_SENT = ("Cảm ơn bạn! Góp ý đã được gửi đến cơ quan soạn thảo và sẽ được công khai "
                "sau khi được kiểm duyệt.")
OPINION_CLOSED = "Dự thảo này hiện không lấy ý kiến; góp ý chưa được gửi."


def _draft(request, document_id: int):
    from bantin.laws.views import _site_documents

    document = _site_documents(request).filter(pk=document_id).first()
    if document is None:
        raise Http404("Không tìm thấy dự thảo.")
    return document


def _opinion_page(request, document, form, status=200):
    return public_forms.form_page(request, "interaction/opinion_form_page.html", form, status,
                                  doc=document)


@never_cache
@csrf_exempt
def opinion_form(request, document_id: int):
    """GET: the form on a page of its own (the captcha without JavaScript). POST: a new
    opinion on a draft whose comment window is open, pending moderation."""
    document = _draft(request, document_id)
    back = document.get_absolute_url() + "#gop-y"
    required = comments.captcha_required_on(document.site_id)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if not opinions.is_open(document):
        return public_forms.refuse(request, OPINION_CLOSED, 403, back)
    if request.method == "GET":
        return _opinion_page(request, document, OpinionForm(captcha_required=required))
    form = OpinionForm(request.POST, captcha_required=required)

    def save(data, sender_ip, visitor):
        opinion = Opinion(
            document=document, name=data["name"], organisation=data["organisation"],
            email=data["email"], provision=data["provision"], text=data["text"],
            ip_hash=sender_ip, visitor_hash=visitor,
        )
        opinion.save()
        opinion.save_revision(clean=False)

    return public_forms.submit(
        request, form, limits=settings.BANTIN_COMMENT_RATE_LIMITS, back=back,
        sent_message=OPINION_SENT, save=save,
        form_page=lambda f, status: _opinion_page(request, document, f, status=status),
        duplicate=lambda data, sender_ip: opinions.is_duplicate(
            document.pk, data["text"], sender_ip),
    )


# Contact ---------------------------------------------------------------------------------

CONTACT_SENT = ("Cảm ơn bạn! Thư đã được gửi đến {department}. Cơ quan sẽ trả lời qua thư "
                "điện tử hoặc điện thoại bạn để lại.")


def _contact_page(page_id: int):
    from bantin.organisation.models import ContactPage

    page = ContactPage.objects.live().public().filter(pk=page_id).first()
    if page is None:
        raise Http404("Không tìm thấy trang liên hệ.")
    return page


def _contact_form_page(request, page, form, status=200):
    return public_forms.form_page(request, "interaction/contact_form_page.html", form, status,
                                  page=page)


@never_cache
@csrf_exempt
def contact_form(request, page_id: int):
    """GET: the form on a page of its own. POST: a message to one department of the
    contact page's unit, stored and forwarded by email."""
    page = _contact_page(page_id)
    choices, routes = contact.recipients(page)
    if not routes:
        raise Http404("Đơn vị chưa nhận thư liên hệ qua trang.")
    back = page.get_url(request) + "#gui-lien-he"
    site = page.get_site()
    required = comments.captcha_required_on(site.pk)
    if request.method == "GET":
        form = ContactForm(recipients=choices, captcha_required=required,
                           initial={"department": request.GET.get("bo-phan", "")})
        return _contact_form_page(request, page, form)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    form = ContactForm(request.POST, recipients=choices, captcha_required=required)

    def save(data, sender_ip, visitor):
        contact.store(page, routes[data["department"]], data, sender_ip, visitor)

    def sent_message(data):
        route = routes.get(data.get("department", ""))
        return CONTACT_SENT.format(department=route[1] if route else "cơ quan")

    def duplicate(data, sender_ip):
        return spam.recent_duplicate(ContactMessage.objects.all(), Q(site=site), data["text"],
                                     sender_ip)

    return public_forms.submit(
        request, form, limits=settings.BANTIN_COMMENT_RATE_LIMITS, back=back,
        sent_message=sent_message, save=save, duplicate=duplicate,
        form_page=lambda f, status: _contact_form_page(request, page, f, status=status),
    )
