"""Load on the production stack: nginx, gunicorn, PostgreSQL, Redis and the worker, with wrk.

Starts the production configuration on its own ports and data directory (`scripts/prod`),
loads the demo into it once, then measures, in one run on this machine:

- nginx serving a static copy of an article's HTML (the limit of this machine);
- the article from the page cache, the article rendered by Django (uncached), the home page,
  a category page, a search and a document download, at 32 and 256 connections:
  requests/s, p50, p99, errors, and each as a ratio to the static copy;
- SQL queries per uncached page, worker memory (RSS; PSS and USS beside it) of the public
  pool that serves the pages (the admin pool's beside it), bytes transferred for an
  article page (HTML, CSS, JS, gzip; images apart);
- with `--stress`: 2,000 connections on cached pages and 500 on a mix of uncached pages,
  each for 60 s: errors and p99.

    .venv/bin/python bench/load.py                  # the figures for docs/performance.md
    .venv/bin/python bench/load.py --stress         # and the two long runs
    .venv/bin/python bench/load.py --keep           # leave the stack running afterwards

Targets are checked at the end; a missed target is printed with the factor it is missed by.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = os.environ.get("BANTIN_PYTHON", str(ROOT / ".venv" / "bin" / "python"))

REPORT_LUA = r"""
local paths = {}
local counter = 0
function init(args)
  for i, p in ipairs(args) do paths[i] = p end
