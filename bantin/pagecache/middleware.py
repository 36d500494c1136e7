"""Serve anonymous visitors from the stored copy; store what may be stored.

Placed first in MIDDLEWARE: a hit is answered before sessions, authentication or any
query (the same files nginx serves directly in production); a miss is rendered with a
collector active, and the finished response (after every other middleware has added its
cookies and headers) is stored only if nothing about it is personal or unfinished.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from bantin.core import security

from . import collector, index, storage

log = logging.getLogger("bantin.pagecache")

REFUSED_CACHE_CONTROL = ("private", "no-store", "no-cache")
ALLOWED_VARY = {"cookie", "accept-language", "accept-encoding"}
# Headers a stored page is served with, besides the security headers of a public page
# (bantin.core.security); nginx's snippets send the same.
HIT_HEADERS = {
    "Cache-Control": "no-cache",
    "X-Page-Cache": "HIT",
}


def _serve(request, key: storage.Key) -> HttpResponse | None:
    found = storage.find(key)
    if found is None:
        return None
    path, ext = found
    gz = path.with_name(path.name + ".gz")
    wants_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    try:
        if wants_gzip and gz.is_file():
            body, encoding = gz.read_bytes(), "gzip"
        else:
            body, encoding = path.read_bytes(), None
    except FileNotFoundError:  # purged between the check and the read
        return None
    response = HttpResponse(
        b"" if request.method == "HEAD" else body,
        content_type=f"{storage.TYPES[ext]}; charset=utf-8",
    )
    response["Content-Length"] = str(len(body))
    if encoding:
        response["Content-Encoding"] = encoding
    patch_vary_headers(response, ("Accept-Encoding",))
    for name, value in {**security.public_headers(), **HIT_HEADERS}.items():
        response[name] = value
    return response


def refusal(request, response, found: collector.Collector) -> str:
    """Why this response must not be stored; "" when it may be."""
    if not found.opted_in:
        return "view not cacheable"
    if found.refused:
        return found.refused
    if request.method != "GET":
        return "not a GET"
    if getattr(request, "is_preview", False):
        return "preview"
    if response.status_code != 200:
        return f"status {response.status_code}"
    if response.streaming:
        return "streaming"
    if response.cookies:
        return "sets a cookie"
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return "used a CSRF token"
    if response.has_header("Content-Disposition"):
        return "a download"
    if response.get("Content-Encoding"):
        return "already encoded"
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in REFUSED_CACHE_CONTROL):
        return "Cache-Control forbids"
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - ALLOWED_VARY:
        return "varies on " + ", ".join(sorted(vary - ALLOWED_VARY))
    language = response.get("Content-Language", settings.LANGUAGE_CODE)
    if not language.startswith(settings.LANGUAGE_CODE):
        return "not in the default language"
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type not in storage.EXTENSIONS:
        return f"type {content_type}"
    if b"csrfmiddlewaretoken" in response.content:
        return "contains a CSRF form field"
    return ""


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.BANTIN_PAGE_CACHE:
            return self.get_response(request)
        key = storage.key_for(request)
        if key is None:
            return self.get_response(request)
        served = _serve(request, key)
        if served is not None:
            return served
        if not key.storable or request.method != "GET":
            return self.get_response(request)
        started = index.generation()
        with collector.collecting() as found:
            response = self.get_response(request)
        reason = refusal(request, response, found)
        if reason:
            response["X-Page-Cache"] = "SKIP"
            return response
        self._store(key, response, found, started)
        return response

    def _store(self, key, response, found, started) -> None:
        ext = storage.EXTENSIONS[response["Content-Type"].split(";")[0].strip().lower()]
        relative = key.relative(ext)
        tags = found.tags or {"untagged"}
        if not index.register(relative, key, tags, found.expires_at):
            return
        try:
            storage.write(relative, response.content)
        except OSError:
            log.exception("page cache: cannot write %s", relative)
            index.unregister(relative)
            return
        if index.generation() != started:
            # Something changed while this page was rendered: it may show the old state.
            index.unregister(relative)
            return
        response["X-Page-Cache"] = "MISS"
