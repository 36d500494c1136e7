"""Units at scale: provisioning many units, a unit's article page, a unit editor's admin.

In one throw-away SQLite database and one process (Django's test client, dev settings):

1. provisions a hub and N units with `units.provision.create_unit`, timing each one, and
   reads the process's resident memory (VmRSS) at start, with one unit served, after
   provisioning, and after one request to each unit's home page;
2. serves an article page of the first unit (anonymous, on that unit's host name) while
   the install has only that unit, then again once all N units exist: median and p95
   time and queries per page. Each article request alternates with one to a minimal view
   through the same middleware (an anonymous POST to `/api/session/keepalive/`, 401, no
   query), and each phase also reports its median over that reference's, so a drift in
   the machine's speed between the two phases does not pass for a cost of the units;
3. bulk-inserts articles (computed tree paths, no revisions) until the install holds P
   pages, the units taking turns so each unit's pages are spread over the table as when
   units publish side by side, checks the tree, then times the admin page explorer and
   page chooser as an editor of the first unit (a member of its editors group, not a
   superuser): first request, median and p95 time, queries per request and the most
   repeated statements.

    python bench/units_scale.py                      # 20 units, 12,000 pages: a few minutes
    python bench/units_scale.py --units 170 --pages 100000 --requests 30
    python bench/units_scale.py --units 170 --pages 100000 --profile   # + where time goes

The JSON summary goes to stdout; progress and a short table go to stderr.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import datetime as dt
import gc
import io
import json
import logging
import pstats
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from article_page import QueryLog, setup_django  # noqa: E402
from laws_library import p95  # noqa: E402

HUB_HOST = "hub.bench.vn"
TZ = dt.timezone(dt.timedelta(hours=7))
TARGET_ADMIN_MS = 500


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def rss_mib() -> float:
    """Resident memory of this process now (VmRSS), in MiB."""
    gc.collect()
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def peak_rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def unit_host(i: int) -> str:
    return f"xa-{i:03d}.bench.vn"


def provision(first: int, last: int) -> list[float]:
    """Units first..last (1-based) under the hub; the seconds each one took."""
    from bantin.units.provision import create_unit

    seconds = []
    for i in range(first, last + 1):
        t0 = time.perf_counter()
        result = create_unit(f"Xã Thử Tải {i:03d}", unit_host(i), HUB_HOST)
        seconds.append(time.perf_counter() - t0)
        assert result.created, i
        if i % 20 == 0:
            log(f"  {i} units provisioned")
    return seconds


def news_section(unit):
    from bantin.news.models import CategoryPage
    from bantin.units.provision import NEWS_SECTION

    return CategoryPage.objects.child_of(unit.site.root_page).get(title=NEWS_SECTION)


def add_articles(unit, count: int) -> list[str]:
    """`count` articles published through the importer (revisions, image, tags): the
    paths of their pages on the unit's host."""
    from bantin.demo import images
    from bantin.importers.articles import ArticleRecord, save_article
    from bantin.news.models import ArticlePage
    from bantin.units.provision import NEWS_SECTION

    home = unit.site.root_page.specific
    image = Path(tempfile.mkdtemp()) / "anh.jpg"
    image.write_bytes(images.make_image("mountain", 1))
    start = dt.datetime(2025, 1, 1, 7, 0, tzinfo=TZ)
    for i in range(count):
        body = "".join(
            f"<p>Đoạn {k} của bài {i}: cán bộ và nhân dân trong xã tích cực tham gia phong "
            f"trào xây dựng nông thôn mới, phát triển kinh tế gắn với giữ gìn bản sắc.</p>"
            for k in range(8)
        )
        save_article(ArticleRecord(
            external_id=f"unit-bench-{i}", title=f"Tin xã thử tải số {i}", lead="Sapo thử tải.",
            body_html=body, author="Ban biên tập", source="",
            published_at=start + dt.timedelta(hours=i), category=[NEWS_SECTION],
            tags=["thử tải"], image=image, image_caption="Ảnh thử tải", views=i,
        ), home)
    pages = ArticlePage.objects.descendant_of(home).order_by("-pk")
    return [p.get_url_parts()[2] for p in pages]


def timed(client, path: str, count: int, **extra) -> tuple[list[float], list[str], float]:
    """Samples of `count` repeated requests after a warm-up, the queries of a warm
    request and the time of the first (cold) one."""
    t0 = time.perf_counter()
    response = client.get(path, **extra)
    first = time.perf_counter() - t0
    assert response.status_code == 200, (path, response.status_code)
    client.get(path, **extra)
    with QueryLog() as warm:
        client.get(path, **extra)
    samples = []
    for _ in range(count):
        t0 = time.perf_counter()
        response = client.get(path, **extra)
        samples.append(time.perf_counter() - t0)
        assert response.status_code == 200, (path, response.status_code)
    return samples, warm.queries, first


