"""Legal and administrative documents (văn bản) of a unit: the library Decree 42 asks for.

A document's validity is never typed in: it is computed from its dates and from the
documents that replace or amend it, for any given day (`LegalDocument.validity` for one
document, `LegalDocumentQuerySet.with_validity` for a filterable annotation).
"""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from bantin.audience import counting
from bantin.core import text
from bantin.units.access import UnitOwnedForm


def normalize_number(number: str) -> str:
    """The comparable form of a số hiệu: NFC, upper case, no spaces ("25 / 2024 / tt-btc"
    and "25/2024/TT-BTC" are the same document number)."""
    return re.sub(r"\s+", "", text.nfc(number or "")).upper()


class DocumentType(models.Model):
    """Loại văn bản: Luật, Nghị định, Quyết định, Công văn… — an editable list."""

    name = models.CharField("tên loại", max_length=100, unique=True)
    sort_order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "loại văn bản"
        verbose_name_plural = "loại văn bản"

    def __str__(self) -> str:
        return self.name


class IssuingBody(models.Model):
    """Cơ quan ban hành."""

    name = models.CharField("tên cơ quan", max_length=255, unique=True)
    sort_order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "cơ quan ban hành"
        verbose_name_plural = "cơ quan ban hành"

    def __str__(self) -> str:
        return self.name


class Signer(models.Model):
    """Người ký, with the position held when signing."""

    name = models.CharField("họ tên", max_length=255)
    position = models.CharField("chức vụ", max_length=255, blank=True)

    class Meta:
        ordering = ["name", "position"]
        verbose_name = "người ký"
        verbose_name_plural = "người ký"
        constraints = [
            models.UniqueConstraint(fields=("name", "position"), name="unique_signer")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.position})" if self.position else self.name


class LegalField(models.Model):
    """Lĩnh vực: a tree of subject areas (Đất đai › Giải phóng mặt bằng)."""

    name = models.CharField("tên lĩnh vực", max_length=255)
    parent = models.ForeignKey(
        "self", verbose_name="thuộc lĩnh vực", null=True, blank=True,
        on_delete=models.CASCADE, related_name="children",
        help_text="Để trống nếu là lĩnh vực lớn; chọn lĩnh vực cha nếu đây là lĩnh vực con.")

    class Meta:
        ordering = ["name"]
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        constraints = [
            models.UniqueConstraint(fields=("parent", "name"), name="unique_field_name")
        ]

    def __str__(self) -> str:
        return " › ".join(f.name for f in self.lineage())

    def lineage(self) -> list[LegalField]:
        chain, node, seen = [], self, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def clean(self):
        if self.pk and self.parent and self in self.parent.lineage():
            raise ValidationError({"parent": (
                "Một lĩnh vực không thể nằm trong chính nó: hãy chọn lĩnh vực cha khác hoặc "
                "để trống.")})


class Validity(models.TextChoices):
    NOT_YET = "chua-hieu-luc", "Chưa có hiệu lực"
    IN_FORCE = "con-hieu-luc", "Còn hiệu lực"
    PARTIAL = "het-mot-phan", "Hết hiệu lực một phần"
    EXPIRED = "het-toan-bo", "Hết hiệu lực toàn bộ"


class Relation(models.TextChoices):
    REPLACES = "replaces", "Thay thế"
    AMENDS = "amends", "Sửa đổi, bổ sung"
    GUIDES = "guides", "Hướng dẫn"
    RELATED = "related", "Liên quan"


# How a link reads from the other side.
INVERSE_LABELS = {
    Relation.REPLACES: "Bị thay thế bởi",
    Relation.AMENDS: "Được sửa đổi, bổ sung bởi",
    Relation.GUIDES: "Được hướng dẫn bởi",
    Relation.RELATED: "Liên quan",
}


def _in_effect_q(prefix: str, today: dt.date) -> Q:
    """A published document that has taken effect by `today` (effective date, else issue date)."""
    return Q(**{f"{prefix}live": True}) & (
        Q(**{f"{prefix}effective_on__lte": today})
        | Q(**{f"{prefix}effective_on__isnull": True, f"{prefix}issued_on__lte": today})
    )


