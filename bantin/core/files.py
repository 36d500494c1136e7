"""The one gate every upload passes: files are judged by their content, not by their name.

`check(file, name, extensions=...)` recognises the format from the bytes
(`bantin.core.formats`), and accepts it only when it is one of the kinds allowed here
(images JPEG, PNG, GIF, WebP, AVIF; PDF; office documents doc, docx, xls, xlsx, ppt, pptx,
odt, ods; audio MP3, WAV, OGG, M4A, WebM; ZIP; plain text and CSV), its extension agrees
with its content, it is within its kind's size (`BANTIN_UPLOAD_MAX_MB`), and nothing in it
is dangerous:

- markup a browser would run: HTML, SVG (refused whatever it holds: an image format that
  may carry scripts and links is not worth the risk), XML with scripts, PHP;
- programs: Windows (MZ), Linux (ELF), macOS (Mach-O) executables, Java classes, scripts
  starting with `#!`;
- polyglots: a file of one format with markup in its first or last 64 KB, or with a ZIP
  archive inside or appended to it (OLE2 office files excepted: they embed OOXML objects);
- PDFs with JavaScript or launch actions, office documents with macros;
- archives with absolute names, `..`, symbolic links, too many members or an
  uncompressed size out of proportion (a ZIP bomb).

Its answer, `Checked`, carries the content type the file is to be served with, so what a
browser is told always comes from the content, never from the name the uploader chose.
Wagtail documents and images (`core.models`), citizens' attachments (questions), broadcast
audio and the legal documents register import all call it.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from .formats import OLE2, ZIP, sniff

__all__ = ["OLE2", "ZIP", "Checked", "check", "document_problem", "max_document_bytes"]

HEAD = 64 * 1024
MB = 1024 * 1024
DEFAULT_MAX_MB = {"image": 25, "pdf": 50, "office": 50, "audio": 50, "zip": 100, "text": 10}

# Per format: its kind and the extensions (first: the usual one) that may name it.
FORMATS = {
    "jpeg": ("image", ("jpg", "jpeg")),
    "png": ("image", ("png",)),
    "gif": ("image", ("gif",)),
    "webp": ("image", ("webp",)),
    "avif": ("image", ("avif",)),
    "pdf": ("pdf", ("pdf",)),
    "ole2": ("office", ("doc", "xls", "ppt")),
    "zip": ("office", ("docx", "xlsx", "pptx", "odt", "ods", "zip")),
    "mp3": ("audio", ("mp3",)),
    "wav": ("audio", ("wav",)),
    "ogg": ("audio", ("ogg", "oga", "opus")),
    "m4a": ("audio", ("m4a",)),
    "webm": ("audio", ("webm",)),
    "text": ("text", ("txt", "csv")),
}
CONTENT_TYPES = {
    "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif",
    "webp": "image/webp", "avif": "image/avif", "pdf": "application/pdf",
    "doc": "application/msword", "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "zip": "application/zip", "mp3": "audio/mpeg", "wav": "audio/wav", "ogg": "audio/ogg",
    "oga": "audio/ogg", "opus": "audio/ogg", "m4a": "audio/mp4", "webm": "audio/webm",
    "txt": "text/plain; charset=utf-8", "csv": "text/csv; charset=utf-8",
}
KIND_LABELS = {"image": "ảnh", "pdf": "PDF", "office": "tài liệu văn phòng",
               "audio": "âm thanh", "zip": "tệp nén", "text": "văn bản thuần"}

# For ZIP-based office formats, a member that the real format always has.
_OOXML_MARKERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
_EXECUTABLES = (b"MZ", b"\x7fELF", b"#!", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf",
                b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")
_MARKUP = re.compile(
    rb"<\s*(?:script|html|!doctype\s+html|svg|iframe|object|embed|body|\?php)\b"
    rb"|javascript:|\bon(?:load|error|click|mouseover)\s*=", re.IGNORECASE)
_PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch|RichMedia)\b")
_OLE_MACROS = "_VBA_PROJECT".encode("utf-16-le")


@dataclass(frozen=True)
class Checked:
    format: str  # a key of FORMATS
    kind: str  # image, pdf, office, audio, zip, text
    extension: str  # the extension it may be stored under
    content_type: str  # what it is served as

    @property
    def inline(self) -> bool:
        """Shown in the browser rather than downloaded: images and PDFs only."""
        return self.kind in ("image", "pdf")


def _refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def limit_bytes(kind: str) -> int:
    limits = {**DEFAULT_MAX_MB, **getattr(settings, "BANTIN_UPLOAD_MAX_MB", {})}
    return int(limits[kind] * MB)


def max_document_bytes() -> int:
    """The largest document the site takes (BANTIN_DOCUMENT_MAX_BYTES when set)."""
    explicit = getattr(settings, "BANTIN_DOCUMENT_MAX_BYTES", None)
    if explicit:
        return int(explicit)
    return max(limit_bytes(kind) for kind in ("pdf", "office", "zip", "text"))


def _extension(name: str | None) -> str:
    name = (name or "").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _read(source) -> tuple[io.BufferedIOBase, int]:
    """A seekable binary stream and its size, from bytes or a Django file."""
    if isinstance(source, (bytes, bytearray)):
        return io.BytesIO(source), len(source)
    stream = getattr(source, "file", None)
    if stream is None:
        stream = source
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return stream, size


def _scan(stream, pattern: re.Pattern, chunk: int = 1024 * 1024) -> bool:
    """Whether `pattern` (of at most 64 bytes) occurs anywhere in the stream."""
    stream.seek(0)
    tail = b""
    while True:
        block = stream.read(chunk)
        if not block:
            return False
        if pattern.search(tail + block):
            return True
        tail = block[-64:]


def _zip_problem(stream, size: int, extension: str, kind: str) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
            if len(members) > getattr(settings, "BANTIN_ZIP_MAX_MEMBERS", 10000):
                return "Tệp nén chứa quá nhiều tệp."
            total = 0
            for member in members:
                name = member.filename.replace("\\", "/")
                if name.startswith("/") or re.match(r"^[A-Za-z]:", name) \
                        or ".." in name.split("/"):
                    return "Tệp nén chứa đường dẫn không an toàn."
                if stat.S_ISLNK(member.external_attr >> 16):
                    return "Tệp nén chứa liên kết tượng trưng (symlink)."
                total += member.file_size
            ratio = getattr(settings, "BANTIN_ZIP_MAX_RATIO", 100)
            ceiling = getattr(settings, "BANTIN_ZIP_MAX_UNCOMPRESSED_MB", 1024) * MB
            if total > ceiling or (total > 10 * MB and total > ratio * size):
                return "Tệp nén giải nén ra quá lớn (nghi là “bom nén”)."
            names = {m.filename for m in members}
            if kind == "office" and any(n.lower().endswith("vbaproject.bin") for n in names):
                return "Không nhận tài liệu có macro."
            if extension in _OOXML_MARKERS:
                marker = _OOXML_MARKERS[extension]
                if not any(n.startswith(marker) for n in names):
                    return f"Tệp không phải định dạng {extension.upper()} thật."
            if extension in _ODF_MIMETYPES and ("mimetype" not in names or archive.read(
                    "mimetype").strip() != _ODF_MIMETYPES[extension]):
                return f"Tệp không phải định dạng {extension.upper()} thật."
    except (zipfile.BadZipFile, OSError, EOFError):
        return "Tệp nén bị hỏng."
    return None


def _is_text(head: bytes) -> bool:
    if b"\x00" in head[:8192]:
        return False
    try:
        head[:8192].decode("utf-8")
    except UnicodeDecodeError as error:
        # Cut in the middle of a character at the end of the sample: still text.
        return error.start >= len(head[:8192]) - 3
    return True


def check(source, name: str | None, *, extensions: Iterable[str] | None = None,
          max_bytes: int | None = None) -> Checked:
    """The upload `source` (bytes or a file), judged by its content; a ValidationError
    with a Vietnamese message (and a code) when it is refused.

    `extensions` are those this upload path allows (None: every kind above); `name` is the
    uploader's file name, whose extension must agree with the content (None: not checked,
    e.g. a recording named by the browser: store it under `Checked.extension`).
    `max_bytes` caps the kind's own limit.
    """
    stream, size = _read(source)
    extension = _extension(name)
    allowed = {e.lower() for e in extensions} if extensions is not None else None
    if name is not None and allowed is not None and extension not in allowed:
        _refuse(f"Không nhận tệp có phần mở rộng “.{extension}”." if extension
                else "Tệp cần có phần mở rộng (ví dụ .pdf).", "extension")
    if not size:
        _refuse("Tệp rỗng.", "empty")
    stream.seek(0)
    head = stream.read(HEAD)
    stream.seek(max(0, size - HEAD))
    tail = stream.read(HEAD) if size > HEAD else b""
    stream.seek(0)
    expected = f" {extension.upper()}" if extension else ""

    if head.startswith(_EXECUTABLES):
        _refuse(f"Nội dung tệp không đúng định dạng{expected}: đây là một chương trình "
                "chạy được.", "executable")
    found = sniff(head)
    if found is None and head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        if re.search(rb"<svg\b", head, re.IGNORECASE):
            _refuse("Không nhận ảnh SVG (có thể chứa mã chạy được).", "svg")
        _refuse(f"Nội dung tệp không đúng định dạng{expected}: đây là một trang HTML "
                "hoặc XML.", "markup")
    if found is None and extension in FORMATS["text"][1] and _is_text(head):
        found = "text"
    if found is None:
        _refuse(f"Nội dung tệp không đúng định dạng{expected}." if expected
                else "Không nhận dạng được nội dung tệp.", "unknown")
    kind, names = FORMATS[found]
    if found == "zip" and extension not in _OOXML_MARKERS and extension not in _ODF_MIMETYPES:
        kind = "zip"
    usable = [e for e in names if allowed is None or e in allowed]
    if not usable:
        _refuse(f"Không nhận {KIND_LABELS[kind]} ở đây.", "kind")
    if name is not None and extension not in names:
        _refuse(f"Nội dung tệp không đúng định dạng{expected}.", "mismatch")
    stored_as = extension if name is not None else usable[0]

    limit = limit_bytes(kind) if max_bytes is None else min(max_bytes, limit_bytes(kind))
    if size > limit:
        _refuse(f"Tệp quá lớn (tối đa {max(1, round(limit / MB))} MB).", "too_large")

    if found != "zip":
        if _MARKUP.search(head) or _MARKUP.search(tail):
            _refuse("Tệp chứa mã HTML hoặc mã chạy được lẫn trong nội dung.", "polyglot")
        # Office documents of the OLE2 kind legitimately embed OOXML objects (a chart).
        if found != "ole2" and (ZIP in head[4:] or ZIP in tail or zipfile.is_zipfile(stream)):
            _refuse("Tệp chứa một tệp nén lẫn bên trong.", "polyglot")
        stream.seek(0)
    if found == "pdf" and _scan(stream, _PDF_ACTIVE):
        _refuse("Không nhận tệp PDF có mã JavaScript hoặc lệnh chạy chương trình.", "active")
    if found == "ole2" and _scan(stream, re.compile(re.escape(_OLE_MACROS))):
        _refuse("Không nhận tài liệu có macro.", "active")
    if found == "zip":
        problem = _zip_problem(stream, size, stored_as, kind)
        if problem:
            _refuse(problem, "archive")
    stream.seek(0)
    return Checked(found, kind, stored_as, CONTENT_TYPES[stored_as])


def document_problem(name: str, data: bytes) -> str | None:
    """Why these bytes may not be published as a document under this name, in
    Vietnamese; None if fine."""
    try:
        check(data, name, extensions=settings.WAGTAILDOCS_EXTENSIONS,
              max_bytes=max_document_bytes())
    except ValidationError as error:
        return error.messages[0]
    return None
