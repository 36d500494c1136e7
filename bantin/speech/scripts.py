"""The text read aloud for a page: title, lead and body as plain sentences."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Tags after which the reader pauses: each closes a sentence.
BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "div", "br", "hr",
              "tr", "figcaption"}
SKIPPED_TAGS = {"script", "style", "figure", "table"}


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skipping = 0

    def _close(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self._close()

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._close()

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self._close()

    def handle_data(self, data):
        if not self.skipping:
            self.current.append(data)

    def close(self):
        super().close()
        self._close()


def html_to_sentences(html: str) -> list[str]:
    """Plain-text blocks of an HTML fragment (rich text), one per paragraph, heading or item."""
    collector = _TextCollector()
    collector.feed(html or "")
    collector.close()
    return collector.blocks


def _sentence(text: str) -> str:
    """A block ends with a full stop unless it already ends a sentence, so the voice pauses."""
    text = " ".join(str(text).split())
    if text and not re.search(r"[.!?…:;]$", text):
        text += "."
    return text


def stream_to_sentences(stream) -> list[str]:
    """Readable text of a body StreamField: paragraphs and quotes; images, tables, files and
    videos are not read (their captions are for the eye)."""
    sentences: list[str] = []
    for block in stream or []:
        kind, value = block.block_type, block.value
        if kind == "paragraph":
            sentences += html_to_sentences(getattr(value, "source", str(value)))
        elif kind == "quote":
            if value.get("text"):
                sentences.append(value["text"])
            if value.get("attribution"):
                sentences.append(value["attribution"])
        elif isinstance(value, str):  # simple text blocks other page types may add
            sentences += html_to_sentences(value)
    return sentences


def article_script(article) -> str:
    """The text read for a news article: its title, lead and body paragraphs, one sentence
    group per line. Not yet normalised: `synthesise_to_file` does that."""
    parts = [article.title, getattr(article, "lead", "")]
    parts += stream_to_sentences(getattr(article, "body", None))
    return "\n".join(s for s in (_sentence(p) for p in parts if p) if s)
