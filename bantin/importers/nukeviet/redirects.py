"""A permanent redirect (wagtail.contrib.redirects, per site) from every old NukeViet URL.

NukeViet answers the same page under a rewritten path, with or without the language
prefix, and under `index.php?language=..&nv=<module>&op=<op>`. Wagtail's redirect
middleware looks the full path up with its query string sorted, then the bare path, so
each form is stored as its own redirect.
"""

from __future__ import annotations

from urllib.parse import quote

from wagtail.contrib.redirects.models import Redirect

MAX_PATH = Redirect._meta.get_field("old_path").max_length


def _forms(module: str, op: str, lang: str, suffix: str) -> list[str]:
    rewritten = f"/{module}/{op}{suffix}"
    paths = [rewritten, f"/{lang}{rewritten}"]
    for query in (f"language={lang}&nv={module}&op={op}", f"nv={module}&op={op}"):
        paths.append(f"/index.php?{query}")
    return paths


def article_paths(module: str, cat_alias: str, alias: str, row_id: int, lang: str) -> list[str]:
    return _forms(module, f"{cat_alias}/{alias}-{row_id}", lang, ".html")


def category_paths(module: str, cat_alias: str, lang: str) -> list[str]:
    return _forms(module, cat_alias, lang, "/")


def law_paths(module: str, alias: str, lang: str) -> list[str]:
    return _forms(module, alias, lang, ".html") + _forms(module, f"detail/{alias}", lang, ".html")


def point(site, paths: list[str], page=None, link: str = "") -> list[str]:
    """Store the redirects of one page or link; returns the paths too long to store
    (reported by the caller)."""
    return point_many(site, [(paths, page, link)])[0]


def point_many(site, targets: list[tuple[list[str], object, str]]) -> list[list[str]]:
    """Store the redirects of many targets ((old paths, page or None, link)) in three
    queries whatever their number: read the old paths already stored, delete those
    pointing elsewhere (a page deleted and imported again: now pointed here), insert the
    missing ones. Returns, per target, the paths too long to store."""
    too_long: list[list[str]] = []
    wanted: dict[str, Redirect] = {}
    for paths, page, link in targets:
        too_long.append([])
        for path in paths:
            old_path = Redirect.normalise_path(quote(path, safe="/?&=;:.-_~%"))
            if len(old_path) > MAX_PATH:
                too_long[-1].append(path)
            else:  # the same old path twice: the last target wins
                wanted[old_path] = Redirect(site=site, old_path=old_path, redirect_page=page,
                                            redirect_link="" if page else link,
                                            is_permanent=True)
    if not wanted:
        return too_long
    stale, kept = [], set()
    for pk, old_path, page_id, link, permanent in Redirect.objects.filter(
            site=site, old_path__in=list(wanted)).values_list(
            "pk", "old_path", "redirect_page_id", "redirect_link", "is_permanent"):
        want = wanted[old_path]
        if (page_id, link, permanent) == (want.redirect_page_id, want.redirect_link, True):
            kept.add(old_path)
        else:
            stale.append(pk)
    if stale:
        Redirect.objects.filter(pk__in=stale).delete()
    Redirect.objects.bulk_create([r for p, r in wanted.items() if p not in kept])
    return too_long
