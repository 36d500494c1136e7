"""The public comment form: only the fields needed, a consent line, a honeypot, and the
captcha when the unit asks for it. `PublicForm` is what every public form shares (the
question form of `bantin.questions` too)."""

from __future__ import annotations

from django import forms
from django.conf import settings

from bantin.core import text as core_text

from . import captcha, personal_data, spam
from .models import Comment

CONSENT = (
    "Tôi đồng ý để cơ quan quản lý trang lưu họ tên, thư điện tử (nếu có) và nội dung "
    "bình luận này để kiểm duyệt, đăng bình luận và liên hệ lại khi cần, theo Nghị định "
    "13/2023/NĐ-CP. Thư điện tử không được công khai; thư điện tử và mã địa chỉ gửi được "
    "xóa sau {days} ngày."
)


class PublicForm(forms.Form):
    """The honeypot, the captcha when the unit asks for it, and the cleaning of a name
    line and of a text with a link limit."""

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

    def clean_body(self, name: str, minimum: int, too_short: str, max_links: int,
                   what: str) -> str:
        """A text in NFC with Unix line ends, at least `minimum` characters once
        trimmed and at most `max_links` links ("`what` chứa quá nhiều liên kết")."""
        value = core_text.nfc(self.cleaned_data[name]).replace("\r\n", "\n").strip()
        if len(value) < minimum:
            raise forms.ValidationError(too_short)
        if spam.link_count(value) > max_links:
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


class CommentForm(PublicForm):
    name = forms.CharField(
        label="Họ tên", max_length=100,
        error_messages={"required": "Vui lòng nhập họ tên.",
                        "max_length": "Họ tên dài tối đa %(limit_value)d ký tự."},
    )
    email = forms.EmailField(
        label="Thư điện tử (không bắt buộc, không công khai)", required=False,
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )
    text = forms.CharField(
        label="Nội dung", max_length=3000, min_length=3, widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Vui lòng nhập nội dung bình luận.",
                        "min_length": "Nội dung bình luận quá ngắn.",
                        "max_length": "Nội dung dài tối đa %(limit_value)d ký tự "
                                      "(hiện có %(show_value)d)."},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    consent = forms.BooleanField(
        error_messages={"required": "Vui lòng đánh dấu đồng ý để gửi bình luận."},
    )

    def __init__(self, *args, page=None, captcha_required=False, **kwargs):
        super().__init__(*args, captcha_required=captcha_required, **kwargs)
        self.page = page
        self.fields["consent"].label = CONSENT.format(
            days=personal_data.retention_days("comments"))
        self.parent_comment = None

    def clean_name(self):
        return self.clean_line("name", "Vui lòng nhập họ tên.")

    def clean_text(self):
        return self.clean_body("text", 3, "Nội dung bình luận quá ngắn.",
                               settings.BANTIN_COMMENT_MAX_LINKS, "Bình luận")

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Comment.objects.filter(
            pk=parent_id, page=self.page, status=Comment.APPROVED
        ).select_related("parent").first()
        if parent is None:
            raise forms.ValidationError("Bình luận bạn muốn trả lời không còn hiển thị.")
        # Replies are one level deep: a reply to a reply answers its top comment.
        if parent.parent_id:
            parent = parent.parent
        self.parent_comment = parent
        return parent.pk
