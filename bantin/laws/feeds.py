"""Atom feed of a site's newest public documents, narrowed by the library's filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from wagtail.models import Site

from . import filters

FEED_SIZE = 30


@dataclass
class _FeedRequest:
    site: Site
    documents: object
    querystring: str


def _site_name(site: Site) -> str:
    return site.site_name or site.hostname


def _as_datetime(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class DocumentFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # Documents are often published after their issue date, so the newest `updated`
        # says nothing about whether the feed changed: no Last-Modified.
        del response["Last-Modified"]
        return response

    def get_object(self, request, *args, **kwargs):
        site = Site.find_for_request(request)
        if site is None:
            raise Http404("Không tìm thấy trang.")
        # Invalid filter values are ignored, as on the list page.
        documents, cleaned, _had_invalid = filters.filter_documents(request, site)
        from .views import library_may_be_cached

        library_may_be_cached(site)
        return _FeedRequest(
            site=site,
            documents=documents.order_by("-issued_on", "-pk")[:FEED_SIZE],
            querystring=filters.querystring(cleaned),
        )

    def title(self, obj: _FeedRequest) -> str:
        return f"Văn bản mới — {_site_name(obj.site)}"

    def subtitle(self, obj: _FeedRequest) -> str:
        return f"Văn bản pháp luật, văn bản chỉ đạo điều hành của {_site_name(obj.site)}"

    def link(self, obj: _FeedRequest) -> str:
        url = reverse("laws:list")
        return f"{url}?{obj.querystring}" if obj.querystring else url

    def author_name(self, obj: _FeedRequest) -> str:
        return _site_name(obj.site)

    def items(self, obj: _FeedRequest):
        return obj.documents

    def item_title(self, item) -> str:
        return f"{item.doc_type.name} số {item.number}"

    def item_description(self, item) -> str:
        return escape(item.summary)  # Atom's <summary type="html">

    def item_link(self, item) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item) -> dt.datetime:
        return _as_datetime(item.issued_on)

    def item_updateddate(self, item) -> dt.datetime:
        return _as_datetime(item.issued_on)

    def item_categories(self, item):
        return [item.doc_type.name]


document_feed = DocumentFeed()
