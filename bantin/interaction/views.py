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
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from wagtail.models import Page

from bantin.audience.bots import is_bot
from bantin.audience.visitors import VISITOR_COOKIE

from . import captcha, comments, spam
from .forms import CommentForm
from .models import Comment

SENT = "Cảm ơn bạn! Bình luận đã được gửi và sẽ hiển thị sau khi được kiểm duyệt."
REPORTED = "Cảm ơn bạn đã báo cáo. Người kiểm duyệt sẽ xem xét bình luận này."
TOO_MANY = "Bạn gửi quá nhiều trong thời gian ngắn. Vui lòng đợi vài phút rồi thử lại."
CROSS_SITE = "Yêu cầu không hợp lệ: biểu mẫu phải được gửi từ chính trang này."


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _article(page_id: int):
    page = Page.objects.live().public().filter(pk=page_id).first()
    article = page.specific if page is not None else None
    if article is None or not getattr(article, "allow_comments", False):
        raise Http404("Bài viết không tồn tại hoặc không nhận bình luận.")
    return article


def _refuse(request, message: str, status: int, back: str):
    if _wants_json(request):
        return JsonResponse({"error": message}, status=status)
    messages.error(request, message)
    return redirect(back)


def _visitor(request) -> str:
    return request.COOKIES.get(VISITOR_COOKIE, "")[:64]


def _form_page(request, article, form, status=200):
    context = {"article": article, "form": form,
               "captcha": captcha.challenge() if form.captcha_required else None,
               "reply_to": form.parent_comment}
    response = render(request, "interaction/comment_form_page.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


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
        reply_id = request.GET.get("tra-loi", "")
        if reply_id.isdigit():
            form.parent_comment = Comment.objects.filter(
                pk=int(reply_id), page=article, status=Comment.APPROVED).first()
            if form.parent_comment:
                if form.parent_comment.parent_id:
                    form.parent_comment = form.parent_comment.parent
                form.initial["parent"] = form.parent_comment.pk
        return _form_page(request, article, form)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    if spam.cross_site(request):
        return _refuse(request, CROSS_SITE, 403, back)
    sender_ip = spam.ip_hash(request)
    visitor = spam.visitor_hash(_visitor(request))
    limited = spam.over_limit("ip", sender_ip, settings.BANTIN_COMMENT_RATE_LIMITS["ip"])
    if visitor:
        limited |= spam.over_limit("visitor", visitor,
                                   settings.BANTIN_COMMENT_RATE_LIMITS["visitor"])
    if limited:
        if _wants_json(request):
            return JsonResponse({"error": TOO_MANY}, status=429)
        form = CommentForm(request.POST, page=article, captcha_required=required)
        form.is_valid()
        form.errors.clear()
        form.add_error(None, TOO_MANY)
        return _form_page(request, article, form, status=429)
    form = CommentForm(request.POST, page=article, captcha_required=required)
    if form.is_spam_trap or is_bot(request.headers.get("User-Agent")):
        # Answer as if it worked: a bot learns nothing; nothing is stored.
        return _sent(request, back)
    if form.is_valid() and spam.is_duplicate(article.pk, form.cleaned_data["text"], sender_ip):
        form.add_error("text", "Bình luận này đã được gửi trước đó.")
    if not form.is_valid():
        if _wants_json(request):
            payload = {"errors": {k: [str(m) for m in v] for k, v in form.errors.items()}}
            if required:
                payload["captcha"] = captcha.challenge()
            return JsonResponse(payload, status=400)
        return _form_page(request, article, form, status=400)
    data = form.cleaned_data
    comment = Comment(
        page=article, parent=form.parent_comment, name=data["name"], email=data["email"],
        text=data["text"], ip_hash=sender_ip, visitor_hash=visitor,
    )
    comment.save()
    comment.save_revision(clean=False)
    return _sent(request, back)


def _sent(request, back):
    if _wants_json(request):
        return JsonResponse({"message": SENT}, status=201)
    messages.success(request, SENT)
    return redirect(back)


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
        return _refuse(request, CROSS_SITE, 403, back)
    sender_ip = spam.ip_hash(request)
    if spam.over_limit("report", sender_ip, settings.BANTIN_COMMENT_REPORT_LIMITS):
        return _refuse(request, TOO_MANY, 429, back)
    if is_bot(request.headers.get("User-Agent")):
        return _refuse(request, "Yêu cầu không hợp lệ.", 403, back)
    from django.core.cache import cache

    # One report per address and comment counts (a day); more are thanked and ignored.
    if cache.add(f"interaction:reported:{comment.pk}:{sender_ip}", 1, timeout=86400):
        comments.report(comment)
    if _wants_json(request):
        return JsonResponse({"message": REPORTED})
    messages.success(request, REPORTED)
    return redirect(back)
