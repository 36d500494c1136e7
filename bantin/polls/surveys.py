"""The public side of a survey page: the form (Wagtail's form builder plus a 1-5 scale,
a consent line and a honeypot), its checks, and the stored response.

A survey page renders Django's CSRF token in its form and tells the page cache never to
store it: unlike an article, a survey is read by few and answered once, so a rendered
page per visit costs little, and the standard token protects the POST. Cross-site posts
are refused besides (the same check as the comment form), as are bots, senders over the
rate limits and a second response from the same visitor (see `polls.voters`).
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.template.response import TemplateResponse
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.models import Page

from bantin.core import text as core_text
from bantin.interaction import personal_data, spam
from bantin.pagecache import collector

from . import results, voters
from .models import SurveyPage

CONSENT = (
    "Tôi đồng ý để cơ quan quản lý trang lưu các câu trả lời này để tổng hợp ý kiến, "
    "theo Nghị định 13/2023/NĐ-CP. Khảo sát không hỏi họ tên; trang chỉ lưu mã băm "
    "địa chỉ mạng và trình duyệt để mỗi người gửi một phiếu, và xóa các mã này sau {days} "
    "ngày."
)
REQUIRED = "Vui lòng trả lời câu hỏi này."
CLOSED = "Khảo sát này đã kết thúc. Cảm ơn bạn đã quan tâm."
NOT_YET = "Khảo sát này chưa bắt đầu. Vui lòng quay lại sau."
OWN_FIELDS = ("consent", "website")


class ScaleField(forms.TypedChoiceField):
    def __init__(self, **options):
        options.pop("initial", None)
        options["error_messages"] = {"required": REQUIRED,
                                     "invalid_choice": "Vui lòng chọn một điểm từ 1 đến 5."}
        super().__init__(
            choices=[(n, str(n)) for n in results.SCALE], coerce=int,
            widget=forms.RadioSelect(attrs={"class": "scale"}), **options)


class SurveyForm(forms.Form):
    """The base of every survey's form (Wagtail's `BaseForm` takes `page` and `user`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        self.user = kwargs.pop("user", None)
        self.page = kwargs.pop("page", None)
        super().__init__(*args, **kwargs)
        self.fields["consent"] = forms.BooleanField(
            label=CONSENT.format(days=personal_data.retention_days("survey_responses")),
            error_messages={"required": "Vui lòng đánh dấu đồng ý để gửi phiếu khảo sát."})
        # Honeypot: hidden from people by CSS and from assistive technology.
        self.fields["website"] = forms.CharField(label="Để trống ô này", required=False)
        self.sender = None

    @property
    def is_spam_trap(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def answers(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in OWN_FIELDS}

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = core_text.nfc(value).replace("\r\n", "\n").strip()
        return cleaned


class SurveyFormBuilder(FormBuilder):
    """Wagtail's form builder with a 1-5 scale and Vietnamese messages."""

    def create_scale_field(self, field, options):
        return ScaleField(**options)

    def create_singleline_field(self, field, options):
        return forms.CharField(max_length=255, **options)

    def create_multiline_field(self, field, options):
        return forms.CharField(max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
                               **options)

    def get_field_options(self, field):
        options = super().get_field_options(field)
        options["error_messages"] = {
            "required": REQUIRED,
            "invalid_choice": "Lựa chọn không hợp lệ.",
            "invalid_list": "Lựa chọn không hợp lệ.",
            "max_length": "Câu trả lời dài tối đa %(limit_value)d ký tự.",
        }
        return options

    def get_form_class(self):
        return type("SurveyAnswerForm", (SurveyForm,), dict(self.formfields))


def store(page: SurveyPage, form: SurveyForm):
    sender = form.sender
    hashes = sender.hashes() if sender is not None else {}
    return page.get_submission_class().objects.create(
        form_data=form.answers(), page=page, **hashes)


def _render(page, request, form, status=200, notice="", **extra):
    context = page.get_context(request)
    total, questions = (results.survey_results(page, with_texts=False)
                        if page.results_public else (0, []))
    context.update(form=form, notice=notice, responses=total, questions=questions, **extra)
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def serve(page: SurveyPage, request, *args, **kwargs):
    # Never stored: the form carries a CSRF token and the notice depends on the visitor.
    collector.never("survey form")
    state = page.state()
    if state != "open":
        return _render(page, request, None, status=200 if request.method == "GET" else 403,
                       notice=CLOSED if state == "closed" else NOT_YET)
    sender = voters.Sender.of(request)
    submissions = page.get_submissions()
    if request.method != "POST":
        if sender.seen_in(submissions):
            return _render(page, request, None, notice=voters.ALREADY_ANSWERED)
        return _render(page, request, page.get_form(page=page, user=request.user))
    form = page.get_form(request.POST, page=page, user=request.user)
    form.sender = sender
    if spam.cross_site(request):
        return _render(page, request, form, status=403, notice=voters.CROSS_SITE)
    if sender.over_limit():
        return _render(page, request, form, status=429, notice=voters.TOO_MANY)
    if form.is_spam_trap or sender.bot:
        # Answer as if it worked; nothing is stored.
        return page.render_landing_page(request, None)
    if not form.is_valid():
        return _render(page, request, form, status=400)
    with transaction.atomic():
        # One response at a time per survey, so two quick posts cannot both pass the check.
        Page.objects.select_for_update().filter(pk=page.pk).first()
        refusal = sender.refusal(submissions, voters.ALREADY_ANSWERED)
        if refusal:
            return _render(page, request, form, status=409, notice=refusal)
        submission = page.process_form_submission(form)
    response = page.render_landing_page(request, submission)
    response["Cache-Control"] = "no-store"
    voters.remember(response, request, sender)
    return response

