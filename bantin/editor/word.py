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

from bantin.core import files, photos, richtext, text
from bantin.core.models import CustomImage
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
RICH_TAGS = {"p", "h2", "h3", "h4", "b", "strong", "i", "em", "ul", "ol", "li", "a", "br",
             "hr", "blockquote", "sup", "sub"}
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
        return {"src": f"#bantin-image-{found.pk}"}

    import mammoth

    return mammoth.images.img_element(save)


def _outer_html(element) -> str:
    return etree.tostring(element, encoding="unicode", method="html", with_tail=False)


def _rich_text(html: str) -> str:
    import nh3

    safe = clean_html(html)
    # Only what the editor's rich text supports; everything else keeps its text.
    allowed = nh3.clean(safe, tags=RICH_TAGS, attributes={"a": {"href"}},
                        url_schemes={"http", "https", "mailto", "tel"}, link_rel=None)
    return richtext.tidy(allowed).replace("<p></p>", "").strip()


def _cell_text(cell) -> str:
    return text.clean(" ".join(cell.itertext()))


def _table(element) -> dict:
    rows = element.xpath(".//tr")
    data = [[_cell_text(cell) for cell in row.xpath("./td|./th")] for row in rows]
    width = max((len(r) for r in data), default=0)
    data = [r + [""] * (width - len(r)) for r in data]
    header = bool(rows) and bool(rows[0].xpath("./th"))
    return {
        "data": data, "first_row_is_table_header": header, "first_col_is_header": False,
        "table_header_choice": "row" if header else "neither", "table_caption": "",
    }


def _image_ids(element) -> list[int]:
    ids = []
    for img in element.iter("img"):
        src = img.get("src") or ""
        if src.startswith("#bantin-image-"):
            ids.append(int(src.rsplit("-", 1)[1]))
        img.drop_tree()
    return ids


def _blocks(root, images_by_id) -> list[tuple[str, object]]:
    body: list[tuple[str, object]] = []
    pending: list[str] = []

    def flush():
        if pending:
            html = _rich_text("".join(pending))
            if html:
                body.append(("paragraph", html))
            pending.clear()

    for element in list(root):
        if not isinstance(element.tag, str):
            continue
        if element.tag == "table":
            flush()
            _image_ids(element)  # pictures inside tables are not kept there
            table = _table(element)
            if table["data"]:
                body.append(("table", table))
            continue
        ids = _image_ids(element)
        if ids:
            flush()
            for image_id in ids:
                image = images_by_id.get(image_id)
                if image is not None:
                    body.append(("image", {"image": image, "caption": "", "full_width": True}))
        if "".join(element.itertext()).strip():
            pending.append(_outer_html(element))
    flush()
    return body


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
    body = _blocks(root, {image.pk: image for image in images})
    if not title and not body:
        raise WordError("Tệp Word không có nội dung. Hãy kiểm tra lại tệp rồi tải lên lại.")
    return Converted(title=title or "Bài viết từ tệp Word", body=body, images=images,
                     warnings=warnings)
