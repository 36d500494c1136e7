"""The public forms -- comments, opinions on drafts, contact messages: only the fields
needed, a consent line, a honeypot, and the captcha when the unit asks for it (the shared
parts are `public_forms.PublicForm`)."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings

from bantin.core import text as core_text

from .models import Comment
from .public_forms import PublicForm

CONSENT = (
    "Tôi đồng ý để cơ quan quản lý trang lưu họ tên, thư điện tử (nếu có) và nội dung "
    "bình luận này để kiểm duyệt, đăng bình luận và liên hệ lại khi cần, theo Nghị định "
    "13/2023/NĐ-CP. Thư điện tử không được công khai; thư điện tử và mã địa chỉ gửi được "
    "xóa sau {days} ngày."
)


class CommentForm(PublicForm):
    retention_kind = "comments"
    consent_text = CONSENT
    text_noun = "bình luận"
    text_max = 3000

    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.max_links = settings.BANTIN_COMMENT_MAX_LINKS
        self.parent_comment = None

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


OPINION_CONSENT = (
    "Tôi đồng ý để cơ quan soạn thảo lưu họ tên, cơ quan (nếu có), thư điện tử (nếu có) "
    "và nội dung góp ý này để tổng hợp, tiếp thu, giải trình và công khai ý kiến (không "
    "kèm thư điện tử), theo Nghị định 13/2023/NĐ-CP. Thư điện tử và mã địa chỉ gửi được "
    "xóa sau {days} ngày."
)


class OpinionForm(PublicForm):
    retention_kind = "opinions"
    consent_text = OPINION_CONSENT
    text_noun = "góp ý"
    text_max = 5000
    max_links = 2

    organisation = forms.CharField(
        label="Cơ quan, tổ chức (nếu có)", max_length=200, required=False,
        error_messages={"max_length": "Tên cơ quan dài tối đa %(limit_value)d ký tự."},
    )
    provision = forms.CharField(
        label="Điều, khoản góp ý (nếu có)", max_length=100, required=False,
        error_messages={"max_length": "Điều, khoản dài tối đa %(limit_value)d ký tự."},
    )
    field_order = ["name", "organisation", "email", "provision", "text"]

    def clean_organisation(self):
        return core_text.clean(self.cleaned_data["organisation"]).strip()

    def clean_provision(self):
        return core_text.clean(self.cleaned_data["provision"]).strip()


CONTACT_CONSENT = (
    "Tôi đồng ý để cơ quan lưu họ tên, thư điện tử, số điện thoại và nội dung thư này để "
    "chuyển đến bộ phận được chọn và trả lời tôi, theo Nghị định 13/2023/NĐ-CP. Dữ liệu cá "
    "nhân và nội dung thư được xóa sau {days} ngày."
)
PHONE_RE = re.compile(r"^\+?[0-9 .()-]{8,20}$")
GENERAL = "chung"


class ContactForm(PublicForm):
    retention_kind = "contact"
    consent_text = CONTACT_CONSENT
    text_noun = "thư"
    text_max = 5000
    max_links = 3

    department = forms.ChoiceField(
        label="Gửi đến",
        error_messages={"required": "Vui lòng chọn bộ phận nhận thư.",
                        "invalid_choice": "Bộ phận đã chọn không nhận thư liên hệ; vui lòng "
                                          "chọn bộ phận khác."},
    )
    email = forms.EmailField(
        label="Thư điện tử", required=False,
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )
    phone = forms.CharField(
        label="Điện thoại", max_length=20, required=False,
        error_messages={"max_length": "Số điện thoại dài tối đa %(limit_value)d ký tự."},
    )
    subject = forms.CharField(
        label="Tiêu đề", max_length=200,
        error_messages={"required": "Vui lòng nhập tiêu đề.",
                        "max_length": "Tiêu đề dài tối đa %(limit_value)d ký tự."},
    )
    field_order = ["department", "name", "email", "phone", "subject", "text"]

    def __init__(self, *args, recipients=(), **kwargs):
        """`recipients`: [(value, label)] of the bộ phận that take messages."""
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "— Chọn bộ phận —"), *recipients]

    def clean_phone(self):
        phone = core_text.clean(self.cleaned_data["phone"]).strip()
        if phone and (not PHONE_RE.match(phone) or sum(c.isdigit() for c in phone) < 8):
            raise forms.ValidationError(
                "Số điện thoại không hợp lệ: chỉ gồm chữ số (ít nhất 8), có thể có dấu +, "
                "khoảng trắng hoặc dấu chấm.")
        return phone

    def clean_subject(self):
        subject = core_text.clean(self.cleaned_data["subject"]).strip()
        if not subject:
            raise forms.ValidationError("Vui lòng nhập tiêu đề.")
        return subject

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") \
                and "email" not in self.errors and "phone" not in self.errors:
            self.add_error("email", "Vui lòng cho biết thư điện tử hoặc số điện thoại để cơ "
                                    "quan trả lời bạn.")
        return cleaned
