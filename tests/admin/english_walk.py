"""Walk the admin screens a unit's staff reach and find the text still in English.

Used by tests/admin/test_english_strings.py, which rewrites the coverage report in
docs/admin-vietnamese.md when run with BANTIN_ADMIN_VI_REPORT=1.

What counts as "still in English" (a heuristic, documented in docs/admin-vietnamese.md):
a visible string (a text node outside <script>/<style> and outside elements marked hidden
or translate="no", or a title, placeholder, aria-label, alt or button value attribute, or
a label/help text in the JSON the React and StreamField UI is built from) whose letters
are all ASCII (Vietnamese words nearly always carry a diacritic) and that holds at least
one English word: a word of three or more letters found in the msgids of Wagtail's and
Django's catalogues, other than the names and abbreviations in ALLOWED and the diacritic-
free Vietnamese words in VIETNAMESE_ASCII. A string in Vietnamese counts too when an
English word of four letters or more is mixed in.
"""

from __future__ import annotations

import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import django
import wagtail

# Names, brands and abbreviations that stay as they are in Vietnamese.
ALLOWED = {
    "wagtail", "django", "pdf", "url", "urls", "html", "css", "json", "csv", "xlsx", "xls",
    "jpeg", "jpg", "png", "gif", "webp", "avif", "svg", "heic", "mp3", "mp4", "api", "id",
    "email", "http", "https", "www", "ical", "utf", "rss", "seo", "slug", "ascii", "qr",
    "otp", "totp", "webauthn", "passkey", "sms", "ubnd", "hdnd", "ip", "youtube", "facebook",
    "zalo", "google", "microsoft", "word", "docx", "draftail", "markdown", "unicode", "max",
    "min", "px", "byte", "bytes", "menu", "english", "iframe", "ipv", "embed", "oembed", "ok",
    "ctrl", "alt", "shift", "cmd", "utc",
}
# Vietnamese words written without any diacritic (they are not English here).
VIETNAMESE_ASCII = {
    "tin", "cho", "xin", "ban", "con", "hay", "khi", "xem", "sao", "nam", "anh", "em", "chi",
    "tra", "thu", "van", "tim", "sai", "mai", "may", "hoa", "binh", "minh", "kim",
    "long", "phan", "tan", "uyen", "khoa", "phuc", "muong", "son", "thanh", "bien", "tap",
    "lanh", "dao", "huyen", "xa", "trang", "quan", "tri", "xac", "thuc", "dang", "ky", "ma",
    "moi", "noi", "khoan", "tai", "lieu", "hinh",
}
SKIP_TAGS = {"script", "style", "noscript", "textarea"}  # textarea: what was typed in
ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "aria-description", "data-label",
              "data-w-tooltip-content-value", "data-w-progress-active-value"}
# Keys of the JSON the admin's JavaScript UI is built from whose values are shown.
JSON_KEYS = {"label", "title", "help_text", "helpText", "placeholder", "text", "description",
             "verbose_name", "verbose_name_plural", "messages", "strings", "blockDefId"}
WORD_RE = re.compile(r"[^\W\d_]+")
URLISH_RE = re.compile(r"\S+[./@:]\S+")


def _po_msgids(path: Path, plurals=True):
    text = path.read_text(encoding="utf-8")
    pattern = r'^msgid(?:_plural)? ((?:".*"\n?)+)' if plurals else r'^msgid ((?:".*"\n?)+)'
    for match in re.finditer(pattern, text, re.M):
        yield "".join(re.findall(r'"(.*)"', match.group(1)))


@cache
def english_words() -> frozenset[str]:
    """Words of the English msgids in Wagtail's and Django's catalogues."""
    words = set()
    roots = [Path(wagtail.__file__).parent, Path(django.__file__).parent / "contrib" / "admin",
             Path(django.__file__).parent / "contrib" / "auth",
             Path(django.__file__).parent / "conf"]
    for root in roots:
        for po in root.rglob("locale/en/LC_MESSAGES/*.po"):
            for msgid in _po_msgids(po):
                msgid = re.sub(r"%\(\w+\)[sdif]|\{\w*\}|%[sdif]|<[^>]+>", " ", msgid)
                words.update(w.lower() for w in WORD_RE.findall(msgid) if len(w) >= 3)
    return frozenset(words - ALLOWED - VIETNAMESE_ASCII)


def is_english(text: str) -> bool:
    text = URLISH_RE.sub(" ", text)
    words = WORD_RE.findall(text)
    if not words:
        return False
    vocabulary = english_words()
    if all(w.isascii() for w in words):
        return any(w.lower() in vocabulary for w in words)
    # Vietnamese with English mixed in ("Choose loại văn bản"): a longer English word.
    return any(w.isascii() and len(w) >= 4 and w.lower() in vocabulary for w in words)


class _Visible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.strings: list[str] = []
        self.json_blobs: list[str] = []
        self._skip = 0
        self._json = False
        # Open tags of an element whose text is not shown (`hidden`) or is a value that
        # no language owns (`translate="no"`: a secret key, backup codes, a device id).
        self._hidden: list[str] = []

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr", "use", "path"}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in self.VOID and (self._hidden or "hidden" in attrs
                                     or attrs.get("translate") == "no"):
            # Text in a `hidden` element is not shown (the JavaScript that shows it
            # replaces it first, as with the side panels' counters); text marked
            # translate="no" is data, not interface.
            self._hidden.append(tag)
        if tag in SKIP_TAGS:
            self._skip += 1
            self._json = tag == "script" and attrs.get("type") == "application/json"
        for name, value in attrs.items():
            if not value:
                continue
            if name in ATTRIBUTES or (name == "value" and tag == "input"
                                      and attrs.get("type") in ("submit", "button")):
                self.strings.append(value)
            elif name.startswith("data-") and value[:1] in "{[":
                self.json_blobs.append(value)

    def handle_endtag(self, tag):
        if tag in self._hidden:  # closes it and whatever was left open inside it
            del self._hidden[len(self._hidden) - 1 - self._hidden[::-1].index(tag):]
        if tag in SKIP_TAGS and self._skip:
            self._skip -= 1
            self._json = False

    def handle_data(self, data):
        if self._skip:
            if self._json:
                self.json_blobs.append(data)
            return
        if data.strip() and not self._hidden:
            self.strings.append(data)


def _json_strings(value, key=None):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _json_strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v, key)
    elif isinstance(value, str) and key in JSON_KEYS:
        yield value


def visible_strings(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    strings = list(parser.strings)
    for blob in parser.json_blobs:
        try:
            data = json.loads(blob)
        except ValueError:
            continue
        for text in _json_strings(data):
            # Strings in this JSON may themselves be HTML (help texts, messages).
            strings.extend(visible_strings(text) if "<" in text else [text])
    return [" ".join(s.split()) for s in strings if s.strip()]


def english_strings(html: str) -> list[str]:
    return sorted({s for s in visible_strings(html) if is_english(s)})


def js_catalogue(body: str) -> dict:
    """The translations a Django JavaScriptCatalog response carries."""
    match = re.search(r"const newcatalog = (\{.*?\});\n", body, re.S)
    return json.loads(match.group(1)) if match else {}
