"""What every public form of the portal shares (comments, opinions on draft documents,
contact messages): the fields a sender is asked for at least, a consent line naming the
retention, a honeypot, the unit's captcha, and one order of checks on a POST.

`submit` runs that order: cross-site refusal, rate limits (every attempt counts), the
honeypot and bots (answered as a success, nothing stored), validation and the duplicate
check, then `save`. Plain HTML posts get a redirect with a message, or the form page
again with every error in Vietnamese and everything typed kept; the page's script sends
`Accept: application/json` and gets the same answers as JSON.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render

from bantin.audience.bots import is_bot
from bantin.audience.visitors import VISITOR_COOKIE
from bantin.core import text as core_text

from . import captcha, personal_data, spam

TOO_MANY = "Bạn gửi quá nhiều trong thời gian ngắn. Vui lòng đợi vài phút rồi thử lại."
CROSS_SITE = "Yêu cầu không hợp lệ: biểu mẫu phải được gửi từ chính trang này."


class GuardedForm(forms.Form):
    """The honeypot, the captcha when the unit asks for it, and the cleaning of a name
    line and of a text with a link limit: what any public form needs, whatever it asks."""

    # Honeypot: hidden from people by CSS and from assistive technology; bots fill it.
    website = forms.CharField(label="Để trống ô này", required=False)
    captcha_token = forms.CharField(required=False, widget=forms.HiddenInput)
    captcha_answer = forms.CharField(label="Câu hỏi kiểm tra", required=False, max_length=10)

    def __init__(self, *args, captcha_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.captcha_required = captcha_required

    @property
    def is_spam_trap(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def clean_line(self, name: str, missing: str) -> str:
        """A one-line field in NFC with one tone style, not blank once cleaned."""
        value = core_text.clean(self.cleaned_data[name]).strip()
        if not value:
            raise forms.ValidationError(missing)
        return value

    def clean_body(self, name: str, minimum: int, too_short: str, max_links: int | None,
                   what: str) -> str:
        """A text in NFC with Unix line ends, at least `minimum` characters once
        trimmed and at most `max_links` links ("`what` chứa quá nhiều liên kết")."""
        value = core_text.nfc(self.cleaned_data[name]).replace("\r\n", "\n").strip()
        if len(value) < minimum:
            raise forms.ValidationError(too_short)
        if max_links is not None and spam.link_count(value) > max_links:
            raise forms.ValidationError(
                f"{what} chứa quá nhiều liên kết (tối đa {max_links}).")
        return value

    def clean(self):
        cleaned = super().clean()
        if self.captcha_required:
            problem = captcha.check(cleaned.get("captcha_token", ""),
                                    cleaned.get("captcha_answer", ""))
            if problem:
                self.add_error("captcha_answer", problem)
        return cleaned


class PublicForm(GuardedForm):
    """Name, optional email, text and consent on top of `GuardedForm`. Subclasses set
    `retention_kind`, `consent_text` (with `{days}`) and the text limits and words."""

    retention_kind = ""
    consent_text = ""
    text_noun = "nội dung"       # "bình luận", "ý kiến", ...
    text_max = 3000
    max_links: int | None = None

    name = forms.CharField(
        label="Họ tên", max_length=100,
        error_messages={"required": "Vui lòng nhập họ tên.",
                        "max_length": "Họ tên dài tối đa %(limit_value)d ký tự."},
    )
    email = forms.EmailField(
        label="Thư điện tử (không bắt buộc, không công khai)", required=False,
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )
    text = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 5}))
    consent = forms.BooleanField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        noun = self.text_noun
        # Built here so each form has its own limit and words, in the same place.
        self.fields["text"] = forms.CharField(
            label=self.fields["text"].label, max_length=self.text_max,
            widget=forms.Textarea(attrs={"rows": 5}),
            error_messages={
                "required": f"Vui lòng nhập nội dung {noun}.",
                "max_length": "Nội dung dài tối đa %(limit_value)d ký tự "
                              "(hiện có %(show_value)d).",
            },
        )
        self.fields["consent"].label = self.consent_text.format(
            days=personal_data.retention_days(self.retention_kind))
        self.fields["consent"].error_messages["required"] = (
            f"Vui lòng đánh dấu đồng ý để gửi {noun}.")

    def clean_name(self):
        return self.clean_line("name", "Vui lòng nhập họ tên.")

    def clean_text(self):
        return self.clean_body("text", 3, f"Nội dung {self.text_noun} quá ngắn.",
                               self.max_links, self.text_noun.capitalize())


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def refuse(request, message: str, status: int, back: str):
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    messages.error(request, message)
    return redirect(back)


def sent(request, message: str, back: str):
    if wants_json(request):
        return JsonResponse({"message": message}, status=201)
    messages.success(request, message)
    return redirect(back)


def form_page(request, template: str, form: PublicForm, status: int = 200, **context):
    """A public form on a page of its own (replies, errors without JavaScript, and the
    captcha question, fresh): never stored by any cache."""
    context.update(form=form,
                   captcha=captcha.challenge() if form.captcha_required else None)
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def visitor_cookie(request) -> str:
    return request.COOKIES.get(VISITOR_COOKIE, "")[:64]


def submit(request, form: PublicForm, *, limits: dict, back: str,
           sent_message: str | Callable,
           form_page: Callable, save: Callable,
           duplicate: Callable | None = None):
    """The POST of a public form. `form_page(form, status)` renders the form on a page of
    its own; `save(cleaned_data, ip_hash, visitor_hash)` stores what was sent;
    `duplicate(cleaned_data, ip_hash)` says whether it was already sent; `sent_message`
    may be a function of the posted data. `limits` maps
    "ip" and "visitor" to [(window seconds, allowed)]."""
    if spam.cross_site(request):
        return refuse(request, CROSS_SITE, 403, back)
    sender_ip = spam.ip_hash(request)
    visitor = spam.visitor_hash(visitor_cookie(request))
    scope = type(form).__name__
    limited = spam.over_limit(f"{scope}:ip", sender_ip, limits["ip"])
    if visitor:
        limited |= spam.over_limit(f"{scope}:visitor", visitor, limits["visitor"])
    if limited:
        if wants_json(request):
            return JsonResponse({"error": TOO_MANY}, status=429)
        form.is_valid()
        form.errors.clear()
        form.add_error(None, TOO_MANY)
        return form_page(form, 429)
    if callable(sent_message):
        message_for = sent_message
    else:
        def message_for(data):
            return sent_message
    if form.is_spam_trap or is_bot(request.headers.get("User-Agent")):
        # Answer as if it worked: a bot learns nothing; nothing is stored.
        return sent(request, message_for(form.data), back)
    if form.is_valid() and duplicate and duplicate(form.cleaned_data, sender_ip):
        form.add_error("text", f"{form.text_noun.capitalize()} này đã được gửi trước đó.")
    if not form.is_valid():
        if wants_json(request):
            payload = {"errors": {k: [str(m) for m in v] for k, v in form.errors.items()}}
            if form.captcha_required:
                payload["captcha"] = captcha.challenge()
            return JsonResponse(payload, status=400)
        return form_page(form, 400)
    save(form.cleaned_data, sender_ip, visitor)
    return sent(request, message_for(form.cleaned_data), back)
