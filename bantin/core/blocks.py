"""StreamField blocks shared by every page type that has a body."""

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_FEATURES = [
    "h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr", "blockquote",
    "superscript", "subscript",
]


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="ảnh")
    caption = blocks.CharBlock(
        label="chú thích", required=False, help_text="Để trống để dùng chú thích của ảnh"
    )
    full_width = blocks.BooleanBlock(label="tràn chiều ngang", required=False, default=True)

    class Meta:
        icon = "image"
        label = "ảnh có chú thích"
        template = "core/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="trích dẫn")
    attribution = blocks.CharBlock(label="nguồn trích dẫn", required=False)

    class Meta:
        icon = "openquote"
        label = "trích dẫn"
        template = "core/blocks/quote.html"


class AttachmentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="tệp")
    title = blocks.CharBlock(label="tên hiển thị", required=False)

    class Meta:
        icon = "doc-full"
        label = "tệp đính kèm"
        template = "core/blocks/attachment.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label="địa chỉ video (YouTube, Facebook...)")
    caption = blocks.CharBlock(label="chú thích", required=False)

    class Meta:
        icon = "media"
        label = "video"
        template = "core/blocks/video.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label="đoạn văn", features=RICH_FEATURES)
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    table = TableBlock(
        label="bảng",
        table_options={"contextMenu": True, "startRows": 3, "startCols": 3, "language": "en-US"},
        template="core/blocks/table.html",
    )
    attachment = AttachmentBlock()
    video = VideoBlock()