def figures(samples: list[float], queries: list[str], first: float | None = None) -> dict:
    result = {
        "p50_ms": round(statistics.median(samples) * 1000, 1),
        "p95_ms": round(p95(samples) * 1000, 1),
        "queries": len(queries),
    }
    if first is not None:
        result["first_ms"] = round(first * 1000, 1)
    return result


def reference_ms(client, count: int) -> float:
    """Median of a minimal view through the same middleware (401 JSON, no query)."""
    samples = []
    for _ in range(count):
        t0 = time.perf_counter()
        client.post("/api/session/keepalive/")
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def article_figures(client, unit, paths: list[str], count: int) -> dict:
    """An article page of `unit`, anonymous, on its host name. Each request alternates
    with one to the reference view, so `ratio_to_reference` holds when the machine's speed
    drifts between the two measurements being compared."""
    host = {"HTTP_HOST": unit.site.hostname}
    for path in paths:  # renditions and tree caches, as on a site in use
        client.get(path, **host)
    path = paths[len(paths) // 2]
    samples, queries, _ = timed(client, path, 10, **host)
    samples, reference = [], []
    for _ in range(count):
        t0 = time.perf_counter()
        response = client.get(path, **host)
        samples.append(time.perf_counter() - t0)
        assert response.status_code == 200, (path, response.status_code)
        t0 = time.perf_counter()
        client.post("/api/session/keepalive/")
        reference.append(time.perf_counter() - t0)
    result = figures(samples, queries)
    result["reference_p50_ms"] = round(statistics.median(reference) * 1000, 2)
    result["ratio_to_reference"] = round(statistics.median(samples)
                                         / statistics.median(reference), 1)
    return result


def bulk_articles(category, count: int, serial: int) -> None:
    """`count` live articles under `category`, inserted in batches with computed tree paths
    (no revisions, no search index entries): what the admin lists, not what it renders."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.db.models import F
    from wagtail.models import Page

    from bantin.news.models import ArticlePage

    content_type = ContentType.objects.get_for_model(ArticlePage)
    last = category.get_last_child()
    n0 = Page._str2int(last.path[-Page.steplen:]) if last else 0
    depth = category.depth + 1
    start = dt.datetime(2024, 1, 1, 7, 0, tzinfo=TZ)
    fields = ArticlePage._meta.local_concrete_fields
    with transaction.atomic():
        for offset in range(0, count, 1000):
            pages = []
            for k in range(offset, min(count, offset + 1000)):
                when = start + dt.timedelta(minutes=7 * (serial + k))
                slug = f"tin-hang-loat-{serial + k}"
                title = f"Tin hàng loạt số {serial + k}"
                pages.append(Page(
                    path=Page._get_path(category.path, depth, n0 + k + 1), depth=depth,
                    numchild=0, locale_id=category.locale_id, live=True,
                    has_unpublished_changes=False, first_published_at=when,
                    last_published_at=when, latest_revision_created_at=when, title=title,
                    draft_title=title, slug=slug, content_type=content_type,
                    url_path=f"{category.url_path}{slug}/",
                ))
            Page.objects.bulk_create(pages)
            rows = [
                ArticlePage(page_ptr_id=p.pk, lead="Sapo.", body=[],
                            published_at=p.first_published_at)
                for p in pages
            ]
            # Django refuses bulk_create on multi-table models; insert the child rows only.
            ArticlePage._base_manager._insert(rows, fields=fields, using="default")
        Page.objects.filter(pk=category.pk).update(numchild=F("numchild") + count)


def fill_pages(units, total: int, under_test_count: int | None, chunk: int = 100) -> dict:
    """Bulk articles until the install holds `total` pages, spread evenly over the units'
    news sections (the unit under test, units[0], gets `under_test_count` if given).

    Units take turns, `chunk` articles at a time, so each unit's pages are spread over the
    table as they are when units publish side by side (and the newest are the last rows).
    """
    from wagtail.models import Page

    from bantin.core import content_cache

    missing = max(0, total - Page.objects.count())
    first = min(missing, under_test_count if under_test_count is not None
                else missing // len(units))
    rest = missing - first
    others = len(units) - 1
    left = [first] + [rest // others + (1 if i < rest % others else 0) for i in range(others)] \
        if others else [missing]
    serial = 0
    while any(left):
        for n, unit in enumerate(units):
            count = min(chunk, left[n])
            if count:
                bulk_articles(news_section(unit), count, serial)
                serial += count
                left[n] -= count
        log(f"  {serial} pages inserted")
    content_cache.tree.bump()
    return {"bulk_inserted": missing, "unit_under_test_articles": news_section(units[0])
            .get_children().count()}


def tree_problems(sample) -> dict:
    """Consistency of the whole page tree, checked in SQL (treebeard's `find_problems`
    runs two queries per node), and treebeard's own check below `sample`."""
    from django.db import connection
    from wagtail.models import Page

    checks = {  # the table name is Wagtail's, fixed: no input reaches this SQL
        "wrong_depth": "SELECT COUNT(*) FROM wagtailcore_page WHERE depth * 4 != LENGTH(path)",
        "orphans": "SELECT COUNT(*) FROM wagtailcore_page c WHERE c.depth > 1 AND NOT EXISTS ("
                   "SELECT 1 FROM wagtailcore_page p "
                   "WHERE p.path = SUBSTR(c.path, 1, LENGTH(c.path) - 4))",
        "wrong_numchild": "SELECT COUNT(*) FROM wagtailcore_page p WHERE p.numchild != ("
                          "SELECT COUNT(*) FROM wagtailcore_page c "
                          "WHERE c.path BETWEEN p.path || '0000' AND p.path || 'ZZZZ' "
                          "AND c.depth = p.depth + 1)",
        "duplicate_url_paths": "SELECT COUNT(*) FROM (SELECT url_path FROM wagtailcore_page "
                               "GROUP BY url_path HAVING COUNT(*) > 1)",
    }
    problems = {}
    with connection.cursor() as cursor:
        for name, sql in checks.items():
            cursor.execute(sql)
            problems[name] = cursor.fetchone()[0]
    found = Page.find_problems(parent=sample)
    problems["treebeard_below_sample"] = sum(len(ids) for ids in found)
    return problems


NUMBER_RE = re.compile(r"\b\d+\b|'[^']*'")


def top_statements(queries: list[str], limit: int = 5) -> list[list]:
    """The most repeated statements once literals are blanked: where N+1 patterns show."""
    counts = collections.Counter(NUMBER_RE.sub("?", q)[:200] for q in queries)
    return [[n, sql] for sql, n in counts.most_common(limit)]


def admin_figures(client, unit, count: int) -> tuple[dict, dict]:
    """Explorer and chooser as an editor of `unit`; also the statements of each view."""
    category = news_section(unit)
    home = unit.site.root_page
    cases = {
        "explorer, news section": f"/quan-tri/pages/{category.pk}/",
        "explorer, unit root": f"/quan-tri/pages/{home.pk}/",
        "explorer, /quan-tri/pages/ (redirect followed)": "/quan-tri/pages/",
        "chooser, news section": f"/quan-tri/choose-page/{category.pk}/",
        "chooser, start": "/quan-tri/choose-page/",
    }
    response = client.get(cases["explorer, news section"])
    shown = response.content.decode()
    assert "Tin hàng loạt số" in shown or "Tin xã thử tải" in shown, "explorer lists nothing"
    redirect = client.get("/quan-tri/pages/")
    results, statements = {}, {}
    for name, path in cases.items():
        follow = {"follow": True} if path == "/quan-tri/pages/" else {}
        samples, queries, first = timed(client, path, count, **follow)
        results[name] = figures(samples, queries, first)
        statements[name] = top_statements(queries)
    results["explorer, /quan-tri/pages/ (redirect followed)"]["redirects_to"] = \
        redirect.get("Location")
    return results, statements


def profile(client, path: str, count: int = 5, limit: int = 25) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(
        "wagtail|bantin", limit)
    return out.getvalue()


def table(result: dict) -> str:
    prov = result["provisioning"]
    mem = result["memory_mib"]
    art = result["article_page"]
    lines = [
        f"units: {result['units']}, pages: {result['pages_total']}",
        f"provisioning: {prov['total_s']} s total, {prov['per_unit_ms_mean']} ms/unit mean, "
        f"{prov['per_unit_ms_p95']} ms p95 (first 10: {prov['first_10_ms_mean']} ms, "
        f"last 10: {prov['last_10_ms_mean']} ms)",
        f"memory (RSS): {mem['before']} MiB at start, {mem['one_unit_served']} with one unit "
        f"served, {mem['after_provisioning']} after provisioning, "
        f"{mem['after_serving_every_unit']} after one request per unit",
        "",
        f"{'case':<48} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}",
    ]
    for name, label in (("one_unit", "1 unit"), ("all_units", f"{result['units']} units")):
        row = art[name]
        lines.append(f"{'article page, ' + label:<48} {row['p50_ms']:>8} {row['p95_ms']:>8} "
                     f"{row['queries']:>8}   {row['ratio_to_reference']} x reference")
    for name, row in result["admin_as_unit_editor"].items():
        over = "   over target" if row["p95_ms"] > result["admin_target_ms"] else ""
        lines.append(f"{name:<48} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['queries']:>8}"
                     f"{over}")
    lines.append(f"article page, all units / one unit: {art['p50_ratio']} (p50), "
                 f"{art['reference_ratio_change']} (p50 over the reference view's)")
    lines.append(f"reference view p50: {result['reference_ms_median']} ms")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[2:]),
    )
    parser.add_argument("--units", type=int, default=20,
                        help="units provisioned below the hub (default 20; full size 170)")
    parser.add_argument("--pages", type=int, default=12_000,
                        help="pages in the whole install after bulk insertion (default 12,000; "
                             "full size 100,000)")
    parser.add_argument("--requests", type=int, default=30,
                        help="timed requests per case (default 30)")
    parser.add_argument("--page-requests", type=int, default=200,
                        help="timed article-page requests per phase (default 200)")
    parser.add_argument("--unit-articles", type=int, default=None,
                        help="bulk articles in the tested unit's news section (default: an "
                             "even share)")
    parser.add_argument("--profile", action="store_true",
                        help="print a cProfile of the explorer to stderr")
    parser.add_argument("--keep", action="store_true",
                        help="keep the throw-away database (its directory is printed)")
    args = parser.parse_args()
    if args.units < 1:
        parser.error("--units must be at least 1")

    workdir = Path(tempfile.mkdtemp(prefix="bantin-bench-units-"))
    setup_django(workdir)
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the reference's 401s
    from django.contrib.auth import get_user_model
    from django.test import Client
    from wagtail.models import Page

    from bantin.units.models import Unit
    from bantin.units.provision import create_unit

    client = Client()
    client.get("/")  # import and URL-resolver warm-up before the first memory reading
    memory = {"before": rss_mib()}

    log("provisioning the hub and the first unit")
    t0 = time.perf_counter()
    create_unit("Huyện Thử Tải", HUB_HOST)
    hub_seconds = time.perf_counter() - t0
    unit_seconds = provision(1, 1)
    first_unit = Unit.objects.get(site__hostname=unit_host(1))
    paths = add_articles(first_unit, 6)

    log("article page with one unit")
    one_unit = article_figures(client, first_unit, paths, args.page_requests)
    memory["one_unit_served"] = rss_mib()

    log(f"provisioning units 2..{args.units}")
    unit_seconds += provision(2, args.units)
    memory["after_provisioning"] = rss_mib()
    units = list(Unit.objects.filter(parent__isnull=False).select_related("site")
                 .order_by("site__hostname"))
    for unit in units:
        response = client.get("/", HTTP_HOST=unit.site.hostname)
        assert response.status_code == 200, unit.site.hostname
    memory["after_serving_every_unit"] = rss_mib()

    log(f"article page with {args.units} units")
    all_units = article_figures(client, first_unit, paths, args.page_requests)

    log(f"bulk-inserting pages up to {args.pages}")
    t0 = time.perf_counter()
    filled = fill_pages(units, args.pages, args.unit_articles)
    fill_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    problems = tree_problems(news_section(units[0]))
    check_seconds = time.perf_counter() - t0
    assert not any(problems.values()), problems

    log("admin as an editor of the first unit")
    editor = get_user_model().objects.create_user("bientap-xa-001")
    editor.groups.add(first_unit.editors)
    admin_client = Client()
    admin_client.force_login(editor)
    admin, statements = admin_figures(admin_client, first_unit, args.requests)
    memory["peak"] = peak_rss_mib()

    ms = [s * 1000 for s in unit_seconds]
    result = {
        "units": args.units,
        "pages_total": Page.objects.count(),
        "requests": args.requests,
        "provisioning": {
            "hub_ms": round(hub_seconds * 1000, 1),
            "total_s": round(sum(unit_seconds), 1),
            "per_unit_ms_mean": round(statistics.mean(ms), 1),
            "per_unit_ms_p95": round(p95(ms), 1) if len(ms) >= 20 else round(max(ms), 1),
            "first_10_ms_mean": round(statistics.mean(ms[:10]), 1),
            "last_10_ms_mean": round(statistics.mean(ms[-10:]), 1),
        },
        "memory_mib": memory,
        "article_page": {
            "host": unit_host(1),
            "one_unit": one_unit,
            "all_units": all_units,
            "p50_ratio": round(all_units["p50_ms"] / one_unit["p50_ms"], 2),
            "reference_ratio_change": round(all_units["ratio_to_reference"]
                                            / one_unit["ratio_to_reference"], 2),
        },
        "pages": {**filled, "fill_s": round(fill_seconds, 1),
                  "tree_check_s": round(check_seconds, 1), "tree_problems": problems},
        "admin_as_unit_editor": admin,
        "admin_target_ms": TARGET_ADMIN_MS,
        "reference_ms_median": round(reference_ms(client, args.requests) * 1000, 2),
        "admin_top_statements": statements,
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    log("")
    log(table(result))
    if args.profile:
        category = news_section(first_unit)
        log(profile(admin_client, f"/quan-tri/pages/{category.pk}/"))
    if args.keep:
        log(f"database kept in {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