end
function request()
  if #paths == 0 then return wrk.format() end
  counter = counter + 1
  return wrk.format(nil, paths[(counter % #paths) + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"bytes":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout, summary.bytes))
end
"""


WARM_UP_SECONDS = 2


def run(cmd: list[str], env: dict | None = None, check: bool = True, **kw):
    return subprocess.run(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, check=check,
                          text=True, capture_output=True, **kw)


class Stack:
    """`scripts/prod` on the bench's own ports and directory."""

    def __init__(self, http_port: int, app_port: int, pg_port: int, redis_port: int,
                 directory: Path, workers: int | None):
        self.http = f"http://127.0.0.1:{http_port}"
        self.env = {
            "BANTIN_HTTP_PORT": str(http_port), "BANTIN_APP_PORT": str(app_port),
            "BANTIN_ADMIN_PORT": str(app_port + 1),
            "BANTIN_PG_PORT": str(pg_port), "BANTIN_REDIS_PORT": str(redis_port),
            "BANTIN_PROD_DIR": str(directory), "BANTIN_PYTHON": PY,
            # Its own PostgreSQL and Redis data, next to the rest of the bench's files.
            "BANTIN_SERVICES_DIR": str(directory / "services"),
        }
        if workers:
            self.env["GUNICORN_WORKERS"] = str(workers)
        self.directory = directory

    def start(self) -> None:
        # Each run starts with empty logs: nginx logs every page it answers, gigabytes per
        # run at these rates, and a log grown by earlier runs only adds disk work to this one.
        for log in (self.directory / "log").glob("*.log"):
            log.unlink()
        result = run(["scripts/prod", "start"], self.env, check=False)
        if result.returncode:
            sys.exit(f"scripts/prod start failed:\n{result.stderr[-3000:]}")

    def stop(self) -> None:
        run(["scripts/prod", "stop"], self.env, check=False)

    def manage_python(self, code: str) -> str:
        env = dict(self.env)
        for line in (self.directory / "env").read_text().splitlines():
            if "=" in line and not line.startswith("#"):
                key, value = line.split("=", 1)
                env[key] = value
        result = run([PY, "-m", "bantin", "shell", "-c", code], env, check=False)
        if result.returncode:
            sys.exit(f"shell failed:\n{result.stderr[-3000:]}")
        return result.stdout.strip().splitlines()[-1]

    def gunicorn_memory_mb(self) -> dict:
        """RSS of the master and of each worker (the target's measure), and beside it each
        worker's PSS (shared pages divided among the processes sharing them) and USS (pages
        of its own): with the application preloaded in the master, RSS counts in full the
        pages a worker shares with the master and the other workers.

        The workers that serve the pages measured are the public pool's (`web`); the admin
        pool's (`admin`, which nobody used during the run) are reported beside them."""
        report: dict = {}
        for pool, prefix in (("web", ""), ("admin", "admin_")):
            master = int((self.directory / "run" / f"{pool}.pid").read_text().strip())
            children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
            for key in ("rss", "pss", "uss"):
                report[f"{prefix}worker_{key}_mb"] = []
            for pid in children:
                sizes = _memory_kb(pid)
                report[f"{prefix}worker_rss_mb"].append(round(sizes["Rss"] / 1024, 1))
                report[f"{prefix}worker_pss_mb"].append(round(sizes["Pss"] / 1024, 1))
                report[f"{prefix}worker_uss_mb"].append(
                    round((sizes["Private_Clean"] + sizes["Private_Dirty"]) / 1024, 1))
            report[f"{prefix}master_rss_mb"] = round(_memory_kb(master)["Rss"] / 1024, 1)
        return report


def _memory_kb(pid) -> dict:
    """/proc/<pid>/smaps_rollup: Rss, Pss, Private_Clean, Private_Dirty... in kB."""
    sizes = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, _, value = line.partition(":")
        sizes[name] = int(value.split()[0])
    return sizes


TARGETS_CODE = r"""
import json
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.db import connection
from wagtail.models import Site
from bantin.news.models import ArticlePage, CategoryPage
from bantin.laws.models import LegalAttachment
site = Site.objects.get(is_default_site=True)
root = site.root_page
article = next(
    a for a in ArticlePage.objects.live().filter(featured_image__isnull=False)
    .order_by("-first_published_at") if a.get_url_parts()[0] == site.pk
)
category = CategoryPage.objects.live().child_of(root).first()
attachment = LegalAttachment.objects.filter(document__site=site).order_by("pk").first()
paths = {
    "article": article.get_url_parts()[2],
    "home": "/",
    "category": category.get_url_parts()[2],
    "search": "/tim-kiem/?q=nong+thon+moi",
    "download": attachment.get_download_url() if attachment else "",
}
client = Client(HTTP_HOST=site.hostname)
queries = {}
for name in ("article", "home", "category", "search"):
    sep = "&" if "?" in paths[name] else "?"
    # Warm the derived caches, as a running site has them. A query string keeps the page
    # cache out of it, so these views are rendered by Django as the measured one is.
    client.get(paths[name] + sep + "b=0")
    with CaptureQueriesContext(connection) as ctx:
        client.get(paths[name] + sep + "b=1")
    queries[name] = len(ctx.captured_queries)
print(json.dumps({"paths": paths, "queries": queries, "host": site.hostname}))
"""


def raise_file_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))


def wrk(url: str, connections: int, seconds: int, paths: list[str] | None = None,
        host: str | None = None) -> dict:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(REPORT_LUA)
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
           "-s", str(script), "-H", "Accept-Encoding: gzip"]
    if host:
        cmd += ["-H", f"Host: {host}"]
    cmd.append(url)
    if paths:
        cmd += ["--", *paths]
    out = subprocess.run(cmd, text=True, capture_output=True, preexec_fn=raise_file_limit,
                         check=False)
    script.unlink()
    match = re.search(r"JSON(\{.*\})", out.stdout)
    if not match:
        raise RuntimeError(f"wrk gave no summary: {out.stdout}\n{out.stderr}")
    data = json.loads(match.group(1))
    errors = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
    return {
        "rps": round(data["requests"] / (data["duration_us"] / 1e6), 1),
        "p50_ms": round(data["p50_us"] / 1000, 2),
        "p99_ms": round(data["p99_us"] / 1000, 2),
        "errors": errors,
        "requests": data["requests"],
        "error_detail": {k: data[k] for k in ("connect", "read", "write", "status", "timeout")},
    }


