"""Import articles from JSON Lines: one object a line, idempotent by external id.

Each line is validated completely before anything is written, and written in its own
transaction, so a bad line is reported and skipped without touching what is stored.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from PIL import Image as PILImage
from PIL import UnidentifiedImageError
from wagtail.models import Page, Site

from bantin.audience import counting
from bantin.core import text
from bantin.core.pages import unique_slug
from bantin.news.models import ArticlePage, CategoryPage
from bantin.units import access

from .files import store_image
from .sanitize import clean_html

MAX_TITLE = 255
MAX_IMAGE_BYTES = 20 * 1024 * 1024


class LineError(ValueError):
    """A reason, in Vietnamese, why one line cannot be imported."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ArticleRecord:
    external_id: str
    title: str
    lead: str
    body_html: str
    author: str
    source: str
    published_at: dt.datetime
    category: list[str]
    tags: list[str]
    image: Path | None
    image_caption: str
    views: int | None


def _string(data: dict, key: str, required: bool = False, max_length: int | None = None) -> str:
    value = data.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise LineError(f"trường '{key}' phải là chuỗi")
    value = text.clean(str(value))
    if required and not value:
        raise LineError(f"thiếu trường bắt buộc '{key}'")
    if max_length and len(value) > max_length:
        raise LineError(f"trường '{key}' dài quá {max_length} ký tự")
    return value


def _datetime(value) -> dt.datetime:
    if not isinstance(value, str) or not value.strip():
        raise LineError(
            "thiếu 'published_at' (ISO 8601 có múi giờ, ví dụ 2023-07-15T05:55:00+07:00)"
        )
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise LineError(f"'published_at' không đúng định dạng ISO 8601: {value!r}") from exc
    if parsed.tzinfo is None:
        raise LineError(f"'published_at' thiếu múi giờ (ví dụ +07:00): {value!r}")
    return parsed


def _tags(value) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise LineError("'tags' phải là danh sách chuỗi")
    return [t for t in (text.clean(t)[:100] for t in value) if t]


def _views(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise LineError("'views' phải là số nguyên không âm")
    return value


def _image_path(value, base_dir: Path) -> Path | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise LineError("'image' phải là đường dẫn tệp")
    path = Path(value)
    if not path.is_absolute():
        path = base_dir / path
    if not path.is_file():
        raise LineError(f"không tìm thấy tệp ảnh: {value}")
    if path.stat().st_size > MAX_IMAGE_BYTES:
        raise LineError(f"tệp ảnh quá lớn (tối đa 20 MB): {value}")
    try:
        with PILImage.open(path) as img:
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise LineError(f"tệp không phải ảnh hợp lệ: {value}") from exc
    return path


def parse_line(raw: str, base_dir: Path) -> ArticleRecord:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise LineError(f"JSON không hợp lệ ({exc.msg}, cột {exc.colno})") from exc
    if not isinstance(data, dict):
        raise LineError("mỗi dòng phải là một đối tượng JSON")
    category = [part for part in (text.clean(p) for p in _string(data, "category").split("/"))
                if part]
    if not category:
        raise LineError("thiếu trường bắt buộc 'category' (ví dụ \"Tin tức/Xây dựng Đảng\")")
    return ArticleRecord(
        external_id=_string(data, "id", required=True, max_length=100),
        title=_string(data, "title", required=True, max_length=MAX_TITLE),
        lead=_string(data, "lead"),
        body_html=clean_html(data.get("body_html") if isinstance(data.get("body_html"), str)
                             else _string(data, "body_html")),
        author=_string(data, "author", max_length=255),
        source=_string(data, "source", max_length=255),
        published_at=_datetime(data.get("published_at")),
        category=category,
        tags=_tags(data.get("tags")),
        image=_image_path(data.get("image"), base_dir),
        image_caption=_string(data, "image_caption", max_length=500),
        views=_views(data.get("views")),
    )


def _child_category(parent: Page, name: str) -> CategoryPage | None:
    """The sub-category of that name, ignoring case, diacritics and tone-mark style."""
    folded = text.fold(name)
    return next(
        (c for c in CategoryPage.objects.child_of(parent) if text.fold(c.title) == folded), None
    )


def find_category(root: Page, names: list[str]) -> CategoryPage | None:
    parent: Page | None = root
    for name in names:
        parent = _child_category(parent, name)
        if parent is None:
            return None
    return parent if isinstance(parent, CategoryPage) else None


def ensure_category(root: Page, names: list[str]) -> CategoryPage:
    """Walk a category path from the site root, creating what is missing."""
    parent = root
    for name in names:
        found = _child_category(parent, name)
        if found is None:
            found = CategoryPage(title=name, slug=unique_slug(parent, name))
            parent.add_child(instance=found)
            found.save_revision().publish()
        parent = found
    return parent


def _body(html: str) -> list[tuple[str, str]]:
    return [("paragraph", html)] if html else []


def _apply(article: ArticlePage, record: ArticleRecord, collection) -> None:
    article.title = record.title
    article.lead = record.lead
    article.body = _body(record.body_html)
    article.author = record.author
    article.source = record.source
    article.published_at = record.published_at
    article.image_caption = record.image_caption
    if record.image is not None:
        article.featured_image = store_image(record.image, record.title, record.image_caption,
                                        collection)
    article.tags.set(record.tags, clear=True)


def save_article(record: ArticleRecord, root: Page) -> bool:
    """Create or update one article; returns True when it was created."""
    category = ensure_category(root, record.category)
    article = (
        ArticlePage.objects.descendant_of(root).filter(import_key=record.external_id).first()
    )
    created = article is None
    if created:
        article = ArticlePage(import_key=record.external_id,
                              slug=unique_slug(category, record.title))
    elif article.get_parent().pk != category.pk:
        article.move(category, pos="last-child")
        article = ArticlePage.objects.get(pk=article.pk)
    site = root.get_site()
    _apply(article, record, access.collection_of(site))
    if created:
        category.add_child(instance=article)
    article.save_revision().publish()
    ArticlePage.objects.filter(pk=article.pk).update(first_published_at=record.published_at)
    if record.views is not None:
        counting.set_total(counting.PAGE_VIEW, article.pk, record.views)
    return created


def import_articles(lines, site: Site, base_dir: Path) -> ImportReport:
    report = ImportReport()
    root = site.root_page.specific
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = parse_line(raw, base_dir)
            with transaction.atomic():
                created = save_article(record, root)
        except LineError as exc:
            report.errors.append((number, str(exc)))
            continue
        if created:
            report.created += 1
        else:
            report.updated += 1
    return report
