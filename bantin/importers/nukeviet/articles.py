"""Articles of a news instance: `_rows` with `_detail` (or, before 4.0.29, `_bodyhtml_N`),
tags, author list, source, topic and featured groups, as ArticlePage under their category."""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections import Counter
from dataclasses import dataclass, field

import nh3
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from bantin.audience import counting
from bantin.core import text
from bantin.core.pages import unique_slug
from bantin.importers.body import body_blocks
from bantin.importers.pages import insert_pages, restore_unsaved, unsaved_values
from bantin.importers.sanitize import clean_html
from bantin.news.models import ArticlePage

from . import redirects
from .media import MediaError, display_name, file_names
from .state import checksum, edited_here

PUBLISHED, SCHEDULED, EXPIRED, DRAFT = 1, 2, 3, 4
ACTIVE_CONTENT_RE = re.compile(r"<\s*(script|iframe|object|embed|style)\b", re.I)
OLD_BODY_CHUNK = 2000
COMMIT_EVERY = 100  # rows per transaction; each row in its own savepoint inside it


def when(timestamp) -> dt.datetime | None:
    try:
        value = int(timestamp or 0)
    except (TypeError, ValueError):
        return None
    return dt.datetime.fromtimestamp(value, tz=dt.UTC) if value > 0 else None


def plain(value) -> str:
    """One line of text from NukeViet's stored (HTML-escaped, maybe tagged) text, NFC."""
    return text.clean(html.unescape(nh3.clean(str(value or ""), tags=set())))


def title_text(value) -> str:
    return text.clean(html.unescape(str(value or "")))


@dataclass
class Lookups:
    """What a module's articles refer to, read once per module."""

    tags: dict[int, list[str]] = field(default_factory=dict)
    authors: dict[int, list[str]] = field(default_factory=dict)
    sources: dict[int, tuple[str, str]] = field(default_factory=dict)
    topics: dict[int, str] = field(default_factory=dict)
    featured: set[int] = field(default_factory=set)


def _lookups(db, module) -> Lookups:
    t = lambda name: db.table(f"{module.data}_{name}")  # noqa: E731
    found = Lookups()
    if db.has(t("tags")) and db.has(t("tags_id")):
        for row in db.rows(f"SELECT ti.id, tg.title, ti.keyword FROM `{t('tags_id')}` ti "
                           f"LEFT JOIN `{t('tags')}` tg ON tg.tid = ti.tid ORDER BY ti.id, ti.tid"):
            name = title_text(row["title"] or row["keyword"])[:100]
            if name and name not in found.tags.setdefault(int(row["id"]), []):
                found.tags[int(row["id"])].append(name)
    if db.has(t("authorlist")):
        for row in db.rows(f"SELECT id, pseudonym FROM `{t('authorlist')}` ORDER BY id, aid"):
            name = title_text(row["pseudonym"])
            if name:
                found.authors.setdefault(int(row["id"]), []).append(name)
    if db.has(t("sources")):
        for row in db.rows(f"SELECT sourceid, title, link FROM `{t('sources')}`"):
            found.sources[int(row["sourceid"])] = (title_text(row["title"]), row["link"] or "")
    if db.has(t("topics")):
        for row in db.rows(f"SELECT topicid, title FROM `{t('topics')}`"):
            found.topics[int(row["topicid"])] = title_text(row["title"])[:100]
    if db.has(t("block")):
        found.featured = {int(r["id"]) for r in db.rows(f"SELECT DISTINCT id FROM `{t('block')}`")}
    return found


