"""The search page's and API's parameters, read forgivingly: a value that makes no sense
is dropped with a notice, never an error."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlencode

from wagtail.models import Site

from bantin.core import content_cache
from bantin.core.sites import sites_within, under
from bantin.news.models import CategoryPage

from .engine import Scope
from .models import Kind
from .query import MAX_QUERY_LENGTH, Query, parse

Q_PARAM, TYPE, CATEGORY, UNIT = "q", "loai", "chuyen-muc", "don-vi"
FROM, TO, PAGE = "tu", "den", "trang"
TYPES = {"bai-viet": Kind.ARTICLE, "van-ban": Kind.DOCUMENT, "trang": Kind.PAGE,
         "hoi-dap": Kind.QUESTION}
TYPE_LABELS = {"bai-viet": "Bài viết", "van-ban": "Văn bản", "trang": "Trang",
               "hoi-dap": "Hỏi đáp"}
INVALID_NOTICE = "Bộ lọc không hợp lệ đã được bỏ qua."
TOO_LONG_NOTICE = f"Từ khóa quá dài: chỉ {MAX_QUERY_LENGTH} ký tự đầu được dùng để tìm."


def _date(value: str) -> dt.date | None:
    for form in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, form).date()
        except ValueError:
            continue
    raise ValueError(value)


@dataclass
class SearchParams:
    site: Site
    query: Query
    scope: Scope
    #: The accepted filter values, as they go back into links.
    cleaned: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    units: list[tuple[int, str]] = field(default_factory=list)

    def querystring(self, **extra) -> str:
        values = {Q_PARAM: self.query.text, **self.cleaned, **extra}
        return urlencode({k: v for k, v in values.items() if v})

    def categories(self) -> list[tuple[str, str]]:
        """(slug, title) of the categories in the searched sites, one per slug; kept under
        the tree's content version (categories change only by publishing or moving)."""
        site_ids = sorted(self.scope.site_ids)
        digest = hashlib.sha1(",".join(map(str, site_ids)).encode(),
                              usedforsecurity=False).hexdigest()[:20]
        return content_cache.get_or_build(f"search:categories:{digest}",
                                          lambda: _categories(site_ids))


def _categories(site_ids) -> list[tuple[str, str]]:
    roots = Site.objects.filter(pk__in=site_ids).values_list("root_page__path", flat=True)
    found: dict[str, str] = {}
    rows = CategoryPage.objects.live().filter(under(roots)).order_by("path")
    for slug, title in rows.values_list("slug", "title"):
        found.setdefault(slug, title)
    return sorted(found.items(), key=lambda item: item[1].casefold())


def _units(site: Site) -> list[tuple[int, str]]:
    """(site id, unit name) of the site and the units below it, the site first; kept under
    the tree's content version, which saving a site or a unit moves on."""

    def build():
        sites = (sites_within(site).select_related("unit", "root_page")
                 .order_by("root_page__path"))
        return [(s.pk, getattr(getattr(s, "unit", None), "name", "") or s.site_name)
                for s in sites]

    return content_cache.get_or_build(f"search:units:{site.pk}", build)


def read(request, site: Site) -> SearchParams:
    get = request.GET
    raw = get.get(Q_PARAM, "")
    query = parse(raw)
    units = _units(site)
    cleaned: dict[str, str] = {}
    invalid = False

    def accept(name: str, check) -> object | None:
        nonlocal invalid
        value = get.get(name, "").strip()
        if not value:
            return None
        try:
            result = check(value)
        except (ValueError, KeyError):
            invalid = True
            return None
        cleaned[name] = value
        return result

    kind = accept(TYPE, TYPES.__getitem__)
    unit_ids = {pk for pk, _ in units}
    unit = accept(UNIT, lambda v: _member(int(v), unit_ids))
    date_from = accept(FROM, _date)
    date_to = accept(TO, _date)
    category = accept(CATEGORY, _slug)
    scope = Scope(
        site_ids=(unit,) if unit else tuple(unit_ids),
        kinds=(kind,) if kind else (),
        category_slug=category or "",
        date_from=date_from, date_to=date_to,
    )
    notices = [INVALID_NOTICE] if invalid else []
    if len(raw) > MAX_QUERY_LENGTH:
        notices.append(TOO_LONG_NOTICE)
    return SearchParams(site=site, query=query, scope=scope, cleaned=cleaned,
                        notices=notices, units=units if len(units) > 1 else [])


def _member(value: int, allowed: set[int]) -> int:
    if value not in allowed:
        raise ValueError(value)
    return value


def _slug(value: str) -> str:
    if len(value) > 255 or not value.replace("-", "").isalnum() or not value.isascii():
        raise ValueError(value)
    return value
