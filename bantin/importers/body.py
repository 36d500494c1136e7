"""HTML from elsewhere (a Word file, another portal's article) as a body the admin's
editor can open and save.

Wagtail's rich-text editor holds paragraphs, headings h2–h4, lists, quotes, links and
simple inline styles; a picture or a table inside rich text cannot be opened there (the
editor refuses the page). `body_blocks` therefore cuts the HTML at every picture and
table: the text between them becomes rich-text blocks of what the editor supports (the
rest of the markup is dropped, its text kept; loose text is put in paragraphs), each
picture an image block (with its figure caption) and each table a table block. Pictures
are found by a callback, so the caller decides what a picture's address means;
`image_embeds` does the same for a rich-text field, where a picture becomes Wagtail's
image embed.

Pictures are marked `src="#bantin-image-<pk>"` by the code that stored them
(`IMAGE_MARK`), so a stored picture is recognised whatever its file is called.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable

import nh3
from lxml import etree
from lxml import html as lxml_html

from bantin.core import richtext, text

IMAGE_MARK = "#bantin-image-"
#: What the editor's rich text holds (core.blocks.RICH_FEATURES).
RICH_TAGS = {"p", "h2", "h3", "h4", "b", "strong", "i", "em", "ul", "ol", "li", "a", "br",
             "hr", "blockquote", "sup", "sub"}
#: Headings the editor does not offer, as the nearest one it does.
HEADINGS = {"h1": "h2", "h5": "h4", "h6": "h4"}
_BLOCK_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "blockquote", "hr"}
# `linktype`/`id`: Wagtail's own links to documents and pages, written by the importers.
_ATTRIBUTES = {"a": {"href", "linktype", "id"}}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}
_CUT = "bantin-cut"
_CUT_RE = re.compile(rf'<{_CUT} n="(\d+)"></{_CUT}>')

#: (src, alt) -> the stored image, or None to leave the picture out.
ImageFor = Callable[[str, str], object | None]
Block = tuple[str, object]


def marked_image_id(src: str) -> int | None:
    """The pk in a `#bantin-image-<pk>` address, else None."""
    if src.startswith(IMAGE_MARK) and src[len(IMAGE_MARK):].isdigit():
        return int(src[len(IMAGE_MARK):])
    return None


def _parse(html: str):
    return lxml_html.fragment_fromstring(html or "", create_parent="div")


def _replace(element, replacement) -> None:
    """`replacement` where `element` was; the text after `element` stays."""
    parent = element.getparent()
    replacement.tail = element.tail
    element.tail = None
    parent.replace(element, replacement)


def _remove(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _caption(img) -> str:
    """A picture's figure caption, taken out of the text."""
    figure = next((a for a in img.iterancestors() if a.tag == "figure"), None)
    if figure is None:
        return ""
    found = ""
    for caption in figure.findall(".//figcaption"):
        found = found or text.clean(" ".join(caption.itertext()))
        _remove(caption)
    return found[:255]


def _image_block(img, image_for: ImageFor) -> Block | None:
    caption = _caption(img)
    image = image_for(img.get("src") or "", text.clean(img.get("alt") or ""))
    if image is None:
        return None
    return ("image", {"image": image, "caption": caption, "full_width": True})


def _cell_text(cell) -> str:
    return text.clean(" ".join(cell.itertext()))


def table_value(element) -> dict:
    """A TableBlock value from a <table> element: its cells' text, the first row a header
    when it is made of <th>."""
    rows = [r for r in element.iter("tr")
            if next((a for a in r.iterancestors("table")), None) is element]
    data = [[_cell_text(cell) for cell in row if cell.tag in ("td", "th")] for row in rows]
    width = max((len(r) for r in data), default=0)
    data = [r + [""] * (width - len(r)) for r in data]
    header = bool(rows) and any(cell.tag == "th" for cell in rows[0])
    return {
        "data": data, "first_row_is_table_header": header, "first_col_is_header": False,
        "table_header_choice": "row" if header else "neither", "table_caption": "",
    }


