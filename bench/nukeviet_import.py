"""NukeViet import throughput: articles per second, each with its own image.

Starts a throw-away MariaDB (scripts/services, on a free port, files in a temporary
directory), fills a NukeViet-shaped database with N synthetic articles using multi-row
INSERTs (bodies with an /uploads/ image link, one distinct JPEG per article in the
uploads folder), then runs `import_nukeviet` into a throw-away portal (SQLite, dev
settings) and reports articles per second, then how long the background worker takes to
bring the search and reference indexes up to date; then a second run, which must skip
every row. `--profile FILE` writes a cProfile of the first import (and of the
worker's catch-up to FILE.worker).

    python bench/nukeviet_import.py --articles 50000
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BATCH = 1000
CATEGORIES = 20


def setup_django(workdir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bantin.settings.dev"
    os.environ["BANTIN_VAR_DIR"] = str(workdir)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_site():
    from wagtail.models import Page, Site

    from bantin.units.models import HubHomePage

    root = Page.get_first_root_node()
    home = HubHomePage(title="Trang thông tin điện tử thử nhập", slug="thu-nhap")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(hostname="bench.localhost", port=80, root_page=home,
                        is_default_site=True)


def start_mariadb(directory: Path) -> tuple[dict, int]:
    from bantin.importers.nukeviet.dump import SERVICES, free_port

    port = free_port()
    env = {**os.environ, "BANTIN_SERVICES_DIR": str(directory), "BANTIN_MARIADB_PORT": str(port),
           "BANTIN_MARIADB_USER": "bench", "BANTIN_MARIADB_PASSWORD": "bench"}
    subprocess.run([str(SERVICES), "start", "mariadb"], env=env, check=True,
                   capture_output=True)
    return env, port


def jpeg(n: int) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    img = Image.new("RGB", (160, 90), (n * 37 % 256, n * 91 % 256, n * 13 % 256))
    img.putpixel((n % 160, n // 160 % 90), (255, 255, 255))
    img.save(buf, "JPEG", quality=70)
    return buf.getvalue()


def fill(port: int, uploads: Path, n: int) -> float:
    import pymysql

    from tests.importers.nukeviet.builder import DETAIL_SCHEMA, NEWS_SCHEMA, SCHEMA, _script

    started = time.monotonic()
    conn = pymysql.connect(host="127.0.0.1", port=port, user="bench", password="bench",
                           charset="utf8mb4", autocommit=True)
    cur = conn.cursor()
    cur.execute("CREATE DATABASE nukeviet CHARACTER SET utf8mb4")
    cur.execute("USE nukeviet")
    _script(cur, SCHEMA.format(p="nv4"))
    _script(cur, NEWS_SCHEMA.format(t="nv4_vi_news"))
    _script(cur, DETAIL_SCHEMA.format(t="nv4_vi_news"))
    cur.execute("INSERT INTO nv4_vi_modules (title, module_file, module_data, module_upload, "
                "custom_title, groups_view) VALUES ('news','news','news','news','Tin tức','6')")
    cur.executemany("INSERT INTO nv4_vi_news_cat (catid, parentid, title, alias, status) "
                    "VALUES (%s, 0, %s, %s, 1)",
                    [(c, f"Chuyên mục số {c}", f"chuyen-muc-{c}")
                     for c in range(1, CATEGORIES + 1)])
    folder = uploads / "news" / "bench"
    folder.mkdir(parents=True)
    now = int(time.time())
    for start in range(1, n + 1, BATCH):
        ids = range(start, min(start + BATCH, n + 1))
        rows, details = [], []
        for i in ids:
            (folder / f"anh-{i}.jpg").write_bytes(jpeg(i))
            rows.append((i, i % CATEGORIES + 1, str(i % CATEGORIES + 1),
                         f"Bài viết thử nghiệm số {i} về xây dựng nông thôn mới",
                         f"bai-viet-thu-nghiem-so-{i}", now - i * 600, now - i * 600,
                         now - i * 600, "Sapo của bài viết thử nghiệm.", f"bench/anh-{i}.jpg",
                         "Ảnh minh họa", i % 5000))
            details.append((i, "", "<p>" + "Nội dung bài viết về phát triển kinh tế xã hội. " * 40
                            + f'</p><p><img src="/uploads/news/bench/anh-{i}.jpg"></p>'))
        cur.execute(
            "INSERT INTO nv4_vi_news_rows (id, catid, listcatid, title, alias, addtime, "
            "edittime, publtime, hometext, homeimgfile, homeimgalt, homeimgthumb, hitstotal, "
            "status, allowed_comm, allowed_rating) VALUES "
            + ",".join(["(%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,1,%s,1,'4',1)"] * len(rows)),
            [v for row in rows for v in row])
        cur.execute("INSERT INTO nv4_vi_news_detail (id, description, bodyhtml) VALUES "
                    + ",".join(["(%s,%s,%s)"] * len(details)),
                    [v for row in details for v in row])
    conn.close()
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50000)
    parser.add_argument("--profile", metavar="FILE",
                        help="write a cProfile of the first import here (pstats format), "
                        "and of the worker's catch-up to FILE.worker")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bantin-bench-nukeviet-"))
    env = None
    try:
        setup_django(workdir / "var")
        make_site()
        from django.core.management import call_command

        # The new site's own search jobs (an empty site), run before the import: the
        # worker's figure below is the import's catch-up alone.
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        env, port = start_mariadb(workdir / "services")
        uploads = workdir / "uploads"
        fill_seconds = fill(port, uploads, args.articles)
        url = f"mysql://bench:bench@127.0.0.1:{port}/nukeviet"
        timings = []
        for attempt in range(2):
            out = io.StringIO()
            profiler = cProfile.Profile() if args.profile and attempt == 0 else None
            started = time.monotonic()
            if profiler:
                profiler.enable()
            call_command("import_nukeviet", database=url, uploads=str(uploads),
                         site="bench.localhost", stdout=out, stderr=io.StringIO())
            if profiler:
                profiler.disable()
                profiler.dump_stats(args.profile)
            timings.append(time.monotonic() - started)
            if attempt == 0:
                # The search and reference indexes, caught up by the background worker.
                worker_profiler = cProfile.Profile() if args.profile else None
                started = time.monotonic()
                if worker_profiler:
                    worker_profiler.enable()
                call_command("db_worker", batch=True, startup_delay=False, reload=False,
                             verbosity=0)
                if worker_profiler:
                    worker_profiler.disable()
                    worker_profiler.dump_stats(f"{args.profile}.worker")
                worker_seconds = time.monotonic() - started
        print(json.dumps({
            "articles": args.articles,
            "fill_seconds": round(fill_seconds, 1),
            "import_seconds": round(timings[0], 1),
            "articles_per_second": round(args.articles / timings[0], 1),
            "worker_catch_up_seconds": round(worker_seconds, 1),
            "rerun_seconds": round(timings[1], 1),
            "rerun_rows_per_second": round(args.articles / timings[1], 1),
            "last_summary": out.getvalue().strip().splitlines()[:3],
        }, ensure_ascii=False, indent=2))
    finally:
        if env is not None:
            from bantin.importers.nukeviet.dump import SERVICES

            subprocess.run([str(SERVICES), "stop", "mariadb"], env=env, check=False)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
