"""Files that only the application may hand out (broadcast audio, private documents,
citizens' attachments to their questions).

nginx serves `/media/` from disk for everyone, except the folders named in
`PROTECTED_MEDIA` (deploy/nginx/bantin.conf answers 404 there, and `bantin.urls_public` does the
same where Django serves media). A view that has checked who may have such a file answers
with `serve`: with `BANTIN_ACCEL_REDIRECT` set (production, behind nginx) the response is
only an `X-Accel-Redirect` header and nginx sends the file itself from its internal
location (ranges and all) without holding a Python thread; otherwise Django streams it.
"""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.encoding import iri_to_uri

#: Types a browser would run: never sent for a stored file.
UNSAFE_TYPES = {"text/html", "application/xhtml+xml", "image/svg+xml", "text/xml",
                "application/xml", "text/javascript", "application/javascript"}

#: Media folders never served straight from disk.
PROTECTED_MEDIA = ("documents/", "broadcast/", "questions/")


def is_protected(name: str) -> bool:
    name = name.lstrip("/")
    return any(name.startswith(folder) for folder in PROTECTED_MEDIA)


def accel_prefix() -> str:
    return getattr(settings, "BANTIN_ACCEL_REDIRECT", "") or ""


def serve(fieldfile, content_type: str, *, headers: dict | None = None):
    """The file of `fieldfile` (a FieldFile in the default storage), as an X-Accel-Redirect
    to nginx when configured, else streamed by Django. `headers` are set on the response
    (nginx keeps Content-Type, Cache-Control and Content-Disposition of the redirect; the
    internal location copies the ETag and adds the files' security headers). Without a
    Content-Disposition in `headers` the file is a download; a type a browser would run
    is sent as application/octet-stream."""
    if not fieldfile or not fieldfile.storage.exists(fieldfile.name):
        raise Http404
    if content_type.split(";")[0].strip().lower() in UNSAFE_TYPES:
        content_type = "application/octet-stream"
    prefix = accel_prefix()
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + iri_to_uri(
            fieldfile.name.lstrip("/"))
    else:
        response = FileResponse(fieldfile.open("rb"), content_type=content_type)
        response["Content-Length"] = str(fieldfile.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "attachment"
    for key, value in (headers or {}).items():
        response[key] = value
    return response
