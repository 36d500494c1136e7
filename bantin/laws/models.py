"""Legal and administrative documents (văn bản) published by a unit."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from bantin.audience import counting
from bantin.core import text


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


class LegalDocument(index.Indexed, models.Model):
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="đơn vị", on_delete=models.CASCADE,
        related_name="legal_documents",
    )
    number = models.CharField("số hiệu", max_length=100, help_text="Ví dụ: 25/2024/TT-BTC")
    doc_type = models.ForeignKey(
        DocumentType, verbose_name="loại văn bản", on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.CharField("cơ quan ban hành", max_length=255)
    signer = models.CharField("người ký", max_length=255, blank=True)
    issued_on = models.DateField("ngày ban hành")
    summary = models.TextField("trích yếu")
    file = models.ForeignKey(
        "core.CustomDocument", verbose_name="tệp văn bản", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    published = models.BooleanField("công khai", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("site"),
        MultiFieldPanel(
            [FieldPanel("number"), FieldPanel("doc_type"), FieldPanel("issuer"),
             FieldPanel("signer"), FieldPanel("issued_on")],
            heading="Thông tin văn bản",
        ),
        FieldPanel("summary"),
        FieldPanel("file"),
        FieldPanel("published"),
    ]
    search_fields = [
        index.SearchField("number"),
        index.SearchField("summary"),
        index.SearchField("issuer"),
        index.FilterField("site"),
        index.FilterField("issued_on"),
    ]

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        constraints = [
            models.UniqueConstraint(fields=("site", "number"), name="unique_number_per_site")
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.summary[:60]}"

    def clean(self):
        self.number = " ".join(self.number.split())
        self.summary = text.clean(self.summary)
        self.issuer = text.clean(self.issuer)
        if not self.number:
            raise ValidationError({"number": "Văn bản cần có số hiệu."})

    @property
    def views(self) -> int:
        return counting.totals((counting.LAW_VIEW,), self.pk)[counting.LAW_VIEW]

    @property
    def downloads(self) -> int:
        return counting.totals((counting.LAW_DOWNLOAD,), self.pk)[counting.LAW_DOWNLOAD]

    def get_absolute_url(self) -> str:
        return reverse("laws:detail", args=[self.pk])

    def get_download_url(self) -> str:
        return reverse("laws:download", args=[self.pk])

    @classmethod
    def newest(cls, site, limit: int = 5):
        return (
            cls.objects.filter(site=site, published=True)
            .select_related("doc_type")
            .order_by("-issued_on", "-pk")[:limit]
        )