def fetch(url: str, host: str | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, headers={**(headers or {}),
                                                   **({"Host": host} if host else {})})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def page_weight(base: str, path: str, host: str) -> dict:
    """Bytes on the wire for the page and the CSS/JS it links (gzip), images apart."""
    status, headers, body = fetch(base + path, host, {"Accept-Encoding": "gzip"})
    html = gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body
    total = {"html": len(body)}
    assets = re.findall(rb'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    assets += re.findall(rb'<script[^>]+src="([^"]+)"', html)
    for asset in assets:
        url = asset.decode()
        if url.startswith("/"):
            _, _, data = fetch(base + url, host, {"Accept-Encoding": "gzip"})
            total[url] = len(data)
    total["total"] = sum(v for k, v in total.items())
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", default="32,256")
    parser.add_argument("--rounds", type=int, default=5,
                        help="alternating rounds of the static copy and the cached page")
    parser.add_argument("--stress", action="store_true")
    parser.add_argument("--keep", action="store_true", help="leave the stack running")
    parser.add_argument("--http-port", type=int, default=8090)
    parser.add_argument("--app-port", type=int, default=8190)
    parser.add_argument("--pg-port", type=int, default=int(os.environ.get("BANTIN_PG_PORT", 54329)))
    parser.add_argument("--redis-port", type=int,
                        default=int(os.environ.get("BANTIN_REDIS_PORT", 63799)))
    parser.add_argument("--workers", type=int, default=None,
                        help="gunicorn workers (default: deploy/gunicorn.conf.py)")
    parser.add_argument("--dir", default=str(ROOT / "var" / "bench-prod"))
    args = parser.parse_args()

    run(["scripts/services", "install", "wrk", "nginx", "postgres", "redis"])
    stack = Stack(args.http_port, args.app_port, args.pg_port, args.redis_port,
                  Path(args.dir), args.workers)
    stack.start()
    try:
        report = measure(stack, args)
    finally:
        if not args.keep:
            stack.stop()
    print(json.dumps(report, ensure_ascii=False, indent=2))
    check_targets(report)


