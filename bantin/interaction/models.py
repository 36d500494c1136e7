"""Comments on articles: pre-moderated per unit, personal data kept to what is needed.

A comment is shown only once a moderator of the article's unit (or of a unit above it)
approves it. Who sent it is kept as little as possible (Decree 13/2023): the name shown
with it, an optional email address that is never shown, and salted hashes of the sender's
address and visitor cookie (for rate limits and duplicates); the email and the hashes are
blanked after `BANTIN_RETENTION_DAYS["comments"]` days by `python -m bantin purge_personal_data`.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import RevisionMixin

from bantin.units.access import UnitOwnedForm


class SentByCitizen(models.Model):
    """What a record sent through a public form keeps about who sent it: a name, an
    optional email, when, and salted hashes (see interaction.spam) -- never the address
    or the cookie itself."""

    name = models.CharField("họ tên", max_length=100)
    email = models.EmailField("thư điện tử", blank=True)
    created_at = models.DateTimeField("gửi lúc", auto_now_add=True, db_index=True)
    ip_hash = models.CharField("mã địa chỉ IP", max_length=64, blank=True, editable=False,
                               db_index=True)
    visitor_hash = models.CharField("mã người đọc", max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True


class Comment(RevisionMixin, SentByCitizen):
    base_form_class = UnitOwnedForm

    PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
    STATUSES = [(PENDING, "Chờ duyệt"), (APPROVED, "Đã duyệt"), (REJECTED, "Từ chối")]

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="bài viết", on_delete=models.CASCADE,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self", verbose_name="trả lời cho", null=True, blank=True, on_delete=models.CASCADE,
        related_name="replies",
    )
    text = models.TextField("nội dung", max_length=3000)
    status = models.CharField(
        "trạng thái", max_length=10, choices=STATUSES, default=PENDING, db_index=True
    )
    report_count = models.PositiveIntegerField("số lần bị báo cáo", default=0, editable=False)
    reported_at = models.DateTimeField("bị báo cáo lúc", null=True, blank=True, editable=False)

    panels = [FieldPanel("name"), FieldPanel("email"), FieldPanel("text"), FieldPanel("status")]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "bình luận"
        verbose_name_plural = "bình luận"

    def __str__(self) -> str:
        return f"{self.name}: {self.text[:40]}"

    @property
    def reported(self) -> bool:
        return self.report_count > 0


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    """Per-unit switches of the public forms (comments, opinions on drafts, contact)."""

    captcha = models.BooleanField(
        "yêu cầu câu hỏi kiểm tra", default=False,
        help_text="Bật khi trang bị gửi bình luận, góp ý hoặc thư liên hệ rác: người gửi "
                  "phải trả lời một phép tính đơn giản (không dùng dịch vụ bên ngoài).",
    )

    panels = [FieldPanel("captcha")]

    class Meta:
        verbose_name = "cài đặt bình luận"


class Opinion(RevisionMixin, SentByCitizen):
    """An opinion on a draft legal document, sent while its comment window is open
    (`LegalDocument.comment_opens_at` .. `comment_closes_at`). Pre-moderated like a
    comment; approved opinions are listed under the draft, and the unit exports them all
    to compile its report on the opinions received."""

    base_form_class = UnitOwnedForm

    PENDING, APPROVED, REJECTED = Comment.PENDING, Comment.APPROVED, Comment.REJECTED
    STATUSES = Comment.STATUSES

    document = models.ForeignKey(
        "laws.LegalDocument", verbose_name="dự thảo", on_delete=models.CASCADE,
        related_name="opinions",
    )
    organisation = models.CharField("cơ quan, tổ chức", max_length=200, blank=True)
    provision = models.CharField(
        "điều, khoản góp ý", max_length=100, blank=True,
        help_text="Ví dụ: Điều 3, khoản 2. Để trống nếu góp ý chung cho cả dự thảo.",
    )
    text = models.TextField("nội dung góp ý", max_length=5000)
    status = models.CharField(
        "trạng thái", max_length=10, choices=STATUSES, default=PENDING, db_index=True
    )

    panels = [FieldPanel("name"), FieldPanel("organisation"), FieldPanel("email"),
              FieldPanel("provision"), FieldPanel("text"), FieldPanel("status")]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "góp ý dự thảo"
        verbose_name_plural = "góp ý dự thảo"

    def __str__(self) -> str:
        return f"{self.name}: {self.text[:40]}"


class ContactMessage(SentByCitizen):
    """A message sent with a unit's contact form, routed to the department the sender
    chose (its email address, else the contact page's), and kept here for the unit."""

    NEW, HANDLED = "new", "handled"
    STATUSES = [(NEW, "Mới"), (HANDLED, "Đã xử lý")]

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="đơn vị", on_delete=models.CASCADE,
        related_name="+",
    )
    department = models.ForeignKey(
        "organisation.Department", verbose_name="phòng ban", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    # As sent: the department may be renamed or removed later.
    department_name = models.CharField("gửi đến", max_length=255)
    recipient = models.EmailField("địa chỉ nhận", blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    subject = models.CharField("tiêu đề", max_length=200)
    text = models.TextField("nội dung", max_length=5000)
    status = models.CharField(
        "trạng thái", max_length=10, choices=STATUSES, default=NEW, db_index=True
    )
    note = models.TextField("ghi chú xử lý", blank=True)
    forwarded_at = models.DateTimeField("đã chuyển thư lúc", null=True, blank=True,
                                        editable=False)

    panels = [FieldPanel("status"), FieldPanel("note")]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "thư liên hệ"
        verbose_name_plural = "thư liên hệ"

    def __str__(self) -> str:
        return f"{self.name}: {self.subject}"
