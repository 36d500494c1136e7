"""Counting endpoints: the view beacon and star ratings. JSON in, JSON out, Vietnamese errors."""

from __future__ import annotations

import json

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Page, Site

from . import counting
from .bots import is_bot
from .models import Rating
from .visitors import VISIT_COOKIE, remember, visitor_id

# A 1×1 transparent GIF for the <noscript> fallback of the view beacon.
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
    b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _params(request) -> dict:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return request.POST if request.method == "POST" else request.GET


def _positive_int(value) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**62 else None


def _live_page(page_id: int) -> Page | None:
    return Page.objects.live().filter(pk=page_id).first()


def rating_line(total: int, count: int) -> str:
    return f"Tổng số điểm của bài viết là: {total} trong {count} đánh giá"


@csrf_exempt  # a counter beacon carries nothing to forge; sendBeacon cannot add headers
@require_http_methods(["GET", "POST"])
def hit(request):
    """Count one view of a page and the visitor's presence on the site."""
    page_id = _positive_int(_params(request).get("page"))
    if page_id is None:
        return _error("Mã trang không hợp lệ.", 400)
    page = _live_page(page_id)
    if page is None:
        return _error("Không tìm thấy trang.", 404)
    wants_pixel = request.method == "GET"
    response = (
        HttpResponse(PIXEL, content_type="image/gif") if wants_pixel
        else HttpResponse(status=204)
    )
    response["Cache-Control"] = "no-store"
    if is_bot(request.headers.get("User-Agent")):
        return response
    vid, is_new = visitor_id(request)
    # Everything read from the database comes before anything is counted: a view counted
    # and then answered with an error (the database restarting) would be counted again
    # when the reader's browser retries, or counted unacknowledged.
    site = Site.find_for_request(request)
    counting.record(counting.PAGE_VIEW, page.pk)
    if site is not None:
        counting.record_visit(site.pk, vid, new_visit=VISIT_COOKIE not in request.COOKIES)
    remember(response, request, vid, is_new)
    get_token(request)  # sets the CSRF cookie the rating script reads
    return response


@require_http_methods(["POST"])
def rate(request):
    """One star vote per visitor per article; returns the new rating line."""
    params = _params(request)
    page_id = _positive_int(params.get("page"))
    if page_id is None:
        return _error("Mã bài viết không hợp lệ.", 400)
    try:
        value = int(str(params.get("value", "")).strip())
    except ValueError:
        return _error("Điểm đánh giá phải là số từ 1 đến 5.", 400)
    if not 1 <= value <= 5:
        return _error("Điểm đánh giá phải từ 1 đến 5.", 400)
    page = _live_page(page_id)
    article = page.specific if page is not None else None
    if article is None or not getattr(article, "allow_rating", False):
        return _error("Bài viết không tồn tại hoặc không nhận đánh giá.", 404)
    if is_bot(request.headers.get("User-Agent")):
        return _error("Yêu cầu không hợp lệ.", 403)
    vid, is_new = visitor_id(request)
    # The stored figures are read before this vote is buffered, so a flush running
    # meanwhile can never make the line show the vote twice.
    figures = counting.totals((counting.RATING_SUM, counting.RATING_COUNT), page.pk)
    try:
        # The vote itself is a record, not a counter: one insert (never an update of a
        # shared row), whose unique constraint keeps it to one per visitor.
        with transaction.atomic():
            Rating.objects.create(page=page, visitor=vid, value=value)
    except IntegrityError:
        return _error("Bạn đã đánh giá bài viết này rồi.", 409)
    counting.record(counting.RATING_SUM, page.pk, value)
    counting.record(counting.RATING_COUNT, page.pk, 1)
    # The voter sees the vote at once; pages show it after the next flush.
    total = figures[counting.RATING_SUM] + value
    count = figures[counting.RATING_COUNT] + 1
    response = JsonResponse(
        {"sum": total, "count": count, "line": rating_line(total, count),
         "message": "Cảm ơn bạn đã đánh giá."}
    )
    remember(response, request, vid, is_new)
    return response


# Figures shown on pages ---------------------------------------------------------------------

FIGURE_KINDS = {
    "page_view": counting.PAGE_VIEW,
    "comment_count": counting.COMMENT_COUNT,
    "law_view": counting.LAW_VIEW,
    "law_download": counting.LAW_DOWNLOAD,
}
# Figures shown together in one line of text.
LINES = {
    "rating_line": "",
    "law_line": "lượt xem: {views} | lượt tải: {downloads}",
    "law_counts": "{views} / {downloads}",
}
SITE_FIGURES = ("online", "today", "month", "previous_month", "total")
MAX_FIGURES = 60


@require_http_methods(["GET"])
def figures(request):
    """Current figures for the elements of a page marked `data-figure="kind:id"`.

    Pages may be served from the page cache, which never reaches Python: the page's script
    asks here for the figures it shows, so they are as fresh as on a page rendered now.
    `?k=page_view:12,comment_count:12,rating_line:12,law_line:3,law_counts:3,site:online`
    Each value is the text the element ends with, formatted as the page formats it.
    """
    from bantin.core.text import format_number

    raw = ",".join(request.GET.getlist("k"))
    keys = [k for k in (part.strip() for part in raw.split(",")) if k]
    if not keys or len(keys) > MAX_FIGURES:
        return _error("Danh sách số liệu không hợp lệ.", 400)
    wanted: dict[str, set[int]] = {}
    site_figures, ratings, laws = False, set(), {}
    for key in keys:
        kind, _, ident = key.partition(":")
        if kind == "site" and ident in SITE_FIGURES:
            site_figures = True
            continue
        number = _positive_int(ident)
        if number is None or (kind not in FIGURE_KINDS and kind not in LINES):
            return _error(f"Số liệu không hợp lệ: {key[:40]}", 400)
        if kind == "rating_line":
            ratings.add(number)
        elif kind in LINES:
            laws.setdefault(kind, set()).add(number)
        else:
            wanted.setdefault(FIGURE_KINDS[kind], set()).add(number)
    result: dict[str, str] = {}
    law_ids = {i for group in laws.values() for i in group}
    ids = {i for group in wanted.values() for i in group} | ratings | law_ids
    kinds = {*wanted, *((counting.RATING_SUM, counting.RATING_COUNT) if ratings else ()),
             *((counting.LAW_VIEW, counting.LAW_DOWNLOAD) if law_ids else ())}
    stored = counting.totals_many(kinds, ids) if ids else {}
    for name, counter_kind in FIGURE_KINDS.items():
        for number in wanted.get(counter_kind, ()):
            result[f"{name}:{number}"] = format_number(stored[(counter_kind, number)])
    for number in ratings:
        result[f"rating_line:{number}"] = rating_line(
            stored[(counting.RATING_SUM, number)], stored[(counting.RATING_COUNT, number)]
        )
    for kind, numbers in laws.items():
        for number in numbers:
            views = format_number(stored[(counting.LAW_VIEW, number)])
            downloads = format_number(stored[(counting.LAW_DOWNLOAD, number)])
            result[f"{kind}:{number}"] = LINES[kind].format(views=views, downloads=downloads)
    if site_figures:
        site = Site.find_for_request(request)
        if site is not None:
            stats = counting.visitor_stats(site.pk)
            result.update({f"site:{name}": format_number(stats[name]) for name in SITE_FIGURES})
    response = JsonResponse({"figures": result})
    response["Cache-Control"] = "no-store"
    return response
