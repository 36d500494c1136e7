"""The search page (`/tim-kiem/?q=`), its JSON twin (`/api/search?q=`) and title
suggestions (`/api/search/suggest?q=`), each over the current site and its units."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.models import Site

from bantin.core import text

from . import engine, params, stats, typo
from .highlight import highlight
from .models import Kind

PAGE_SIZE = 10
SUGGEST_MIN_LENGTH = 2
KIND_LABELS = dict(Kind.choices)

EMPTY_MESSAGE = "Nhập từ khóa để tìm tin bài, văn bản và trang."
NOTHING_SEARCHABLE = "Từ khóa cần có chữ hoặc số. Vui lòng nhập lại."
ANY_WORD_NOTICE = ("Không có kết quả chứa đủ các từ đã nhập; dưới đây là kết quả chứa "
                   "một phần các từ.")


def _site(request) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("Không tìm thấy trang.")
    return site


def _root_urls() -> dict[int, str]:
    return {s.site_id: s.root_url for s in Site.get_site_root_paths()}


def _url(entry, site: Site, root_urls: dict[int, str]) -> str:
    """A path on this site; the full address on a unit's own host name."""
    if entry.site_id == site.pk:
        return entry.path
    return root_urls.get(entry.site_id, "") + entry.path


def _result(entry, query, site: Site, root_urls: dict[int, str], snippet) -> dict:
    return {
        "title": highlight(entry.title, query),
        "url": _url(entry, site, root_urls),
        "type": KIND_LABELS[entry.kind],
        "date": text.date_short(entry.date) if entry.date else "",
        "unit": entry.unit_name,
        "snippet": snippet,
    }


def _no_results_message(query) -> str:
    return (f"Không tìm thấy kết quả nào cho “{query.text}”. "
            "Hãy thử từ khóa ngắn hơn hoặc bỏ bớt bộ lọc.")


def _search(request):
    """Everything the page and the API show for this request."""
    site = _site(request)
    found = params.read(request, site)
    query = found.query
    messages = list(found.notices)
    page_obj, rows = None, []
    if not query:
        messages.append(NOTHING_SEARCHABLE if found.query.text else EMPTY_MESSAGE)
        return found, page_obj, rows, messages, False, ""
    results = engine.SearchResults(query, found.scope)
    page_obj = Paginator(results, PAGE_SIZE).get_page(request.GET.get(params.PAGE))
    root_urls = _root_urls()
    entries = list(page_obj)
    rows = [_result(entry, query, site, root_urls, passage)
            for entry, passage in zip(entries, engine.snippets(entries, query), strict=True)]
    if page_obj.number == 1:
        stats.record(site, query, found=results.count())
    suggestion = ""
    if not results.count():
        messages.append(_no_results_message(query))
    elif results.any_word:
        messages.append(ANY_WORD_NOTICE)
    if not results.count() or results.any_word:  # nothing, or not every word, found
        suggestion = typo.did_you_mean(query)
    return found, page_obj, rows, messages, results.more, suggestion


@require_GET
def search_page(request):
    found, page_obj, rows, messages, more, suggestion = _search(request)
    return render(request, "search/search.html", {
        "more": more,
        "did_you_mean": suggestion,
        "did_you_mean_querystring": found.querystring(**{params.Q_PARAM: suggestion}),
        "cap_shown": f"{engine.CAP:,}".replace(",", "."),
        "query": found.query.text,
        "params": found,
        "page_obj": page_obj,
        "rows": rows,
        "messages_": messages,
        "types": [
            {"value": v, "label": label, "selected": found.cleaned.get(params.TYPE) == v}
            for v, label in params.TYPE_LABELS.items()
        ],
        "categories": [
            {"value": slug, "label": title,
             "selected": found.cleaned.get(params.CATEGORY) == slug}
            for slug, title in found.categories()
        ],
        "units": [
            {"value": str(pk), "label": name,
             "selected": found.cleaned.get(params.UNIT) == str(pk)}
            for pk, name in found.units
        ],
        "date_from": found.cleaned.get(params.FROM, ""),
        "date_to": found.cleaned.get(params.TO, ""),
        "querystring": found.querystring(),
    })


def _json(data: dict) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def search_api(request):
    found, page_obj, rows, messages, more, suggestion = _search(request)
    paginator = page_obj.paginator if page_obj else None
    return _json({
        "query": found.query.text,
        "count": paginator.count if paginator else 0,
        # True when more entries matched than the `count` best that can be paged through.
        "more": more,
        "page": page_obj.number if page_obj else 1,
        "pages": paginator.num_pages if paginator else 0,
        "page_size": PAGE_SIZE,
        "results": [{**row, "title": str(row["title"]), "snippet": str(row["snippet"])}
                    for row in rows],
        "messages": messages,
        # A one-letter correction when nothing was found ("" when there is none).
        "did_you_mean": suggestion,
    })


@require_GET
def suggest_api(request):
    site = _site(request)
    found = params.read(request, site)
    if len(found.query.text) < SUGGEST_MIN_LENGTH or not found.query:
        return _json({"query": found.query.text, "suggestions": []})
    root_urls = _root_urls()
    entries = engine.suggest(found.query, found.scope)
    return _json({
        "query": found.query.text,
        "suggestions": [
            {"title": e.title, "url": _url(e, site, root_urls),
             "type": KIND_LABELS[e.kind]}
            for e in entries
        ],
    })
