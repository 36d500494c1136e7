"""The public forms: a question (only the fields needed, a consent line, a honeypot, the
captcha when the unit asks for it, an optional attachment checked by its content) and
the lookup of a question by its tracking code."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from bantin.core import files
from bantin.interaction import personal_data
from bantin.interaction.public_forms import GuardedForm

from . import codes

CONSENT = (
    "Tôi đồng ý để cơ quan quản lý trang lưu họ tên, thông tin liên hệ, nội dung câu hỏi "
    "và tệp đính kèm (nếu có) để trả lời câu hỏi và công khai câu hỏi, câu trả lời (chỉ "
    "kèm họ tên), theo Nghị định 13/2023/NĐ-CP. Thư điện tử, số điện thoại, tệp đính kèm "
    "và mã địa chỉ gửi được xóa sau {days} ngày."
)
PHONE_RE = re.compile(r"^\+?[0-9]{8,15}$")

# What an attachment may be; the upload gate (bantin.core.files) recognises it by content.
ATTACHMENT_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "doc", "docx")
ATTACHMENT_HELP = "PDF, ảnh (JPG, PNG) hoặc Word (.doc, .docx), tối đa {mb} MB."


def _max_bytes() -> int:
    return settings.BANTIN_QUESTION_MAX_ATTACHMENT_MB * 1024 * 1024


def check_attachment(upload) -> str:
    """The content type of an acceptable upload; a Vietnamese ValidationError otherwise."""
    limit = settings.BANTIN_QUESTION_MAX_ATTACHMENT_MB
    if upload.size > _max_bytes():
        raise forms.ValidationError(f"Tệp đính kèm quá lớn (tối đa {limit} MB).")
    if upload.size == 0:
        raise forms.ValidationError("Tệp đính kèm rỗng.")
    try:
        checked = files.check(upload, upload.name, extensions=ATTACHMENT_EXTENSIONS,
                              max_bytes=_max_bytes())
    except ValidationError as refused:
        raise forms.ValidationError(
            "Tệp đính kèm không hợp lệ: " + refused.messages[0] + " Chỉ nhận "
            + ATTACHMENT_HELP.format(mb=limit) + " Nội dung tệp phải đúng với phần mở rộng."
        ) from refused
    return checked.content_type


class QuestionForm(GuardedForm):
    name = forms.CharField(
        label="Họ tên", max_length=100,
        error_messages={"required": "Vui lòng nhập họ tên.",
                        "max_length": "Họ tên dài tối đa %(limit_value)d ký tự."},
    )
    email = forms.EmailField(
        label="Thư điện tử", required=False, max_length=254,
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )
    phone = forms.CharField(label="Số điện thoại", required=False, max_length=20)
    area = forms.TypedChoiceField(
        label="Lĩnh vực", coerce=int, empty_value=None,
        error_messages={"required": "Vui lòng chọn lĩnh vực.",
                        "invalid_choice": "Lĩnh vực không hợp lệ, vui lòng chọn lại."},
    )
    title = forms.CharField(
        label="Tiêu đề", max_length=200, min_length=5,
        error_messages={"required": "Vui lòng nhập tiêu đề câu hỏi.",
                        "min_length": "Tiêu đề quá ngắn.",
                        "max_length": "Tiêu đề dài tối đa %(limit_value)d ký tự."},
    )
    text = forms.CharField(
        label="Nội dung câu hỏi", max_length=5000, min_length=10,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Vui lòng nhập nội dung câu hỏi.",
                        "min_length": "Nội dung câu hỏi quá ngắn.",
                        "max_length": "Nội dung dài tối đa %(limit_value)d ký tự "
                                      "(hiện có %(show_value)d)."},
    )
    attachment = forms.FileField(
        label="Tệp đính kèm (không bắt buộc)", required=False,
        error_messages={"invalid": "Tệp đính kèm không hợp lệ.",
                        "empty": "Tệp đính kèm rỗng."},
    )
    consent = forms.BooleanField(
        error_messages={"required": "Vui lòng đánh dấu đồng ý để gửi câu hỏi."},
    )

    def __init__(self, *args, field_choices=(), captcha_required=False, **kwargs):
        super().__init__(*args, captcha_required=captcha_required, **kwargs)
        self.fields["area"].choices = [("", "— Chọn lĩnh vực —"), *field_choices]
        self.fields["consent"].label = CONSENT.format(
            days=personal_data.retention_days("questions"))
        self.fields["attachment"].help_text = ATTACHMENT_HELP.format(
            mb=settings.BANTIN_QUESTION_MAX_ATTACHMENT_MB)
        self.attachment_type = ""

    def clean_name(self):
        return self.clean_line("name", "Vui lòng nhập họ tên.")

    def clean_title(self):
        return self.clean_line("title", "Vui lòng nhập tiêu đề câu hỏi.")

    def clean_phone(self):
        value = re.sub(r"[\s.()-]", "", self.cleaned_data["phone"])
        if value and not PHONE_RE.match(value):
            raise forms.ValidationError(
                "Số điện thoại không hợp lệ (8–15 chữ số, có thể bắt đầu bằng +).")
        return value

    def clean_text(self):
        return self.clean_body("text", 10, "Nội dung câu hỏi quá ngắn.",
                               settings.BANTIN_QUESTION_MAX_LINKS, "Câu hỏi")

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            self.attachment_type = check_attachment(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and not (
                self.errors.get("email") or self.errors.get("phone")):
            self.add_error("email", "Vui lòng nhập thư điện tử hoặc số điện thoại để "
                                    "đơn vị liên hệ khi cần.")
        return cleaned


class LookupForm(forms.Form):
    code = forms.CharField(
        label="Mã tra cứu", max_length=40,
        error_messages={"required": "Vui lòng nhập mã tra cứu."},
    )

    def clean_code(self):
        code = codes.normalise(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(
                "Mã tra cứu không đúng định dạng (ví dụ: HD-7K3M-Q9XP-2TWR).")
        return code