def measure(stack: Stack, args) -> dict:
    info = json.loads(stack.manage_python(TARGETS_CODE))
    paths, host = info["paths"], info["host"]
    base = stack.http

    # The static copy: the article's HTML as nginx serves any file.
    _, _, html = fetch(base + paths["article"] + "?b=static", host)
    static_dir = stack.directory / "data" / "static" / "bench"
    static_dir.mkdir(parents=True, exist_ok=True)
    (static_dir / "article.html").write_bytes(html)
    # Compressed once, as the page cache stores its pages (nginx's gzip_static sends it).
    (static_dir / "article.html.gz").write_bytes(gzip.compress(html, 6))

    # Warm the page cache for the cached case (two anonymous views).
    for _ in range(2):
        fetch(base + paths["article"], host)

    cases = {
        "static copy (nginx)": "/static/bench/article.html",
        "article, cached": paths["article"],
        "article, uncached": paths["article"] + "?b=1",
        "home, uncached": "/?b=1",
        "category, uncached": paths["category"] + "?b=1",
        "search": paths["search"],
    }
    if paths.get("download"):
        cases["document download"] = paths["download"]
    results: dict = {}
    # The two nginx cases are tens of thousands of requests a second, where this machine's
    # speed drifts by a fifth from one run to the next: they are measured in alternating
    # rounds and each keeps its median round, so their ratio compares like with like.
    alternating = ("static copy (nginx)", "article, cached")
    for connections in [int(c) for c in args.connections.split(",")]:
        rounds: dict = {name: [] for name in alternating}
        for _ in range(args.rounds):
            for name in alternating:
                rounds[name].append(wrk(base + cases[name], connections,
                                        max(2, args.seconds // 2), host=host))
        for name, path in cases.items():
            if name in alternating:
                ordered = sorted(rounds[name], key=lambda r: r["rps"])
                result = {**ordered[len(ordered) // 2], "rounds": [r["rps"] for r in ordered]}
            else:
                # Every worker process keeps its own memory of fragments and templates: a
                # short unrecorded run first, so the figure is the steady state (as the
                # cached case is measured with its page already stored).
                wrk(base + path, connections, WARM_UP_SECONDS, host=host)
                result = wrk(base + path, connections, args.seconds, host=host)
            results.setdefault(name, {})[connections] = result
            print(f"{name:24} c={connections:4}: {result['rps']:9.1f} req/s  "
                  f"p50 {result['p50_ms']:7.2f} ms  p99 {result['p99_ms']:8.2f} ms  "
                  f"errors {result['errors']}", file=sys.stderr)
        reference = results["static copy (nginx)"][connections]["rps"]
        for name in cases:
            entry = results[name][connections]
            entry["ratio_to_static"] = round(entry["rps"] / reference, 4) if reference else None

    report = {
        "date": time.strftime("%Y-%m-%d"),
        "cores": os.cpu_count(),
        "paths": paths,
        "results": results,
        "queries_per_uncached_page": info["queries"],
        **stack.gunicorn_memory_mb(),
        "article_weight_bytes": page_weight(base, paths["article"], host),
    }
    if args.stress:
        cached = [paths["article"], "/", paths["category"]]
        uncached = [p + ("&" if "?" in p else "?") + "b=1"
                    for p in (paths["article"], "/", paths["category"])] + [paths["search"]]
        for p in cached:  # make sure every cached path is in the cache
            fetch(base + p, host)
            fetch(base + p, host)
        report["stress"] = {
            "2000 connections, cached pages, 60 s": wrk(base + "/", 2000, 60, cached, host),
            "500 connections, uncached mix, 60 s": wrk(base + "/", 500, 60, uncached, host),
        }
    return report


def check_targets(report: dict) -> None:
    print("\nTargets:", file=sys.stderr)
    results = report["results"]

    def line(ok: bool, text: str) -> None:
        print(f"  [{'met' if ok else 'MISSED'}] {text}", file=sys.stderr)

    for connections, cached in results["article, cached"].items():
        ratio = cached["ratio_to_static"]
        line(ratio >= 0.8, f"cached article ≥ 0.8 × static copy at c={connections}: "
             f"{ratio:.2f}" + ("" if ratio >= 0.8 else f" (missed by ×{0.8 / ratio:.1f})"))
    for connections, uncached in results["article, uncached"].items():
        rps = uncached["rps"]
        line(rps >= 400, f"uncached article ≥ 400 req/s at c={connections}: {rps:.0f}"
             + ("" if rps >= 400 else f" (missed by ×{400 / max(rps, 1):.1f})"))
    queries = report["queries_per_uncached_page"]["article"]
    line(queries <= 8, f"article ≤ 8 queries: {queries}")
    rss = max(report["worker_rss_mb"] or [0])
    line(rss <= 100, f"worker RSS ≤ 100 MB: {rss:.0f} MB"
         + ("" if rss <= 100 else f" (missed by ×{rss / 100:.2f})")
         + f"; PSS {max(report['worker_pss_mb'] or [0]):.0f} MB,"
         f" USS {max(report['worker_uss_mb'] or [0]):.0f} MB (public pool; admin pool's"
         f" workers {max(report['admin_worker_rss_mb'] or [0]):.0f} MB RSS, unused)")
    weight = report["article_weight_bytes"]["total"]
    line(weight <= 30 * 1024, f"article ≤ 30 KB transferred: {weight / 1024:.1f} KB")
    for name, result in report.get("stress", {}).items():
        ok = result["errors"] == 0 and result["p99_ms"] < 1000
        line(ok, f"{name}: {result['errors']} errors, p99 {result['p99_ms']:.0f} ms")


if __name__ == "__main__":
    if not shutil.which("wrk"):
        run(["scripts/services", "install", "wrk"])
    main()