def _has_text(value: str) -> bool:
    return bool(value.strip())


def rich_text(html: str, tidy: bool = True) -> str:
    """Only what the editor's rich text holds, loose text in paragraphs; "" when no text
    is left. `tidy`: through `core.richtext.tidy` too (office debris, tone marks), as an
    editor's save does; a caller whose text is NFC already may leave that to the next
    save (it is most of the cost)."""
    safe = nh3.clean(html or "", tags=RICH_TAGS, attributes=_ATTRIBUTES,
                     url_schemes=_URL_SCHEMES, link_rel=None, strip_comments=True)
    root = _parse(safe)
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        inline = "".join(run).strip()
        inline = re.sub(r"^(?:<br>\s*)+|(?:\s*<br>)+$", "", inline)
        if _has_text(re.sub(r"<[^>]+>", " ", inline)):
            out.append(f"<p>{inline}</p>")
        run.clear()

    if root.text:
        run.append(html_lib.escape(root.text, quote=False))
    for child in list(root):
        tail = child.tail
        child.tail = None
        if child.tag in _BLOCK_TAGS:
            flush()
            if child.tag == "hr" or _has_text("".join(child.itertext())):
                out.append(etree.tostring(child, encoding="unicode", method="html"))
        else:
            run.append(etree.tostring(child, encoding="unicode", method="html"))
        if tail:
            run.append(html_lib.escape(tail, quote=False))
    flush()
    joined = "".join(out)
    return (richtext.tidy(joined) if tidy else joined).replace("<p></p>", "").strip()


def body_blocks(html: str, image_for: ImageFor, tidy: bool = True) -> list[Block]:
    """StreamField blocks (core.blocks.BodyBlock) for `html`, in its order (`tidy`: see
    `rich_text`)."""
    root = _parse(html)
    for old, new in HEADINGS.items():
        for element in root.iter(old):
            element.tag = new
    cuts: list[list[Block]] = []

    def cut(element, blocks: list[Block]) -> None:
        marker = etree.Element(_CUT, n=str(len(cuts)))
        cuts.append(blocks)
        _replace(element, marker)

    for table in root.xpath(".//table[not(ancestor::table)]"):
        value = table_value(table)
        blocks: list[Block] = [("table", value)] if any(any(r) for r in value["data"]) else []
        for img in list(table.iter("img")):  # pictures in a table come after it
            block = _image_block(img, image_for)
            if block is not None:
                blocks.append(block)
        cut(table, blocks)
    for img in list(root.iter("img")):
        block = _image_block(img, image_for)
        if block is None:
            _remove(img)
        else:
            cut(img, [block])

    body: list[Block] = []
    for index, part in enumerate(_CUT_RE.split(richtext.inner_html(root))):
        if index % 2:
            body.extend(cuts[int(part)])
        else:
            html_part = rich_text(part, tidy)
            if html_part:
                body.append(("paragraph", html_part))
    return body


def image_embeds(html: str, image_for: ImageFor) -> str:
    """`html` for a rich-text field: each picture as Wagtail's image embed (full width,
    with its alternative text), or left out when `image_for` gives nothing."""
    if "<img" not in (html or ""):
        return html
    root = _parse(html)
    embeds: list[str] = []
    for img in list(root.iter("img")):
        alt = text.clean(img.get("alt") or "")[:255]
        image = image_for(img.get("src") or "", alt)
        if image is None:
            _remove(img)
            continue
        # Wagtail reads an embed only in its self-closing form, which lxml does not write.
        embeds.append(f'<embed embedtype="image" id="{int(image.pk)}" format="fullwidth" '
                      f'alt="{html_lib.escape(alt)}"/>')
        _replace(img, etree.Element(_CUT, n=str(len(embeds) - 1)))
    return _CUT_RE.sub(lambda m: embeds[int(m.group(1))], richtext.inner_html(root))
