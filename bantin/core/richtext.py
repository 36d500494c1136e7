"""Rich text as editors paste it from Word or Google Docs, tidied on save.

Draftail keeps only the formats a field allows, but text can reach a page's rich text
another way (an import, the API, a browser extension) and Vietnamese text pasted from
some sources is decomposed (NFD: "ê" as "e" + a combining mark), which breaks search and
sorting. `tidy(html)` removes what office programs add (mso- styles, Office classes,
`<o:p>`, conditional comments, Google Docs' `<b id="docs-internal-guid-…">` wrapper,
`<font>` and empty or bare `<span>`s) and normalises the text to NFC with one tone-mark
style. It keeps Wagtail's own markup (`<a linktype=…>`, `<embed embedtype=…>`).
`tidy_page(page)` applies it to every rich text of a page: called from the base page's
`clean`, so every save from the admin goes through it.
"""

from __future__ import annotations

import html as html_lib
import re

from lxml import etree
from lxml import html as lxml_html

from . import text

_NEEDS_WORK = re.compile(
    r"style=|class=|lang=|<o:|<font\b|<span\b|docs-internal-guid|<!--|<meta\b|<xml\b",
    re.IGNORECASE,
)
_COMMENTS = re.compile(r"<!--.*?-->", re.DOTALL)
_OFFICE_TAGS = re.compile(r"</?(?:o|w|v|m|st1):[^>]*>", re.IGNORECASE)
_DROPPED_ATTRIBUTES = ("style", "class", "lang", "dir", "face", "size", "color", "align")
_UNWRAPPED = {"span", "font"}
_REMOVED = {"meta", "xml", "style", "script", "link", "title"}


def _unwrap(element) -> None:
    element.drop_tag()


def inner_html(element) -> str:
    """The HTML inside `element` (its text escaped, its children with their tails)."""
    return html_lib.escape(element.text or "", quote=False) + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in element)


def tidy(html: str) -> str:
    """`html` without office-program debris, in NFC; unchanged when there is none."""
    if not html:
        return html
    source = html
    if _NEEDS_WORK.search(source):
        source = _OFFICE_TAGS.sub("", _COMMENTS.sub("", source))
        fragment = lxml_html.fragment_fromstring(source, create_parent="div")
        for element in list(fragment.iter()):
            if not isinstance(element.tag, str) or element is fragment:
                continue
            if element.tag in _REMOVED:
                element.drop_tree()
                continue
            if element.tag == "b" and (element.get("id") or "").startswith(
                    "docs-internal-guid"):
                _unwrap(element)
                continue
            for name in _DROPPED_ATTRIBUTES:
                element.attrib.pop(name, None)
            if element.tag in _UNWRAPPED:
                _unwrap(element)
        source = inner_html(fragment)
        source = source.replace("<p></p>", "")
    # Zero-width spaces and soft hyphens from Word split words for search.
    return text.normalize_tones(text.nfc(source)).translate(text._DELETE_INVISIBLE)


def tidy_page(page) -> None:
    """Every top-level rich text block of the page's StreamFields, and every rich text
    field, through `tidy`."""
    from wagtail.blocks import RichTextBlock
    from wagtail.fields import RichTextField, StreamField
    from wagtail.rich_text import RichText

    for field in page._meta.concrete_fields:
        value = getattr(page, field.attname, None)
        if isinstance(field, RichTextField) and isinstance(value, str):
            setattr(page, field.attname, tidy(value))
        elif isinstance(field, StreamField) and value is not None:
            for index, child in enumerate(value):
                if isinstance(child.block, RichTextBlock) and child.value is not None:
                    cleaned = tidy(child.value.source)
                    if cleaned != child.value.source:
                        value[index] = (child.block_type, RichText(cleaned), child.id)
