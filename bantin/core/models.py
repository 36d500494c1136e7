"""Custom image and document models, and the per-site identity and navigation settings."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from . import files


def _check_upload(fieldfile, extensions, max_bytes=None) -> None:
    """A new upload in `fieldfile` through the upload gate (`core.files`); stored files
    were checked on the way in."""
    if not fieldfile or getattr(fieldfile, "_committed", True):
        return
    try:
        files.check(fieldfile, fieldfile.name, extensions=extensions, max_bytes=max_bytes)
    except ValidationError as refused:
        raise ValidationError({"file": refused.messages[0]}) from refused


class CustomImage(AbstractImage):
    """Images carry a caption and a credit, so a chosen image arrives with its own caption."""

    caption = models.CharField("chú thích", max_length=500, blank=True)
    credit = models.CharField("nguồn ảnh / tác giả ảnh", max_length=255, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "caption", "credit")

    def clean(self):
        # The gate first: nothing it refuses reaches an image decoder.
        _check_upload(self.file, settings.WAGTAILIMAGES_EXTENSIONS)
        super().clean()

    class Meta(AbstractImage.Meta):
        verbose_name = "ảnh"
        verbose_name_plural = "ảnh"


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, related_name="renditions", on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("image", "filter_spec", "focal_point_key"), name="unique_rendition"
            )
        ]


class CustomDocument(AbstractDocument):
    description = models.TextField("mô tả", blank=True)

    admin_form_fields = (*Document.admin_form_fields, "description")

    def clean(self):
        _check_upload(self.file, settings.WAGTAILDOCS_EXTENSIONS, files.max_document_bytes())
        super().clean()

    class Meta(AbstractDocument.Meta):
        verbose_name = "tài liệu"
        verbose_name_plural = "tài liệu"


@register_setting(icon="site")
class SiteIdentity(BaseSiteSetting):
    """What a unit portal says about itself: header, footer and Decree 42's legal line."""

    unit_name = models.CharField("tên đơn vị", max_length=255, blank=True)
    portal_title = models.CharField(
        "tên trang", max_length=255, blank=True,
        help_text="Ví dụ: Trang thông tin điện tử xã Phúc Khoa",
    )
    logo = models.ForeignKey(
        "core.CustomImage", verbose_name="biểu trưng", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    address = models.CharField("địa chỉ", max_length=500, blank=True)
    phone = models.CharField("điện thoại", max_length=100, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    responsible_person = models.CharField(
        "người chịu trách nhiệm", max_length=255, blank=True
    )
    licence = models.CharField("giấy phép", max_length=500, blank=True,
                               help_text=("Số giấy phép thiết lập trang, cơ quan cấp và ngày cấp; "
                                          "hiện ở chân trang."))
    facebook = models.URLField("Facebook", blank=True)
    youtube = models.URLField("YouTube", blank=True)
    zalo = models.URLField("Zalo", blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("unit_name"), FieldPanel("portal_title"), FieldPanel("logo")],
            heading="Đơn vị",
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")],
            heading="Liên hệ",
        ),
        MultiFieldPanel(
            [FieldPanel("responsible_person"), FieldPanel("licence")], heading="Pháp lý"
        ),
        MultiFieldPanel(
            [FieldPanel("facebook"), FieldPanel("youtube"), FieldPanel("zalo")],
            heading="Mạng xã hội",
        ),
    ]

    class Meta:
        verbose_name = "thông tin đơn vị"


class MenuItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="tiêu đề", required=False,
                             help_text="Để trống để dùng tiêu đề trang")
    page = blocks.PageChooserBlock(label="trang", required=False)
    url = blocks.URLBlock(label="hoặc địa chỉ ngoài", required=False)

    class Meta:
        icon = "link"
        label = "mục"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(
                    "Mục menu cần chỉ tới đâu đó: hãy chọn một trang hoặc nhập địa chỉ.")}
            )
        return value


class MenuEntryBlock(MenuItemBlock):
    children = blocks.ListBlock(MenuItemBlock(), label="mục con", required=False)


@register_setting(icon="list-ul")
class Navigation(BaseSiteSetting):
    """The main menu and the footer links of one site, edited in Settings → Menu."""

    main_menu = StreamField(
        [("entry", MenuEntryBlock())], verbose_name="menu chính", blank=True, use_json_field=True
    )
    footer_links = StreamField(
        [("link", MenuItemBlock())], verbose_name="liên kết chân trang", blank=True,
        use_json_field=True,
    )

    panels = [FieldPanel("main_menu"), FieldPanel("footer_links")]

    class Meta:
        verbose_name = "menu"
        verbose_name_plural = "menu"
