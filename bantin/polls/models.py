"""Polls (a unit's snippet, shown on its home page) and surveys (a Wagtail form page).

Who voted or answered is kept as little as possible (Decree 13/2023): three salted hashes
per vote or response -- of the sender's address, of the visitor cookie, and of the address
with the browser's User-Agent -- used only to refuse a second vote, and blanked after
`BANTIN_RETENTION_DAYS["poll_votes"]` / `["survey_responses"]` days. Blanking them keeps the
vote or the response (counts never change).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractFormField, AbstractFormSubmission, FormMixin
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.models import Orderable

from bantin.core.pages import BasePage
from bantin.units.access import UnitOwnedForm


def _window(starts_at, ends_at, now=None) -> str:
    """"open", "not_yet" or "closed" for a start and an optional end."""
    now = now or timezone.now()
    if starts_at and now < starts_at:
        return "not_yet"
    if ends_at and now >= ends_at:
        return "closed"
    return "open"


class SenderHashes(models.Model):
    """The three salted hashes a vote or a response keeps (see `polls.voters`)."""

    ip_hash = models.CharField("mã địa chỉ IP", max_length=64, blank=True, editable=False,
                               db_index=True)
    visitor_hash = models.CharField("mã người đọc", max_length=64, blank=True, editable=False,
                                    db_index=True)
    agent_hash = models.CharField("mã địa chỉ và trình duyệt", max_length=64, blank=True,
                                  editable=False, db_index=True)

    class Meta:
        abstract = True


class Poll(ClusterableModel):
    base_form_class = UnitOwnedForm

    SINGLE, MULTIPLE = "single", "multiple"
    KINDS = [(SINGLE, "Chọn một phương án"), (MULTIPLE, "Chọn nhiều phương án")]
    ALWAYS, AFTER_VOTE, AFTER_CLOSE, STAFF_ONLY = "always", "after_vote", "after_close", "staff"
    VISIBILITIES = [
        (ALWAYS, "Công khai kết quả ngay"),
        (AFTER_VOTE, "Người đã bình chọn được xem kết quả"),
        (AFTER_CLOSE, "Công khai kết quả khi kết thúc"),
        (STAFF_ONLY, "Chỉ cán bộ quản trị xem kết quả"),
    ]

    site = models.ForeignKey("wagtailcore.Site", verbose_name="đơn vị",
                             on_delete=models.CASCADE, related_name="+")
    question = models.CharField("câu hỏi", max_length=255)
    description = models.TextField("giới thiệu", blank=True, max_length=1000)
    kind = models.CharField("cách chọn", max_length=10, choices=KINDS, default=SINGLE,
                            help_text=("Người dân chọn một phương án, hay được chọn nhiều phương "
                                       "án."))
    max_choices = models.PositiveSmallIntegerField(
        "số phương án được chọn tối đa", default=0,
        help_text="Chỉ dùng khi chọn nhiều phương án; 0 là không giới hạn.")
    starts_at = models.DateTimeField("bắt đầu", default=timezone.now)
    ends_at = models.DateTimeField("kết thúc", null=True, blank=True,
                                   help_text="Để trống nếu không hẹn ngày kết thúc.")
    results_visibility = models.CharField("hiển thị kết quả", max_length=12,
                                          choices=VISIBILITIES, default=ALWAYS,
                                          help_text=("Ai được xem kết quả và từ khi nào: ngay, "
                                                     "sau khi bình chọn, khi kết thúc, hoặc "
                                                     "chỉ cán bộ."))
    show_on_home = models.BooleanField(
        "hiện trên trang chủ", default=True,
        help_text="Hiện trong khối «Thăm dò ý kiến» ở trang chủ của đơn vị khi đang mở.")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    panels = [
        FieldPanel("site"),
        FieldPanel("question"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("max_choices")]),
        InlinePanel("choices", label="Phương án", min_num=2, max_num=20),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("results_visibility"),
        FieldPanel("show_on_home"),
    ]

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = "cuộc thăm dò"
        verbose_name_plural = "thăm dò ý kiến"

    def __str__(self) -> str:
        return self.question

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "Thời điểm kết thúc phải sau thời điểm bắt đầu."})

    def state(self, now=None) -> str:
        return _window(self.starts_at, self.ends_at, now)

    @property
    def allowed_choices(self) -> int:
        """How many choices one vote may tick (0: any number)."""
        return 1 if self.kind == self.SINGLE else self.max_choices

    def get_status_display(self) -> str:
        return {"open": "Đang mở", "not_yet": "Chưa bắt đầu", "closed": "Đã kết thúc"}[
            self.state()]


class PollChoice(Orderable):
    poll = ParentalKey(Poll, on_delete=models.CASCADE, related_name="choices")
    label = models.CharField("phương án", max_length=200)

    panels = [FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = "phương án"
        verbose_name_plural = "phương án"

    def __str__(self) -> str:
        return self.label


class PollVote(SenderHashes):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    choices = models.ManyToManyField(PollChoice, related_name="votes")
    created_at = models.DateTimeField("bình chọn lúc", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "phiếu thăm dò"
        verbose_name_plural = "phiếu thăm dò"


# Surveys ---------------------------------------------------------------------------------

FIELD_TYPES = [
    ("radio", "Chọn một (nút tròn)"),
    ("dropdown", "Chọn một (danh sách thả xuống)"),
    ("checkboxes", "Chọn nhiều (ô đánh dấu)"),
    ("scale", "Thang điểm từ 1 đến 5"),
    ("singleline", "Trả lời ngắn"),
    ("multiline", "Trả lời dài"),
]
CHARTED = ("radio", "dropdown", "checkboxes", "scale")


class SurveyField(AbstractFormField):
    """A question of a survey. Only the kinds an opinion survey needs: no email, address
    or date fields (a survey asks for opinions, not for who answers)."""

    page = ParentalKey("SurveyPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField("loại câu hỏi", max_length=16, choices=FIELD_TYPES)

    class Meta(AbstractFormField.Meta):
        verbose_name = "câu hỏi"
        verbose_name_plural = "câu hỏi"


class SurveySubmission(SenderHashes, AbstractFormSubmission):
    class Meta:
        verbose_name = "phiếu khảo sát"
        verbose_name_plural = "phiếu khảo sát"


class SurveyPage(FormMixin, BasePage):
    """A multi-question opinion survey built with Wagtail's form builder."""

    intro = models.TextField("lời giới thiệu", blank=True)
    thank_you_text = models.TextField(
        "lời cảm ơn", blank=True,
        default="Cảm ơn bạn đã tham gia khảo sát. Ý kiến của bạn đã được ghi nhận.")
    starts_at = models.DateTimeField("bắt đầu", default=timezone.now)
    ends_at = models.DateTimeField("kết thúc", null=True, blank=True)
    results_public = models.BooleanField(
        "công khai kết quả", default=False,
        help_text="Hiện biểu đồ kết quả từng câu hỏi (không kèm câu trả lời tự do) "
                  "trên trang khảo sát.")

    template = "polls/survey_page.html"
    landing_page_template = "polls/survey_page_landing.html"
    parent_page_types = ["units.HubHomePage", "units.UnitHomePage", "units.StandardPage"]
    subpage_types: list[str] = []

    content_panels = [
        *BasePage.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Câu hỏi", min_num=1),
        FieldPanel("thank_you_text"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                         FieldPanel("results_public")], heading="Thời gian và kết quả"),
    ]

    class Meta:
        verbose_name = "trang khảo sát"

    def state(self, now=None) -> str:
        return _window(self.starts_at, self.ends_at, now)

    def get_submission_class(self):
        return SurveySubmission

    # The form, its checks and the answer are in `polls.surveys` (kept out of the model).
    def get_form_class(self):
        from .surveys import SurveyFormBuilder

        return SurveyFormBuilder(self.get_form_fields()).get_form_class()

    def get_submissions_list_view_class(self):
        from .exporting import SafeSubmissionsListView

        return SafeSubmissionsListView

    def process_form_submission(self, form):
        from .surveys import store

        return store(self, form)

    def serve(self, request, *args, **kwargs):
        from .surveys import serve

        return serve(self, request, *args, **kwargs)
