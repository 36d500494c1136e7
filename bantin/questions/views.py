"""Public pages of Hỏi đáp: the published questions of the unit (cached), one published
question, the form to ask one, and the lookup of a question by its tracking code.

The form and the lookup are never stored by the page cache and carry no CSRF token, like
the comment form (docs/interaction.md, "Anti-spam"): they are exempt from Django's check
and refuse posts a browser marks as cross-site. A question acts on no account, and the
rate limits, honeypot, duplicate check and captcha apply to any post. The lookup is a POST
so that codes stay out of addresses, histories and logs.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from wagtail.models import Site

from bantin.audience.bots import is_bot
from bantin.core import text
from bantin.core.sites import sites_within
from bantin.interaction import comments, public_forms, spam
from bantin.laws.models import LegalField
from bantin.pagecache import collector
from bantin.units.models import StandardPage

from . import handling
from .forms import LookupForm, QuestionForm
from .models import Question

PAGE_SIZE = 15
TOO_MANY = "Bạn gửi quá nhiều trong thời gian ngắn. Vui lòng đợi vài phút rồi thử lại."
CROSS_SITE = "Yêu cầu không hợp lệ: biểu mẫu phải được gửi từ chính trang này."
UNKNOWN_CODE = ("Không tìm thấy câu hỏi với mã tra cứu này. Vui lòng kiểm tra lại mã "
                "(ví dụ: HD-7K3M-Q9XP-2TWR).")
DUPLICATE = "Câu hỏi này đã được gửi trước đó."
ALL_UNITS = "tat-ca"
QA_SLUG = "hoi-dap"  # where bantin/urls_public.py mounts these pages


def current_site(request) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("Không tìm thấy trang.")
    return site


def _shown_sites(site, everywhere: bool) -> list[int]:
    if everywhere:
        return list(sites_within(site).values_list("pk", flat=True))
    return [site.pk]


def field_choices() -> list[tuple[int, str]]:
    fields = LegalField.objects.select_related("parent__parent")
    return sorted(((f.pk, str(f)) for f in fields), key=lambda c: text.fold(c[1]))


def _search(queryset, query: str):
    for word in text.fold(query).split()[:10]:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def _section(site: Site):
    """The unit's "Hỏi đáp" section page, whose address this list answers: its title and
    introduction, edited in the admin, head the list."""
    return StandardPage.objects.child_of(site.root_page).live().filter(
        slug=QA_SLUG).only("title", "intro").first()


def question_list(request):
    site = current_site(request)
    has_units = sites_within(site).exclude(pk=site.pk).exists()
    everywhere = has_units and request.GET.get("don-vi") == ALL_UNITS
    site_ids = _shown_sites(site, everywhere)
    collector.cacheable()
    collector.tag("questions", *(f"questions:{pk}" for pk in site_ids))
    section = _section(site)
    if section is not None:
        collector.tag(f"page:{section.pk}")
    query = text.clean(request.GET.get("q", ""))[:200]
    field_id = request.GET.get("linh-vuc", "")
    questions = Question.objects.published().filter(site__in=site_ids)
    choices = field_choices()
    chosen = next((pk for pk, _ in choices if str(pk) == field_id), None)
    if chosen is not None:
        questions = questions.filter(Q(area_id=chosen) | Q(area__parent_id=chosen))
    if query:
        questions = _search(questions, query)
    questions = questions.select_related("area", "site").only(
        "public_id", "title", "text", "name", "answered_at", "published_at", "area__name",
        "area__parent_id", "site__site_name",
    ).order_by("-answered_at", "-pk")
    page_obj = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("trang"))
    params = {k: v for k, v in (("q", query), ("linh-vuc", chosen or ""),
                                ("don-vi", ALL_UNITS if everywhere else "")) if v}
    return render(request, "questions/list.html", {
        "section": section, "page_obj": page_obj, "query": query, "fields": choices,
        "chosen_field": chosen,
        "everywhere": everywhere, "has_units": has_units,
        "querystring": urlencode(params), "is_filtered": bool(query or chosen),
        "invalid_notice": "Bộ lọc không hợp lệ đã được bỏ qua."
        if field_id and chosen is None else "",
    })


def question_detail(request, public_id: str):
    site = current_site(request)
    question = get_object_or_404(
        Question.objects.published().select_related("area", "site"),
        public_id=public_id.lower(), site__in=sites_within(site))
    collector.cacheable()
    collector.tag(f"question:{question.pk}", f"questions:{question.site_id}")
    return render(request, "questions/detail.html", {"question": question})


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _ask_page(request, site, form, status=200, problem=""):
    return public_forms.form_page(request, "questions/ask.html", form, status,
                                  problem=problem, site=site)


def _limited(request, scope: str, limits: dict) -> bool:
    limited = spam.over_limit(f"{scope}-ip", spam.ip_hash(request), limits["ip"])
    visitor = spam.visitor_hash(public_forms.visitor_cookie(request))
    if visitor and "visitor" in limits:
        limited |= spam.over_limit(f"{scope}-visitor", visitor, limits["visitor"])
    return limited


@never_cache
@csrf_exempt
def ask(request):
    """GET: the form. POST: a new question; the answer page shows its tracking code."""
    site = current_site(request)
    required = comments.captcha_required(site.root_page)

    def bound():
        return QuestionForm(request.POST, request.FILES, field_choices=field_choices(),
                            captcha_required=required)

    if request.method == "GET":
        return _ask_page(request, site, QuestionForm(field_choices=field_choices(),
                                                     captcha_required=required))
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    if spam.cross_site(request):
        return _ask_page(request, site, bound(), 403, CROSS_SITE)
    if _limited(request, "question", settings.BANTIN_QUESTION_RATE_LIMITS):
        form = bound()
        form.is_valid()
        form.errors.clear()
        return _ask_page(request, site, form, 429, TOO_MANY)
    form = bound()
    if form.is_spam_trap or is_bot(request.headers.get("User-Agent")):
        # Answer as if it worked, with a code that names nothing: a bot learns nothing.
        return _no_store(render(request, "questions/sent.html", {
            "code": Question().display_code, "email": form.data.get("email", "")}))
    sender_ip = spam.ip_hash(request)
    if form.is_valid() and spam.recent_duplicate(
            Question.objects.all(), Q(site=site), form.cleaned_data["text"], sender_ip):
        form.add_error("text", DUPLICATE)
    if not form.is_valid():
        return _ask_page(request, site, form, 400)
    data = form.cleaned_data
    question = Question(
        site=site, name=data["name"], email=data["email"], phone=data["phone"],
        area_id=data["area"], title=data["title"], text=data["text"],
        ip_hash=sender_ip,
        visitor_hash=spam.visitor_hash(public_forms.visitor_cookie(request)),
    )
    if data["attachment"]:
        question.attachment = data["attachment"]
        question.attachment_type = form.attachment_type
    handling.receive(question)
    return _no_store(render(request, "questions/sent.html", {
        "code": question.display_code, "email": question.email}))


@never_cache
@csrf_exempt
def lookup(request):
    """The status of a question by its tracking code (POST, rate-limited per address)."""
    site = current_site(request)
    if request.method == "GET":
        return _no_store(render(request, "questions/lookup.html", {"form": LookupForm()}))
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    form = LookupForm(request.POST)
    context = {"form": form}
    if spam.cross_site(request):
        context["problem"] = CROSS_SITE
        return _no_store(render(request, "questions/lookup.html", context, status=403))
    if _limited(request, "lookup", {"ip": settings.BANTIN_QUESTION_LOOKUP_LIMITS}):
        context["problem"] = TOO_MANY
        return _no_store(render(request, "questions/lookup.html", context, status=429))
    if not form.is_valid():
        return _no_store(render(request, "questions/lookup.html", context, status=400))
    question = Question.objects.select_related("site", "area").filter(
        code=form.cleaned_data["code"], site__in=sites_within(site)).first()
    if question is None:
        form.add_error("code", UNKNOWN_CODE)
        return _no_store(render(request, "questions/lookup.html", context, status=404))
    context["question"] = question
    return _no_store(render(request, "questions/lookup.html", context))