class LegalDocumentForm(UnitOwnedForm):
    """A unit may cite any document, but only replace or amend its own units' documents:
    those links change the other document's validity."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("links")
        if self.for_user is None or formset is None:
            return cleaned
        from bantin.units import access

        formset.is_valid()  # the links are cleaned after this form otherwise
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            target = data.get("target")
            if (data.get("relation") in (Relation.REPLACES, Relation.AMENDS) and target
                    and not data.get("DELETE")
                    and not access.can_manage(self.for_user, target)):
                self.add_error(None, f"Không thể thay thế hoặc sửa đổi văn bản {target.number} "
                                     "của đơn vị khác; hãy chọn quan hệ “Hướng dẫn” hoặc "
                                     "“Liên quan”.")
        return cleaned


class LegalDocumentQuerySet(models.QuerySet):
    def public(self):
        return self.filter(live=True)

    def with_validity(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        replaced = DocumentLink.objects.filter(
            target=OuterRef("pk"), relation=Relation.REPLACES
        ).filter(_in_effect_q("document__", today))
        amended = DocumentLink.objects.filter(
            target=OuterRef("pk"), relation=Relation.AMENDS
        ).filter(_in_effect_q("document__", today))
        return self.annotate(
            validity_code=Case(
                When(effective_on__gt=today, then=Value(Validity.NOT_YET.value)),
                When(effective_on__isnull=True, issued_on__gt=today,
                     then=Value(Validity.NOT_YET.value)),
                When(expires_on__lte=today, then=Value(Validity.EXPIRED.value)),
                When(Exists(replaced), then=Value(Validity.EXPIRED.value)),
                When(Exists(amended), then=Value(Validity.PARTIAL.value)),
                default=Value(Validity.IN_FORCE.value),
                output_field=models.CharField(),
            )
        )

    def search(self, query: str):
        """By number (forgiving case and spacing) or by words of the summary, accents folded."""
        query = (query or "").strip()
        if not query:
            return self
        by_number = Q(number_key=normalize_number(query))
        words = text.fold(query).split()
        by_words = Q()
        for word in words:
            by_words &= Q(search_text__contains=word)
        return self.filter(by_number | by_words) if words else self.filter(by_number)


class LegalDocument(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel
):
    base_form_class = LegalDocumentForm

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="đơn vị", on_delete=models.CASCADE,
        related_name="legal_documents",
    )
    number = models.CharField("số hiệu", max_length=100, help_text="Ví dụ: 25/2024/TT-BTC")
    number_key = models.CharField(max_length=100, editable=False, db_index=True)
    doc_type = models.ForeignKey(
        DocumentType, verbose_name="loại văn bản", on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.ForeignKey(
        IssuingBody, verbose_name="cơ quan ban hành", on_delete=models.PROTECT,
        related_name="documents",
    )
    signer = models.ForeignKey(
        Signer, verbose_name="người ký", null=True, blank=True, on_delete=models.PROTECT,
        related_name="documents",
    )
    issued_on = models.DateField("ngày ban hành", db_index=True)
    effective_on = models.DateField(
        "ngày có hiệu lực", null=True, blank=True,
        help_text="Để trống nếu có hiệu lực từ ngày ban hành.",
    )
    expires_on = models.DateField("ngày hết hiệu lực", null=True, blank=True)
    fields = ParentalManyToManyField(
        LegalField, verbose_name="lĩnh vực", blank=True, related_name="documents"
    )
    summary = models.TextField("trích yếu")
    full_text = RichTextField("toàn văn", blank=True)
    comment_opens_at = models.DateTimeField("bắt đầu lấy ý kiến", null=True, blank=True,
                                            help_text=("Chỉ với dự thảo: thời điểm người dân bắt "
                                                       "đầu gửi góp ý được."))
    comment_closes_at = models.DateTimeField("kết thúc lấy ý kiến", null=True, blank=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="legal_document")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState", content_type_field="base_content_type",
        object_id_field="object_id", related_query_name="legal_document",
        for_concrete_model=False,
    )

    objects = LegalDocumentQuerySet.as_manager()

    panels = [
        FieldPanel("site"),
        MultiFieldPanel(
            [FieldPanel("number"), FieldPanel("doc_type"), FieldPanel("issuer"),
             FieldPanel("signer")],
            heading="Thông tin văn bản",
        ),
        MultiFieldPanel(
            [FieldPanel("issued_on"), FieldPanel("effective_on"), FieldPanel("expires_on")],
            heading="Ngày tháng",
        ),
        FieldPanel("fields"),
        FieldPanel("summary"),
        FieldPanel("full_text"),
        InlinePanel("attachments", label="tệp đính kèm", min_num=0),
        InlinePanel("links", label="văn bản liên quan"),
        MultiFieldPanel(
            [FieldPanel("comment_opens_at"), FieldPanel("comment_closes_at")],
            heading="Dự thảo lấy ý kiến",
        ),
    ]
    search_fields = [
        index.SearchField("number"),
        index.SearchField("summary"),
        index.FilterField("site"),
        index.FilterField("issued_on"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        constraints = [
            models.UniqueConstraint(
                fields=("site", "issuer", "number_key"), name="unique_number_per_issuer"
            )
        ]
        indexes = [
            models.Index(fields=("site", "live", "issued_on"), name="law_site_live_issued"),
            # A filter on one of these, newest first, reads a page without sorting.
            models.Index(fields=("doc_type", "issued_on"), name="law_type_issued"),
            models.Index(fields=("issuer", "issued_on"), name="law_issuer_issued"),
            models.Index(fields=("signer", "issued_on"), name="law_signer_issued"),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.summary[:60]}"

    @property
    def revisions(self):
        return self._revisions

    def save(self, *args, **kwargs):
        self.number = " ".join((self.number or "").split())
        self.number_key = normalize_number(self.number)
        self.search_text = text.fold(
            " ".join(filter(None, [self.number, self.summary, getattr(self.issuer, "name", "")]))
        )
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.number = " ".join((self.number or "").split())
        self.summary = text.clean(self.summary or "")
        errors = {}
        if not self.number:
            errors["number"] = "Văn bản cần có số hiệu."
        if self.issued_on and self.effective_on and self.effective_on < self.issued_on:
            errors["effective_on"] = "Ngày có hiệu lực không được trước ngày ban hành."
        if self.expires_on and self.expires_on < (self.effective_on or self.issued_on or
                                                  self.expires_on):
            errors["expires_on"] = "Ngày hết hiệu lực phải sau ngày có hiệu lực."
        if (self.comment_opens_at and self.comment_closes_at
                and self.comment_closes_at <= self.comment_opens_at):
            errors["comment_closes_at"] = "Thời điểm kết thúc lấy ý kiến phải sau lúc bắt đầu."
        if self.site_id and self.issuer_id and self.number:
            twin = LegalDocument.objects.filter(
                site_id=self.site_id, issuer_id=self.issuer_id,
                number_key=normalize_number(self.number),
            ).exclude(pk=self.pk)
            if twin.exists():
                errors["number"] = "Cơ quan này đã có văn bản mang số hiệu này."
        if errors:
            raise ValidationError(errors)

    def validity(self, today: dt.date | None = None) -> Validity:
        today = today or timezone.localdate()
        if (self.effective_on or self.issued_on) > today:
            return Validity.NOT_YET
        if self.expires_on and self.expires_on <= today:
            return Validity.EXPIRED
        incoming = DocumentLink.objects.filter(target=self).filter(
            _in_effect_q("document__", today)
        )
        relations = set(incoming.values_list("relation", flat=True))
        if Relation.REPLACES in relations:
            return Validity.EXPIRED
        if Relation.AMENDS in relations:
            return Validity.PARTIAL
        return Validity.IN_FORCE

    def comment_state(self, now: dt.datetime | None = None) -> str | None:
        """'sap-mo', 'dang-lay-y-kien', 'da-dong', or None when not a draft for comments."""
        if not (self.comment_opens_at and self.comment_closes_at):
            return None
        now = now or timezone.now()
        if now < self.comment_opens_at:
            return "sap-mo"
        if now < self.comment_closes_at:
            return "dang-lay-y-kien"
        return "da-dong"

    def linked(self) -> list[tuple[str, LegalDocument]]:
        """Links in both directions, each with the label that reads from this document."""
        outgoing = [
            (Relation(link.relation).label, link.target)
            for link in self.links.select_related("target") if link.target.live
        ]
        incoming = [
            (INVERSE_LABELS[Relation(link.relation)], link.document)
            for link in DocumentLink.objects.filter(target=self, document__live=True)
            .select_related("document")
        ]
        return outgoing + incoming

    @property
    def views(self) -> int:
        return counting.totals((counting.LAW_VIEW,), self.pk)[counting.LAW_VIEW]

    @property
    def downloads(self) -> int:
        return counting.totals((counting.LAW_DOWNLOAD,), self.pk)[counting.LAW_DOWNLOAD]

    def get_absolute_url(self) -> str:
        return reverse("laws:detail", args=[self.pk])

    @classmethod
    def newest(cls, site, limit: int = 5):
        return (
            cls.objects.public().filter(site=site)
            .select_related("doc_type")
            .order_by("-issued_on", "-pk")[:limit]
        )


class LegalAttachment(Orderable):
    document = ParentalKey(LegalDocument, on_delete=models.CASCADE, related_name="attachments")
    file = models.ForeignKey(
        "core.CustomDocument", verbose_name="tệp", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("tên hiển thị", max_length=255, blank=True)

    panels = [FieldPanel("file"), FieldPanel("title")]

    def __str__(self) -> str:
        return self.title or self.file.title

    def get_download_url(self) -> str:
        return reverse("laws:download", args=[self.document_id, self.pk])


class DocumentLink(Orderable):
    """`document` replaces / amends / guides / relates to `target`."""

    document = ParentalKey(LegalDocument, on_delete=models.CASCADE, related_name="links")
    relation = models.CharField("quan hệ", max_length=20, choices=Relation.choices)
    target = models.ForeignKey(
        LegalDocument, verbose_name="văn bản", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("relation"), FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = "liên kết văn bản"
        verbose_name_plural = "liên kết văn bản"
        constraints = [
            models.UniqueConstraint(
                fields=("document", "relation", "target"), name="unique_document_link"
            )
        ]
        # Validity looks links up from the target's side for every listed document.
        indexes = [models.Index(fields=("target", "relation"), name="link_target_relation")]

    def clean(self):
        if self.document_id and self.target_id and self.document_id == self.target_id:
            raise ValidationError(
                {"target": "Văn bản không thể liên kết tới chính nó: hãy chọn một văn bản khác."})
