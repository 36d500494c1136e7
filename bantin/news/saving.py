"""Build the "save article" download: one HTML file that needs nothing else to display."""

import base64
import mimetypes
import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail.models import Site

_SOURCE_TAG = re.compile(r"<source\b[^>]*>", re.IGNORECASE)
_MEDIA_SRC = re.compile(r'src="(?P<url>/media/(?P<name>[^"]+))"')
_SRCSET = re.compile(r'\s(?:srcset|sizes)="[^"]*"')
MAX_INLINE_BYTES = 5 * 1024 * 1024


def _data_uri(name: str) -> str | None:
    try:
        if default_storage.size(name) > MAX_INLINE_BYTES:
            return None
        with default_storage.open(name, "rb") as fh:
            data = fh.read()
    except (OSError, ValueError):
        return None
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def inline_media(html: str) -> str:
    """Drop <source> and srcset alternatives and embed each /media/ image as a data URI."""
    html = _SOURCE_TAG.sub("", html)
    html = _SRCSET.sub("", html)

    def replace(match: re.Match) -> str:
        uri = _data_uri(match.group("name"))
        return f'src="{uri}"' if uri else match.group(0)

    return _MEDIA_SRC.sub(replace, html)


def saved_article_response(article, request) -> HttpResponse:
    body_html = "".join(
        block.render(context={"page": article, "request": request}) for block in article.body
    )
    featured = None
    if article.featured_image:
        rendition = article.featured_image.get_rendition("width-800|format-jpeg")
        featured = _data_uri(rendition.file.name)
    css_path = finders.find("news/saved.css")
    css = Path(css_path).read_text(encoding="utf-8") if css_path else ""
    site = Site.find_for_request(request)
    html = render_to_string(
        "news/article_save.html",
        {
            "page": article,
            "css": mark_safe(css),  # noqa: S308 -- our own static file
            "body_html": mark_safe(inline_media(body_html)),  # noqa: S308 -- rendered blocks
            "featured_data_uri": featured,
            "site_name": site.site_name if site else "",
        },
        request=request,
    )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{article.slug}.html"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
