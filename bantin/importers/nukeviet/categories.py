"""News categories (`_cat`) as a tree of CategoryPage under the unit site's home.

The first news instance's categories sit directly under the home page; every other
instance gets a category named after it, its own categories below.
"""

from __future__ import annotations

import html

from django.db import transaction
from wagtail.models import Page, PageViewRestriction

from bantin.core import text
from bantin.core.pages import unique_slug
from bantin.news.models import CategoryPage

from . import redirects
from .source import visible_to_all
from .state import checksum

VISIBLE = (1, 2)


def _save(page: CategoryPage, parent: Page, live: bool) -> CategoryPage:
    if page.pk is None:
        page.live = live
        page.has_unpublished_changes = not live
        parent.add_child(instance=page)
    else:
        if page.get_parent().pk != parent.pk:
            page.move(parent, pos="last-child")
            page = CategoryPage.objects.get(pk=page.pk)
        page.live = live
        page.save()
    return page


def _restrict(page: CategoryPage, restricted: bool) -> None:
    """A category NukeViet showed only to some groups (members, staff) is shown here only to
    signed-in users, articles below it included. A restriction is never lifted here: a
    category made private by hand stays private."""
    if restricted and not PageViewRestriction.objects.filter(page=page).exists():
        PageViewRestriction.objects.create(page=page,
                                           restriction_type=PageViewRestriction.LOGIN)


def module_root(ctx, module, first: bool) -> Page:
    """Where a news instance's categories go."""
    root = ctx.site.root_page.specific
    if first:
        return root
    kind, ext = "news-module", module.data
    title = text.clean(html.unescape(module.custom_title)) or module.title
    digest = checksum(title)
    found = CategoryPage.objects.filter(pk=ctx.state.object_id(kind, ext)).first()
    if ctx.dry_run:
        return found or root
    if found is not None and ctx.state.unchanged(kind, ext, digest):
        return found
    with transaction.atomic():
        page = found or CategoryPage(slug=unique_slug(root, module.title, fallback="chuyen-muc"))
        page.title = title
        page = _save(page, root, True)
        ctx.state.record(kind, ext, page, digest)
    return page


def import_categories(ctx, module, first: bool) -> dict[int, CategoryPage]:
    """catid -> CategoryPage of every category of a news instance (parents first)."""
    db, report = ctx.db, ctx.report
    table = db.table(f"{module.data}_cat")
    kind = f"category:{module.data}"
    found: dict[int, CategoryPage] = {}
    if not db.has(table):
        return found
    root = module_root(ctx, module, first)
    rows = db.rows(f"SELECT * FROM `{table}` ORDER BY lev, parentid, weight, catid")
    pending = {int(r["catid"]): r for r in rows}
    known = set(pending)
    # Parents first, whatever order lev/parentid were kept in; an unknown parent is
    # reported below.
    ordered, placed = [], set()
    while pending:
        ready = [c for c, r in pending.items()
                 if int(r["parentid"] or 0) in placed or int(r["parentid"] or 0) not in known]
        if not ready:
            for catid in pending:
                report.skip(kind, catid, "chuyên mục cha tạo thành vòng lặp")
            break
        for catid in ready:
            ordered.append(pending.pop(catid))
            placed.add(catid)
    for row in ordered:
        catid, parentid = int(row["catid"]), int(row["parentid"] or 0)
        parent = root if parentid == 0 else found.get(parentid)
        if parent is None:
            report.skip(kind, catid, f"chuyên mục cha {parentid} không tồn tại")
            continue
        title = text.clean(html.unescape(row["title"] or ""))[:255]
        if not title:
            report.skip(kind, catid, "chuyên mục không có tên")
            continue
        live = int(row.get("status") or 0) in VISIBLE
        digest = checksum(row, parent.pk)
        existing = CategoryPage.objects.filter(pk=ctx.state.object_id(kind, catid)).first()
        if ctx.dry_run:
            report.count(kind, "would_update" if existing else "would_create")
            found[catid] = existing or parent
            continue
        if existing is not None and ctx.state.unchanged(kind, catid, digest):
            report.count(kind, "unchanged")
            found[catid] = existing
            continue
        with transaction.atomic():
            page = existing or CategoryPage(slug=unique_slug(parent, row["alias"] or title,
                                                    fallback="chuyen-muc"))
            page.title = title
            page.intro = text.clean(html.unescape(row.get("description") or ""))
            page.seo_title = text.clean(html.unescape(row.get("titlesite") or ""))[:255]
            page = _save(page, parent, live)
            restricted = not visible_to_all(row.get("groups_view"))
            _restrict(page, restricted)
            redirects.point(ctx.site, redirects.category_paths(module.title, row["alias"],
                                                               db.lang), page=page)
            ctx.state.record(kind, catid, page, digest)
        if restricted:
            report.partial(kind, catid, "chuyên mục chỉ dành cho một số nhóm trong NukeViet: "
                                        "chỉ người đã đăng nhập được xem")
        report.count(kind, "updated" if existing else "created")
        found[catid] = page
    return found
