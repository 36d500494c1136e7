"""Questions from citizens to a unit (Hỏi đáp), answered by its staff and, once answered,
published by its moderators.

What the asker gives is kept to what is needed (Decree 13/2023): a name (shown with a
published question), an email address and/or a phone number (never shown; the email is
where the answer is announced), the question and an optional attachment stored outside
the public media folders. The contact details, the salted address hashes and the
attachment are removed after `BANTIN_RETENTION_DAYS["questions"]` days
(`purge_personal_data`); the published question and answer stay.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import RevisionMixin

from bantin.core import text

from . import codes
from .admin_forms import QuestionAdminForm


def attachment_path(instance, filename: str) -> str:
    """A random name under `questions/` (a protected media folder): the asker's own file
    name is not kept."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"questions/{dt.date.today():%Y/%m}/{secrets.token_hex(16)}.{extension}"


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Question.PUBLISHED)


class Question(RevisionMixin, models.Model):
    base_form_class = QuestionAdminForm

    NEW, IN_PROGRESS, ANSWERED = "new", "in_progress", "answered"
    PUBLISHED, REJECTED = "published", "rejected"
    STATUSES = [
        (NEW, "Đã tiếp nhận"), (IN_PROGRESS, "Đang xử lý"), (ANSWERED, "Đã trả lời"),
        (PUBLISHED, "Đã công khai"), (REJECTED, "Không tiếp nhận"),
    ]
    OPEN = (NEW, IN_PROGRESS)

    site = models.ForeignKey("wagtailcore.Site", verbose_name="đơn vị",
                             on_delete=models.CASCADE, related_name="+")
    code = models.CharField("mã tra cứu", max_length=codes.LENGTH, unique=True,
                            editable=False, default=codes.new_code)
    public_id = models.CharField("mã công khai", max_length=codes.PUBLIC_ID_LENGTH,
                                 unique=True, editable=False, default=codes.new_public_id)
    name = models.CharField("họ tên", max_length=100)
    email = models.EmailField("thư điện tử", blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    area = models.ForeignKey("laws.LegalField", verbose_name="lĩnh vực", null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField("tiêu đề", max_length=200)
    text = models.TextField("nội dung câu hỏi", max_length=5000)
    attachment = models.FileField("tệp đính kèm", upload_to=attachment_path, blank=True,
                                  max_length=255, editable=False)
    attachment_type = models.CharField(max_length=100, blank=True, editable=False)
    status = models.CharField("trạng thái", max_length=12, choices=STATUSES, default=NEW,
                              db_index=True, editable=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người xử lý", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    answer = models.TextField("câu trả lời", blank=True, max_length=20000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người trả lời", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True, editable=False)
    published_at = models.DateTimeField("công khai lúc", null=True, blank=True,
                                        editable=False, db_index=True)
    reject_reason = models.TextField("lý do không tiếp nhận", blank=True, editable=False)
    created_at = models.DateTimeField("gửi lúc", auto_now_add=True, db_index=True)
    # Folded title, question and answer ("dat dai"): what the public search matches.
    search_text = models.TextField(blank=True, editable=False)
    # Salted hashes (see interaction.spam), never the address or the cookie itself.
    ip_hash = models.CharField("mã địa chỉ IP", max_length=64, blank=True, editable=False,
                               db_index=True)
    visitor_hash = models.CharField("mã người đọc", max_length=64, blank=True, editable=False)

    objects = QuestionQuerySet.as_manager()

    panels = [
        FieldPanel("area"), FieldPanel("title"), FieldPanel("text"),
        FieldPanel("assigned_to"), FieldPanel("answer"),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "câu hỏi"
        verbose_name_plural = "hỏi đáp"
        permissions = [("publish_question", "Công khai câu hỏi và câu trả lời")]
        indexes = [models.Index(fields=("site", "status", "answered_at"),
                                name="question_site_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def display_code(self) -> str:
        return codes.display(self.code)

    @property
    def is_answered(self) -> bool:
        return self.status in (self.ANSWERED, self.PUBLISHED) and bool(self.answer.strip())

    def get_absolute_url(self) -> str:
        return f"/hoi-dap/{self.public_id}/"

    def save(self, *args, **kwargs):
        self.search_text = " ".join(
            text.fold(f"{self.title} {self.text} {self.answer}").split())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "text", "answer"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)
