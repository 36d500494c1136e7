"""A Word file (.docx) as the body of an article.

`convert(data, ...)` reads the document with mammoth and returns its title (the paragraph
in Word's "Title" style, else the first heading) and the article body as the page's own
blocks: rich text paragraphs (headings, lists, bold, italic, links), tables as table
blocks and pictures as image blocks. Pictures go through the same checks as any upload
(`core.files`, `core.photos`) and become Wagtail images of the unit's collection; fonts,
colours, sizes and Word's other formatting are dropped. The rich text is sanitised
(`importers.sanitize`), tidied and normalised to NFC (`core.richtext`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from lxml import etree
from lxml import html as lxml_html

from bantin.core import files, photos, text
from bantin.core.models import CustomImage
from bantin.importers import body
from bantin.importers.files import store_image
from bantin.importers.sanitize import clean_html

# Word's title and headings, one level down: an article's own title is its h1.
STYLE_MAP = """
p[style-name='Title'] => h1.title:fresh
p[style-name='Subtitle'] => h2:fresh
p[style-name='Heading 1'] => h2:fresh
p[style-name='Heading 2'] => h3:fresh
p[style-name='Heading 3'] => h4:fresh
p[style-name='Heading 4'] => h4:fresh
p[style-name='Heading 5'] => h4:fresh
p[style-name='Heading 6'] => h4:fresh
b => b
i => i
u =>
strike =>
"""
# What an article's rich text may hold (core.blocks.RICH_FEATURES, as HTML tags).
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
MAX_TITLE = 255


class WordError(ValueError):
    """The file is not a Word document that can be read; the message says what to do."""


@dataclass
class Converted:
    title: str
    body: list[tuple[str, object]]
    images: list[CustomImage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _image_saver(collection, title: str, images: list, warnings: list):
    """A mammoth image converter saving each picture as a Wagtail image."""

    def save(image):
        number = len(images) + 1
        with image.open() as stream:
            data = stream.read()
        extension = (image.content_type or "").rsplit("/", 1)[-1].lower().replace("jpeg",
                                                                                 "jpg")
        try:
            checked = files.check(data, f"anh-{number}.{extension}",
                                  extensions=settings.WAGTAILIMAGES_EXTENSIONS)
            prepared = photos.prepare(data)
        except (ValidationError, photos.UnreadablePhoto):
            warnings.append(
                f"Bỏ qua một ảnh dạng “{image.content_type or 'không rõ'}” không đọc được "
                "(Word vẽ hình hoặc định dạng EMF/WMF): hãy lưu ảnh đó ra JPG hoặc PNG rồi "
                "thêm vào bài."
            )
            return {"src": ""}
        alt = text.clean(image.alt_text or "")
        found = store_image(Path(f"word-anh-{number}.{checked.extension}"),
                            alt or f"{title} – ảnh {number}", "", collection,
                            data=prepared.data)
        images.append(found)
        return {"src": f"{body.IMAGE_MARK}{found.pk}"}

    import mammoth

    return mammoth.images.img_element(save)


def _title(root) -> str:
    """The Title paragraph, else the first heading, taken out of the body."""
    candidates = root.xpath("./h1[contains(@class, 'title')]") or [
        e for e in root if isinstance(e.tag, str) and e.tag in HEADINGS]
    for element in candidates:
        title = text.clean(" ".join(element.itertext()))
        if title:
            element.drop_tree()
            return title[:MAX_TITLE]
    return ""


def convert(data: bytes, *, collection, fallback_title: str = "") -> Converted:
    """The article in the .docx `data`; WordError when it cannot be read."""
    # Loaded on the first import, not with the module: the admin's hooks import this
    # module in every web worker, public ones included (docs/performance.md).
    import mammoth

    images: list[CustomImage] = []
    warnings: list[str] = []
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), style_map=STYLE_MAP,
            convert_image=_image_saver(collection, fallback_title or "Bài viết", images,
                                       warnings),
        )
    except Exception as exc:  # noqa: BLE001 -- a broken file fails anywhere inside mammoth
        raise WordError(
            "Không đọc được tệp Word này (tệp bị hỏng hoặc không phải .docx). Hãy mở tệp "
            "bằng Word, chọn Lưu thành (Save As) dạng “Word Document (.docx)” rồi thử lại."
        ) from exc
    root = lxml_html.fragment_fromstring(text.nfc(result.value) or "<p></p>",
                                         create_parent="div")
    title = _title(root) or text.clean(fallback_title)[:MAX_TITLE]
    by_id = {image.pk: image for image in images}
    blocks = body.body_blocks(
        clean_html(etree.tostring(root, encoding="unicode", method="html")),
        lambda src, alt: by_id.get(body.marked_image_id(src)))
    if not title and not blocks:
        raise WordError("Tệp Word không có nội dung. Hãy kiểm tra lại tệp rồi tải lên lại.")
    return Converted(title=title or "Bài viết từ tệp Word", body=blocks, images=images,
                     warnings=warnings)
