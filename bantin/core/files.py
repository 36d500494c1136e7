"""Uploaded files are judged by their content, not by the extension they were given."""

from __future__ import annotations

import io
import zipfile

from django.conf import settings

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

# For ZIP-based office formats, a member that the real format always has.
_OOXML_MARKERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}


def max_document_bytes() -> int:
    return int(getattr(settings, "BANTIN_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _zip_problem(data: bytes, extension: str) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            for name in names:
                if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/"):
                    return "Tệp nén chứa đường dẫn không an toàn."
            if extension in _OOXML_MARKERS:
                marker = _OOXML_MARKERS[extension]
                if not any(n.startswith(marker) for n in names):
                    return f"Tệp không phải định dạng {extension.upper()} thật."
            if extension in _ODF_MIMETYPES:
                if "mimetype" not in names or archive.read("mimetype").strip() != (
                    _ODF_MIMETYPES[extension]
                ):
                    return f"Tệp không phải định dạng {extension.upper()} thật."
    except zipfile.BadZipFile:
        return "Tệp nén bị hỏng."
    return None


def document_problem(name: str, data: bytes) -> str | None:
    """Why these bytes may not be published under this name, in Vietnamese; None if fine."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if not data:
        return "Tệp rỗng."
    if len(data) > max_document_bytes():
        return f"Tệp quá lớn (tối đa {max_document_bytes() // (1024 * 1024)} MB)."
    if extension == "pdf":
        ok = data.lstrip()[:5] == b"%PDF-"
    elif extension in ("doc", "xls", "ppt"):
        ok = data.startswith(OLE2)
    elif extension in ("docx", "xlsx", "pptx", "odt", "ods", "zip"):
        if not data.startswith(ZIP):
            ok = False
        else:
            return _zip_problem(data, extension)
    elif extension in ("txt", "csv"):
        ok = b"\x00" not in data[:8192]
    else:
        return f"Không nhận tệp có phần mở rộng “.{extension}”."
    if not ok:
        return f"Nội dung tệp không đúng định dạng {extension.upper()}."
    return None
