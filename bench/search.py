"""Search under load: N generated articles, query latency and index build rate.

Fills a throw-away database with N search entries written from the demo's own
Vietnamese paragraphs (shuffled sentences, so word frequencies are realistic), as the
indexer stores them (original and folded text), then times searches through
`bantin.search.engine` — the number lookup, the count, matching, ranking of the best
100 and the first page of 10 with highlighted titles and snippets — for 1-, 2- and
4-word queries, phrases and document numbers. Pages are not created: this measures the
index, not Wagtail.

    python bench/search.py --articles 100000 --repeat 20
    python bench/search.py --articles 1000000 --build fast --keep var/bench-search-1m
    python bench/search.py --articles 100000 --database-url postgres://u:p@127.0.0.1:5432/db

`--build entries` (the default) saves entries through the ORM with `_entry_fields`, as
the indexer does (folding every text; the index is updated row by row). `--build fast`
folds each distinct sentence once, writes rows with one multi-row statement per batch
with the full-text index switched off, then builds the index in one pass: it is how a
1,000,000-entry index is made in minutes. Both report their rate.

`--database-url` runs the same bench on PostgreSQL: the database must be a throw-away
one (its search entries and sites are replaced). `--keep DIR` keeps the SQLite database
in DIR and reuses it when it already holds the entries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from article_page import setup_django  # noqa: E402

QUERIES = {
    "1 word": ["chè", "thuy loi", "đảng", "ocop", "lúa", "truyen", "hoc sinh", "rừng"],
    "2 words": ["nông thôn", "dang vien", "thủy lợi", "chi bo", "y tế", "mã QR"],
    "4 words": ["nong thon moi xa", "xây dựng đảng bộ", "truyền thanh cơ sở xã",
                "phòng cháy chữa cháy"],
    "phrase": ['"nông thôn mới"', '"chi bo ban"', '"truyền thanh cơ sở"', '"kenh thuy loi"'],
    # Three numbers that exist (every 20th entry is a document) and one that does not.
    "number": ["120/2010/QĐ-UBND", "880/2020/qđ-ubnd", "99980 / 2015 / QĐ-UBND",
               "99999/2020/QĐ-UBND"],
}


def sentences() -> list[str]:
    from bantin.demo import content

    found = []
    for article in content.ARTICLES:
        for paragraph in [article["lead"], *article["paragraphs"]]:
            found += [s.strip() for s in re.split(r"(?<=[.;])\s+", paragraph) if s.strip()]
    return found


def _site():
    from wagtail.models import Page, Site

    from bantin.units.models import HubHomePage

    Site.objects.all().delete()
    root = Page.get_first_root_node()
    home = HubHomePage(title="Trang thông tin điện tử thử tải", slug=f"thu-tai-{time.time_ns()}")
    root.add_child(instance=home)
    home.save_revision().publish()
    return Site.objects.create(hostname="testserver", root_page=home, is_default_site=True)


def _generated(n: int, rng: random.Random):
    """(i, title, lead sentences, body sentences, is document, number) for each entry."""
    pool = sentences()
    for i in range(n):
        title = rng.choice(pool).rstrip(".;")[:150]
        lead = rng.sample(pool, 2)
        body = rng.sample(pool, 12)
        yield i, title, lead, body, i % 20 == 0, f"{i}/{2010 + i % 15}/QĐ-UBND"


START = dt.datetime(2015, 1, 1, tzinfo=dt.UTC)


def fill(n: int, rng: random.Random) -> float:
    """Create n entries through the ORM as the indexer does; returns the seconds it took."""
    from bantin.search.indexing import _entry_fields
    from bantin.search.models import Kind, SearchEntry

    site = _site()
    batch = []
    began = time.perf_counter()
    for i, title, lead, body, document, number in _generated(n, rng):
        batch.append(SearchEntry(
            kind=Kind.DOCUMENT if document else Kind.ARTICLE, object_id=i, site=site,
            unit_name="Huyện thử tải", date=START + dt.timedelta(minutes=37 * i),
            path=f"/bai/{i}/", number_key=number.upper() if document else "",
            **_entry_fields(f"Quyết định {number}: {title}" if document else title,
                            " ".join(lead), " ".join(body)),
        ))
        if len(batch) == 2000:
            SearchEntry.objects.bulk_create(batch)
            batch = []
    SearchEntry.objects.bulk_create(batch)
    return time.perf_counter() - began


def fill_fast(n: int, rng: random.Random) -> tuple[float, float]:
    """Create n entries with raw multi-row inserts and the full-text index built afterwards;
    returns (seconds writing rows, seconds building the index)."""
    from django.db import connection, transaction

    from bantin.core import text
    from bantin.search import backend
    from bantin.search.indexing import folded_tokens
    from bantin.search.models import Kind

    site = _site()
    folded: dict[str, str] = {}

    def fold(s: str) -> str:
        if s not in folded:
            folded[s] = folded_tokens(s).strip()
        return folded[s]

    def joined(parts: list[str]) -> str:
        inner = " ".join(p for p in map(fold, parts) if p)
        return f" {inner} " if inner else ""

    columns = ("kind", "object_id", "site_id", "unit_name", "title", "lead", "body",
               "title_folded", "lead_folded", "body_folded", "number_key", "date", "path")
    per_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    adapt = connection.ops.adapt_datetimefield_value

    def write(rows: list[tuple]) -> None:
        sql = (f"INSERT INTO portal_search_entry ({', '.join(columns)}) VALUES "  # noqa: S608
               + ", ".join([per_row] * len(rows)))
        with connection.cursor() as cursor:
            cursor.execute(sql, [v for row in rows for v in row])

    began = time.perf_counter()
    with transaction.atomic():
        backend.suspend_index(connection)
        rows = []
        for i, title, lead, body, document, number in _generated(n, rng):
            title = text.nfc(title)
            shown = f"Quyết định {number}: {title}" if document else title
            title_folded = joined([f"Quyết định {number}:", title] if document else [title])
            rows.append((
                Kind.DOCUMENT if document else Kind.ARTICLE, i, site.pk, "Huyện thử tải",
                shown, text.nfc(" ".join(lead)), text.nfc(" ".join(body)),
                title_folded, joined(lead), joined(body),
                number.upper() if document else "",
                adapt(START + dt.timedelta(minutes=37 * i)), f"/bai/{i}/",
            ))
            if len(rows) == 200:
                write(rows)
                rows = []
        if rows:
            write(rows)
    loaded = time.perf_counter()
    with transaction.atomic():
        backend.resume_index(connection)
    backend.optimize(connection)
    return loaded - began, time.perf_counter() - loaded


def time_queries(queries: list[str], repeat: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each search (CPU: this process only, so on a busy
    machine it shows the search's own cost; SQLite runs in this process)."""
    from wagtail.models import Site

    from bantin.search import engine
    from bantin.search.highlight import highlight
    from bantin.search.query import parse

    scope = engine.Scope(site_ids=tuple(Site.objects.values_list("pk", flat=True)))
    timings, cpu = [], []
    for _ in range(repeat):
        for raw in queries:
            began, began_cpu = time.perf_counter(), time.process_time()
            query = parse(raw)
            results = engine.SearchResults(query, scope)
            entries = results[:10]
            for entry in entries:
                highlight(entry.title, query)
            engine.snippets(entries, query)
            results.count()
            timings.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
    return timings, cpu


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def setup(workdir: Path, database_url: str) -> None:
    if not database_url:
        setup_django(workdir)
        return
    os.environ["DJANGO_SETTINGS_MODULE"] = "bantin.settings.dev"
    os.environ["BANTIN_VAR_DIR"] = str(workdir)
    import dj_database_url
    from django.conf import settings

    settings.DATABASES = {"default": dj_database_url.parse(database_url)}
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def existing_entries() -> int:
    from bantin.search.models import SearchEntry

    return SearchEntry.objects.count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--build", choices=("entries", "fast"), default="entries")
    parser.add_argument("--database-url", default="",
                        help="a throw-away PostgreSQL database (default: SQLite)")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the SQLite database here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        setup(workdir, args.database_url)
        from django.db import connection

        have = existing_entries()
        if args.keep and have == args.articles:
            print(f"entries: {have} (reused)")
        elif args.build == "fast":
            rows, index = fill_fast(args.articles, random.Random(11))
            print(f"entries: {args.articles}  rows: {rows:.1f} s "
                  f"({args.articles / rows:.0f}/s)  index: {index:.1f} s "
                  f"({args.articles / index:.0f} entries/s)  [{connection.vendor}, fast]")
        else:
            seconds = fill(args.articles, random.Random(11))
            print(f"entries: {args.articles}  build: {seconds:.1f} s "
                  f"({args.articles / seconds:.0f} entries/s)  [{connection.vendor}]")
        time_queries([q for qs in QUERIES.values() for q in qs], 1)  # warm the caches
        for label, queries in QUERIES.items():
            wall, cpu = time_queries(queries, args.repeat)
            print(f"{label:>8}: p50 {statistics.median(wall):6.1f} ms  p95 {p95(wall):6.1f} ms"
                  f"   cpu p50 {statistics.median(cpu):6.1f} ms  p95 {p95(cpu):6.1f} ms",
                  flush=True)


if __name__ == "__main__":
    main()