def _bodies(db, module, ids: list[int]) -> dict[int, dict]:
    """id -> body row (bodyhtml, sourcetext, files...) for a batch of articles."""
    if not ids:
        return {}
    detail = db.table(f"{module.data}_detail")
    marks = ",".join(["%s"] * len(ids))
    if db.has(detail):
        return {int(r["id"]): r
                for r in db.rows(f"SELECT * FROM `{detail}` WHERE id IN ({marks})", ids)}
    bodies: dict[int, dict] = {}
    chunks: dict[int, list[int]] = {}
    for row_id in ids:
        chunks.setdefault(math.ceil(row_id / OLD_BODY_CHUNK), []).append(row_id)
    for chunk, chunk_ids in chunks.items():
        table = db.table(f"{module.data}_bodyhtml_{chunk}")
        if not db.has(table):
            continue
        marks = ",".join(["%s"] * len(chunk_ids))
        for row in db.rows(f"SELECT * FROM `{table}` WHERE id IN ({marks})", chunk_ids):
            bodies[int(row["id"])] = row
    return bodies


def _status(row, now: dt.datetime) -> str:
    status = int(row["status"] or 0)
    expires = when(row.get("exptime"))
    if status == EXPIRED or (status == PUBLISHED and expires and expires <= now):
        return "expired"
    if status == SCHEDULED or (status == PUBLISHED and (when(row["publtime"]) or now) > now):
        return "scheduled"
    if status == PUBLISHED:
        return "published"
    return "draft"


class ChildPaths:
    """Tree paths for new children, allocated here instead of by treebeard's `add_child`
    (which reads the parent's last child and bumps its `numchild` for every insert): the
    last path of each parent is read once and kept; `settle()` adds the chunk's written
    pages to the parents' `numchild` once per chunk. A path left unused by a rolled-back
    row is a gap, which the tree allows."""

    def __init__(self):
        self._last: dict[int, str | None] = {}
        self._slugs: dict[int, set[str]] = {}
        self._parents: dict[int, Page] = {}
        self._added: Counter[int] = Counter()

    def _children(self, parent: Page):
        return Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)

    def slugs(self, parent: Page) -> set[str]:
        """The slugs of the parent's children, read once (for `unique_slug`)."""
        if parent.pk not in self._slugs:
            self._slugs[parent.pk] = set(self._children(parent).values_list("slug", flat=True))
        return self._slugs[parent.pk]

    def place(self, parent: Page, page: Page) -> None:
        """Give a new page its place under `parent` (path, depth, url_path, locale, draft
        title), as `add_child` would, without saving it (`importers.pages.insert_pages`
        writes a chunk's new pages together)."""
        if parent.pk not in self._last:
            self._last[parent.pk] = (self._children(parent).order_by("-path")
                                     .values_list("path", flat=True).first())
        last = self._last[parent.pk]
        if last is None:
            path = Page._get_path(parent.path, parent.depth + 1, 1)
        else:
            path = Page(path=last)._inc_path()
        page.path, page.depth, page.numchild = path, parent.depth + 1, 0
        page._cached_parent_obj = parent
        page.locale_id = page.locale_id or parent.locale_id
        page.draft_title = page.draft_title or page.title
        page.set_url_path(parent)
        self._last[parent.pk] = path
        self._parents[parent.pk] = parent

    def forget(self, parent: Page) -> None:
        """A page was moved in by treebeard: read the parent's children again."""
        self._last.pop(parent.pk, None)
        self._slugs.pop(parent.pk, None)

    def inserted(self, page: Page) -> None:
        """A placed page was written (its chunk's INSERTs went through)."""
        self._added[page._cached_parent_obj.pk] += 1

    def settle(self) -> None:
        """The parents' `numchild`, once per chunk: plus the pages written under them
        (counting a parent's children again would read all of them every chunk)."""
        for pk, added in self._added.items():
            Page.objects.filter(pk=pk).update(numchild=F("numchild") + added)
            self._parents[pk].numchild += added
        self._added.clear()


@dataclass
class NewArticle:
    """A new article of the chunk, prepared (fields set, files stored, place in the tree
    chosen) and waiting for the chunk's INSERTs."""

    row_id: int
    article: ArticlePage
    scheduled: bool
    counters: dict[str, int]
    old_paths: list[str]
    problems: list[str]
    digest: str = ""


