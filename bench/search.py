"""Search under load: N generated articles, query latency and index build rate.

Fills a throw-away SQLite database with N search entries written from the demo's own
Vietnamese paragraphs (shuffled sentences, so word frequencies are realistic), as the
indexer stores them (original and folded text; the FTS5 triggers index them), then
times searches through `bantin.search.engine` — the number lookup, matching, ranking of
the best 100 and the first page of 10 — for 1-, 2- and 4-word queries, phrases and
document numbers. Pages are not created: this measures the index, not Wagtail.

    python bench/search.py --articles 100000 --repeat 50
"""

from __future__ import annotations

import argparse
import datetime as dt
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


def fill(n: int, rng: random.Random) -> float:
    """Create n entries; returns the seconds it took."""
    from wagtail.models import Page, Site

    from bantin.search.indexing import _entry_fields
    from bantin.search.models import Kind, SearchEntry
    from bantin.units.models import HubHomePage

    root = Page.get_first_root_node()
    home = HubHomePage(title="Trang thông tin điện tử thử tải", slug="thu-tai")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    site = Site.objects.create(hostname="testserver", root_page=home, is_default_site=True)
    pool = sentences()
    start = dt.datetime(2015, 1, 1, tzinfo=dt.UTC)
    batch = []
    began = time.perf_counter()
    for i in range(n):
        title = rng.choice(pool).rstrip(".;")[:150]
        lead = " ".join(rng.sample(pool, 2))
        body = " ".join(rng.sample(pool, 12))
        document = i % 20 == 0
        number = f"{i}/{2010 + i % 15}/QĐ-UBND"
        batch.append(SearchEntry(
            kind=Kind.DOCUMENT if document else Kind.ARTICLE, object_id=i, site=site,
            unit_name="Huyện thử tải", date=start + dt.timedelta(minutes=37 * i),
            path=f"/bai/{i}/", number_key=number.upper() if document else "",
            **_entry_fields(f"Quyết định {number}: {title}" if document else title, lead, body),
        ))
        if len(batch) == 2000:
            SearchEntry.objects.bulk_create(batch)
            batch = []
    SearchEntry.objects.bulk_create(batch)
    return time.perf_counter() - began


def time_queries(queries: list[str], repeat: int) -> list[float]:
    from wagtail.models import Site

    from bantin.search import engine
    from bantin.search.highlight import highlight, snippet
    from bantin.search.query import parse

    scope = engine.Scope(site_ids=tuple(Site.objects.values_list("pk", flat=True)))
    timings = []
    for _ in range(repeat):
        for raw in queries:
            began = time.perf_counter()
            query = parse(raw)
            results = engine.SearchResults(query, scope)
            for entry in results[:10]:
                highlight(entry.title, query)
                snippet(f"{entry.lead} {entry.body}", query)
            results.count()
            timings.append((time.perf_counter() - began) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        setup_django(Path(workdir))
        seconds = fill(args.articles, random.Random(11))
        print(f"entries: {args.articles}  build: {seconds:.1f} s "
              f"({args.articles / seconds:.0f} entries/s)")
        for label, queries in QUERIES.items():
            timings = time_queries(queries, args.repeat)
            p95 = statistics.quantiles(timings, n=20)[-1]
            print(f"{label:>8}: p50 {statistics.median(timings):6.1f} ms  p95 {p95:6.1f} ms")


if __name__ == "__main__":
    main()
