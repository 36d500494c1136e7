"""One import run: users, then per news instance categories, articles and comments, then
laws instances, then the site's total visits."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from wagtail.models import Site

from bantin.core.progress import Progress
from bantin.importers.bulk import deferred_upkeep

from .articles import ArticleImporter
from .categories import import_categories
from .comments import import_comments
from .counters import import_visits
from .laws import LawImporter
from .media import Media
from .report import Report
from .source import Database, SourceError
from .state import State
from .users import import_users

USER_MODES = ("import", "reset", "skip")


@dataclass
class Context:
    db: Database
    site: Site
    media: Media
    state: State
    report: Report
    dry_run: bool
    #: Rows changed in NukeViet overwrite what was edited here since the last run.
    overwrite_edits: bool = False


def find_site(hostname: str) -> Site:
    site = Site.objects.filter(hostname=hostname).select_related("root_page").first()
    if site is None:
        raise SourceError(f"Không có trang nào với tên miền {hostname!r} (--site).")
    return site


def check_uploads(uploads) -> Path:
    path = Path(uploads)
    if not path.is_dir():
        raise SourceError(f"Không thấy thư mục uploads: {uploads}")
    return path


def run_import(db: Database, site: Site, uploads: Path, *, dry_run: bool = False,
               users: str = "skip", overwrite_edits: bool = False, out=None) -> Report:
    if users not in USER_MODES:
        raise SourceError(f"--users phải là một trong {', '.join(USER_MODES)}")
    report = Report(dry_run=dry_run)
    ctx = Context(db=db, site=site, media=Media(uploads, site), state=State(db.key),
                  report=report, dry_run=dry_run, overwrite_edits=overwrite_edits)
    news, laws = db.modules("news"), db.modules("laws")
    if not news and not laws:
        raise SourceError(f"Không thấy module tin tức (news) hay văn bản (laws) nào trong "
                          f"{db.table('modules')}.")
    if users != "skip":
        import_users(ctx, users)
    article_jobs = []
    for index, module in enumerate(news):
        categories = import_categories(ctx, module, first=index == 0)
        cat_table = db.table(f"{module.data}_cat")
        aliases = ({int(r["catid"]): r["alias"] for r in db.rows(
            f"SELECT catid, alias FROM `{cat_table}`")} if db.has(cat_table) else {})
        article_jobs.append((module, ArticleImporter(ctx, module, categories, aliases)))
    law_jobs = [LawImporter(ctx, module) for module in laws]
    total = sum(job.total() for _, job in article_jobs) + sum(j.total() for j in law_jobs)
    progress = Progress(out, total) if out is not None else None
    done = 0

    def tick():
        nonlocal done
        done += 1
        if progress is not None:
            progress(done)

    upkeep = nullcontext() if dry_run else deferred_upkeep(
        site, source=db.key, summary=report.summary)
    with upkeep:
        for module, job in article_jobs:
            job.run(tick)
            import_comments(ctx, module)
        for job in law_jobs:
            job.run(tick)
        import_visits(ctx, news)
    if progress is not None:
        seconds = progress.seconds
        rate = done / seconds if seconds else 0
        out.write(f"\n{done} dòng trong {seconds:.1f} s ({rate:.0f}/s).")
    return report