class ArticleImporter:
    def __init__(self, ctx, module, categories: dict, cat_aliases: dict[int, str]):
        self.ctx, self.module = ctx, module
        self.categories, self.cat_aliases = categories, cat_aliases
        self.kind = f"article:{module.data}"
        self.table = ctx.db.table(f"{module.data}_rows")
        self.lookups = _lookups(ctx.db, module)
        self.paths = ChildPaths()

    def total(self) -> int:
        return self.ctx.db.count(self.table)

    def run(self, tick) -> None:
        """COMMIT_EVERY rows a transaction: a row commits with its mapping, so a run
        stopped half-way redoes the interrupted chunk whole; a row that fails rolls back
        to its savepoint and the rest of its chunk is kept. The chunk's new pages, their
        mappings, counters and redirects are written together at its end (`_write`)."""
        for batch in self.ctx.db.batches(self.table):
            bodies = _bodies(self.ctx.db, self.module, [int(r["id"]) for r in batch])
            for start in range(0, len(batch), COMMIT_EVERY):
                with transaction.atomic():
                    new: list[NewArticle] = []
                    for row in batch[start:start + COMMIT_EVERY]:
                        self.one(row, bodies.get(int(row["id"])), new)
                        tick()
                    self._write_chunk(new)
                    self.paths.settle()

    def _write_chunk(self, new: list[NewArticle]) -> None:
        """All the chunk's new articles at once; if the database refuses that, one at a
        time, each in its own savepoint, so the row at fault goes to the report alone."""
        if not new:
            return
        before = [unsaved_values(item.article) for item in new]
        try:
            with transaction.atomic():
                self._write(new)
        except (ValidationError, DatabaseError):
            for item, values in zip(new, before, strict=True):
                restore_unsaved(item.article, values)
                self.ctx.state.forget(self.kind, item.row_id)
            for item, values in zip(new, before, strict=True):
                try:
                    with transaction.atomic():
                        self._write([item])
                except (ValidationError, DatabaseError) as exc:
                    restore_unsaved(item.article, values)
                    self.ctx.state.forget(self.kind, item.row_id)
                    reason = "; ".join(getattr(exc, "messages", None) or [str(exc)])
                    self.ctx.report.skip(self.kind, item.row_id, f"không lưu được: {reason}")
                    continue
                self._done(item)
            return
        for item in new:
            self._done(item)

    def _write(self, new: list[NewArticle]) -> None:
        """The pages (a few multi-row INSERTs), then what needs their ids: a scheduled
        article's approved revision, the mappings, the counters and the redirects, one
        statement each for the whole list."""
        insert_pages([item.article for item in new])
        for item in new:
            if item.scheduled:
                item.article.save_revision().publish()
        self.ctx.state.record_new(self.kind, [(item.row_id, item.article, item.digest)
                                              for item in new])
        counting.set_totals_many({item.article.pk: item.counters for item in new})
        too_long = redirects.point_many(self.ctx.site, [(item.old_paths, item.article, "")
                                                        for item in new])
        for item, paths in zip(new, too_long, strict=True):
            item.problems.extend(f"địa chỉ cũ quá dài để chuyển hướng: {path}"
                                 for path in paths)

    def _done(self, item: NewArticle) -> None:
        self.paths.inserted(item.article)
        for problem in item.problems:
            self.ctx.report.partial(self.kind, item.row_id, problem)
        self.ctx.report.count(self.kind, "created")

    # -- one row ---------------------------------------------------------------------------

    def one(self, row: dict, body: dict | None, new: list[NewArticle]) -> None:
        """Check one row; a changed article is written now, a new one is prepared (its
        files stored) and added to `new`, written with the rest of the chunk."""
        ctx, kind, row_id = self.ctx, self.kind, int(row["id"])
        report = ctx.report
        title = title_text(row["title"])[:255]
        if not title:
            report.skip(kind, row_id, "bài không có tiêu đề")
            return
        category = self.categories.get(int(row["catid"] or 0))
        if category is None:
            report.skip(kind, row_id, f"chuyên mục {row['catid']} không tồn tại")
            return
        look = self.lookups
        extra_ids = [int(c) for c in str(row.get("listcatid") or "").split(",")
                     if c.strip().isdigit() and int(c) != int(row["catid"])]
        digest = checksum(row, body, look.tags.get(row_id), look.authors.get(row_id),
                          row_id in look.featured, category.pk,
                          [self.categories[c].pk for c in extra_ids if c in self.categories])
        known = ctx.state.object_id(kind, row_id)
        existing = ArticlePage.objects.filter(pk=known).first() if known else None
        if existing is not None and ctx.state.unchanged(kind, row_id, digest):
            report.count(kind, "unchanged")
            return
        if existing is not None and not ctx.overwrite_edits and edited_here(existing):
            report.kept(kind, row_id)
            return
        if ctx.dry_run:
            self._check_files(row, body)
            report.count(kind, "would_update" if existing else "would_create")
            return
        try:
            with transaction.atomic():
                saved = self._save(row, body, title, category, extra_ids, existing)
                if existing is not None:
                    ctx.state.record(kind, row_id, saved, digest)
        except (ValidationError, DatabaseError) as exc:
            ctx.state.forget(kind, row_id)
            reason = "; ".join(getattr(exc, "messages", None) or [str(exc)])
            report.skip(kind, row_id, f"không lưu được: {reason}")
            return
        if existing is None:
            saved.digest = digest
            new.append(saved)
        else:
            report.count(kind, "updated")

    def _check_files(self, row, body) -> None:
        problems: list[str] = []
        media = self.ctx.media
        if row.get("homeimgfile") and int(row.get("homeimgthumb") or 0) in (1, 2):
            try:
                media.module_file(self.module.upload, row["homeimgfile"])
            except MediaError as exc:
                problems.append(f"ảnh đại diện: {exc}")
        if body:
            media.rewrite(body.get("bodyhtml") or "", "", problems, dry_run=True)
            for name in file_names(body.get("files")):
                try:
                    media.module_file(self.module.upload, name)
                except MediaError as exc:
                    problems.append(f"tệp đính kèm: {exc}")
        for problem in problems:
            self.ctx.report.partial(self.kind, row["id"], problem)

    def _save(self, row, body, title, category, extra_ids,
              existing) -> ArticlePage | NewArticle:
        """Update `existing` (written now), or prepare a new article (`NewArticle`)."""
        ctx, module, row_id = self.ctx, self.module, int(row["id"])
        report, media, look = ctx.report, ctx.media, self.lookups
        problems: list[str] = []
        article = existing or ArticlePage(
            import_key=f"nukeviet:{module.data}:{row_id}"[:100],
            slug=unique_slug(category, row.get("alias") or title,
                             taken=self.paths.slugs(category)),
        )
        article.title = title
        article.lead = plain(row.get("hometext"))
        article.image_caption = plain(row.get("homeimgalt"))[:500]
        names = [text.clean(row.get("author") or "")] + look.authors.get(row_id, [])
        article.author = ", ".join(dict.fromkeys(n for n in names if n))[:255]
        source_title, source_link = look.sources.get(int(row.get("sourceid") or 0), ("", ""))
        article.source = source_title[:255]
        source_url = ((body or {}).get("sourcetext") or source_link or "").strip()
        article.source_url = source_url[:200] if source_url.startswith(("http://", "https://")) \
            else ""
        published = when(row.get("publtime")) or when(row.get("addtime")) or timezone.now()
        article.published_at = published
        article.featured = row_id in look.featured
        article.allow_comments = str(row.get("allowed_comm") or "0") not in ("0", "")
        article.allow_rating = bool(int(row.get("allowed_rating") or 0))
        article.search_description = plain((body or {}).get("description"))[:1000]

        image = None
        if row.get("homeimgfile"):
            mode = int(row.get("homeimgthumb") or 0)
            if mode == 3:
                problems.append("ảnh đại diện ở địa chỉ ngoài, không sao chép: "
                                f"{row['homeimgfile']}")
            elif mode in (1, 2):
                try:
                    path = media.module_file(module.upload, row["homeimgfile"])
                    image = media.image(path, title, article.image_caption)
                except (MediaError, OSError) as exc:
                    problems.append(f"ảnh đại diện: {exc}")
        article.featured_image = image

        blocks = []
        if body is None:
            problems.append("không có nội dung bài (thiếu dòng trong bảng nội dung)")
        else:
            raw = text.nfc(body.get("bodyhtml") or "")
            if ACTIVE_CONTENT_RE.search(raw):
                problems.append("đã bỏ mã chạy được (script, iframe...) khỏi nội dung")
            cleaned = clean_html(raw)
            if plain(raw) and not plain(cleaned) and "<img" not in cleaned:
                problems.append("nội dung HTML hỏng: không còn chữ nào sau khi làm sạch")
            cleaned = media.rewrite(cleaned, title, problems)
            # NFC already; the office-debris tidy is left to the first save in the admin.
            blocks.extend(body_blocks(cleaned, lambda src, alt: media.picture(src, problems),
                                      tidy=False))
            for name in file_names(body.get("files")):
                try:
                    document = media.document(media.module_file(module.upload, name))
                except (MediaError, OSError) as exc:
                    problems.append(f"tệp đính kèm: {exc}")
                    continue
                blocks.append(("attachment", {"document": document,
                                              "title": display_name(name)}))
        article.body = blocks

        tags = list(look.tags.get(row_id, []))
        topic = look.topics.get(int(row.get("topicid") or 0))
        if topic and topic not in tags:
            tags.append(topic)
        extra = [self.categories[c] for c in extra_ids if c in self.categories]
        # A new page without tags or extra categories has no relation rows to write.
        if existing is not None or tags:
            article.tags.set(tags, clear=True)
        if existing is not None or extra:
            article.extra_categories.set(extra)

        state = _status(row, timezone.now())
        article.go_live_at = published if state == "scheduled" else None
        expires = when(row.get("exptime"))
        article.expire_at = expires if state in ("published", "expired") else None
        article.live = state == "published"
        article.expired = state == "expired"
        article.has_unpublished_changes = state in ("draft", "scheduled")
        if state in ("published", "expired"):
            article.first_published_at = published
            article.last_published_at = when(row.get("edittime")) or published
        counters = {
            counting.PAGE_VIEW: int(row.get("hitstotal") or 0),
            counting.RATING_SUM: int(row.get("total_rating") or 0),
            counting.RATING_COUNT: int(row.get("click_rating") or 0),
            counting.COMMENT_COUNT: int(row.get("hitscm") or 0),
        }
        cat_alias = self.cat_aliases.get(int(row["catid"]), "")
        old_paths = redirects.article_paths(module.title, cat_alias, row.get("alias") or "",
                                            row_id, ctx.db.lang)
        if existing is None:
            # Written with the rest of the chunk (`_write`).
            self.paths.place(category, article)
            return NewArticle(row_id=row_id, article=article, scheduled=state == "scheduled",
                              counters=counters, old_paths=old_paths, problems=problems)
        if article.get_parent().pk != category.pk:
            article.move(category, pos="last-child")
            self.paths.forget(category)
            fresh = ArticlePage.objects.get(pk=article.pk)
            article.path, article.depth, article.url_path = (
                fresh.path, fresh.depth, fresh.url_path)
        article.save()
        article.revisions.update(approved_go_live_at=None)
        if state == "scheduled":
            article.save_revision().publish()
        counting.set_totals(article.pk, counters)
        too_long = redirects.point(ctx.site, old_paths, page=article)
        for path in too_long:
            problems.append(f"địa chỉ cũ quá dài để chuyển hướng: {path}")
        for problem in problems:
            report.partial(self.kind, row_id, problem)
        return article
