"""Uncached article-page cost: wall time per request and SQL queries per page.

Fills a throw-away database with N articles, then renders article pages through
Django's test client in this process. Time is reported as a ratio against a reference
run in the same process (a minimal Django view through the same middleware), so the
figure means the same thing on a fast or a slow machine.

    python bench/article_page.py --articles 300 --requests 100
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django(workdir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bantin.settings.dev"
    os.environ["BANTIN_VAR_DIR"] = str(workdir)
    # Uncached means Django renders every request: the page cache stays out of it.
    os.environ["BANTIN_PAGE_CACHE"] = "0"
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill(n: int) -> list[str]:
    from wagtail.models import Page, Site

    from bantin.demo import images
    from bantin.importers.articles import ArticleRecord, save_article
    from bantin.units.models import HubHomePage

    root = Page.get_first_root_node()
    home = HubHomePage(title="Trang thông tin điện tử thử tải", slug="thu-tai")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    tmp = Path(tempfile.mkdtemp())
    image = tmp / "anh.jpg"
    image.write_bytes(images.make_image("mountain", 1))
    start = dt.datetime(2025, 1, 1, 7, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    categories = ["Tin tức/Xây dựng Đảng", "Tin tức/Kinh tế - Xã hội", "Văn hóa - Xã hội"]
    for i in range(n):
        body = "".join(
            f"<p>Đoạn {k} của bài {i}: cán bộ và nhân dân trong huyện tích cực tham gia phong "
            f"trào xây dựng nông thôn mới, phát triển kinh tế gắn với giữ gìn bản sắc.</p>"
            for k in range(8)
        )
        save_article(ArticleRecord(
            external_id=f"bench-{i}", title=f"Bài viết thử tải số {i}", lead="Sapo thử tải.",
            body_html=body, author="Ban biên tập", source="", published_at=start
            + dt.timedelta(hours=i), category=categories[i % 3].split("/"),
            tags=["thử tải"], image=image, image_caption="Ảnh thử tải", views=i,
        ), home)
    from bantin.news.models import ArticlePage

    return [p.url for p in ArticlePage.objects.live().order_by("-pk")[:20]]


class QueryLog:
    """Every SQL statement run while active (Django's own query log is reset per request)."""

    def __enter__(self):
        from django.db import connection

        self.queries: list[str] = []
        self._cm = connection.execute_wrapper(self._record)
        self._cm.__enter__()
        return self

    def _record(self, execute, sql, params, many, context):
        self.queries.append(sql)
        return execute(sql, params, many, context)

    def __exit__(self, *exc):
        self._cm.__exit__(*exc)


def timed(client, path: str, count: int) -> list[float]:
    samples = []
    for _ in range(count):
        t0 = time.perf_counter()
        response = client.get(path)
        samples.append(time.perf_counter() - t0)
        assert response.status_code == 200, (path, response.status_code)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bantin-bench-"))
    setup_django(workdir)
    from django.test import Client

    t0 = time.perf_counter()
    urls = fill(args.articles)
    fill_seconds = time.perf_counter() - t0
    client = Client()
    # The first view of a page builds its image renditions (work that belongs at publish
    # time); "queries_first_view" shows that cost, "queries_per_page" the steady state.
    with QueryLog() as cold:
        client.get(urls[0])
    for url in urls:
        client.get(url)
    with QueryLog() as warm:
        client.get(urls[1])
    article = timed(client, urls[2], args.requests)
    # Reference: a minimal view through the same middleware stack (401 JSON, no database).
    reference = []
    for _ in range(args.requests):
        t = time.perf_counter()
        client.post("/api/session/keepalive/")
        reference.append(time.perf_counter() - t)
    result = {
        "articles": args.articles,
        "fill_seconds": round(fill_seconds, 1),
        "queries_first_view": len(cold.queries),
        "queries_per_page": len(warm.queries),
        "article_ms_median": round(statistics.median(article) * 1000, 2),
        "reference_ms_median": round(statistics.median(reference) * 1000, 2),
        "ratio_to_reference": round(statistics.median(article) / statistics.median(reference), 1),
        "queries": [q[:160] for q in warm.queries],
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
