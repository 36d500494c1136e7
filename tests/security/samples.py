"""Crafted files for the upload gate: one real file of each kind allowed, and one of each
kind refused (disguised, dangerous or polyglot)."""

from __future__ import annotations

import io
import stat
import struct
import zipfile

from PIL import Image as PILImage

from bantin.broadcast.audio import silent_wav

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def image(fmt: str, **options) -> bytes:
    buf = io.BytesIO()
    PILImage.new("RGB", (32, 24), (40, 120, 60)).save(buf, fmt, **options)
    return buf.getvalue()


def zip_of(members: dict[str, bytes], *, symlink: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return buf.getvalue()


def mp3() -> bytes:
    # MPEG-1 layer III, 128 kbit/s, 44.1 kHz: frames of 417 bytes.
    frame = b"\xff\xfb\x90\x64" + b"\x00" * 413
    return frame * 3


def ogg() -> bytes:
    payload = b"\x01vorbis" + b"\x00" * 22
    return b"OggS\x00\x02" + b"\x00" * 20 + b"\x01" + bytes([len(payload)]) + payload


def m4a() -> bytes:
    ftyp = b"ftypM4A " + b"\x00\x00\x00\x00" + b"M4A isom"
    return struct.pack(">I", 8 + len(ftyp)) + ftyp + b"\x00\x00\x00\x08free" * 4


def ooxml(folder: str, extra: dict[str, bytes] | None = None) -> bytes:
    return zip_of({"[Content_Types].xml": b"<Types/>", f"{folder}/document.xml": b"<x/>",
                   **(extra or {})})


def odf(kind: str) -> bytes:
    return zip_of({"mimetype": f"application/vnd.oasis.opendocument.{kind}".encode(),
                   "content.xml": b"<x/>"})


JPEG = image("JPEG")

# name -> (bytes, kind): what each upload path should accept when it takes that kind.
ALLOWED = {
    "anh.jpg": (JPEG, "image"),
    "anh.png": (image("PNG"), "image"),
    "anh.gif": (image("GIF"), "image"),
    "anh.webp": (image("WEBP"), "image"),
    "qd.pdf": (PDF, "pdf"),
    "cv.doc": (OLE2 + b"\x00" * 600, "office"),
    "bang.xls": (OLE2 + b"\x00" * 600, "office"),
    "trinh-chieu.ppt": (OLE2 + b"\x00" * 600, "office"),
    "cv.docx": (ooxml("word"), "office"),
    "bang.xlsx": (ooxml("xl"), "office"),
    "trinh-chieu.pptx": (ooxml("ppt"), "office"),
    "cv.odt": (odf("text"), "office"),
    "bang.ods": (odf("spreadsheet"), "office"),
    "thong-bao.mp3": (mp3(), "audio"),
    "thong-bao.wav": (silent_wav(0.2), "audio"),
    "thong-bao.ogg": (ogg(), "audio"),
    "thong-bao.m4a": (m4a(), "audio"),
    "ho-so.zip": (zip_of({"a/qd.pdf": PDF, "b/cv.txt": b"van ban"}), "zip"),
}

SCRIPT = b"<script>alert(document.cookie)</script>"
# name -> (bytes, why): refused by every upload path.
REFUSED = {
    "svg-script.jpg": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
                       + SCRIPT + b"</svg>", "svg"),
    "svg-plain.png": (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
                      b'<rect width="1" height="1"/></svg>', "svg"),
    "trang.pdf": (b"<!DOCTYPE html><html><body>" + SCRIPT + b"</body></html>", "markup"),
    "windows.pdf": (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "executable"),
    "linux.doc": (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "executable"),
    "script.mp3": (b"#!/bin/sh\nrm -rf /\n", "executable"),
    "anh-html.jpg": (JPEG + SCRIPT, "polyglot"),
    "anh-html-dau.gif": (image("GIF", comment=SCRIPT), "polyglot"),
    "qd-html.pdf": (PDF.replace(b"%%EOF", b"<html>" + SCRIPT + b"%%EOF"), "polyglot"),
    "anh-zip.jpg": (JPEG + zip_of({"x.html": SCRIPT}), "polyglot"),
    "qd-zip.pdf": (PDF + zip_of({"x.exe": b"MZ"}), "polyglot"),
    "am-thanh-zip.wav": (silent_wav(0.2) + zip_of({"x.js": b"alert(1)"}), "polyglot"),
    "qd-js.pdf": (PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S "
                              b"/JavaScript /JS (app.alert(1)) >>"), "active"),
    "macro.doc": (OLE2 + b"\x00" * 100 + "_VBA_PROJECT".encode("utf-16-le") + b"\x00" * 100,
                  "active"),
    "macro.docx": (ooxml("word", {"word/vbaProject.bin": b"\x00" * 50}), "archive"),
    "leo-thu-muc.zip": (zip_of({"../../etc/cron.d/x": b"x"}), "archive"),
    "tuyet-doi.zip": (zip_of({"/etc/passwd": b"x"}), "archive"),
    "o-dia.zip": (zip_of({"C:/Windows/x.dll": b"x"}), "archive"),
    "lien-ket.zip": (zip_of({"a.txt": b"x"}, symlink="lien-ket"), "archive"),
    "bom.zip": (zip_of({"zero.bin": b"\x00" * (12 * 1024 * 1024)}), "archive"),
    "gia-danh.docx": (zip_of({"evil.sh": b"rm -rf /"}), "archive"),
    "doi-ten.png": (PDF, "mismatch"),
    "trong.pdf": (b"", "empty"),
}
