"""The real nginx, with deploy/nginx/page-cache.conf, in front of a live Django server:
stored pages are served by nginx alone, even with Django out of reach."""

import gzip
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

SNIPPET = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "page-cache.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PORT = 8084

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not Path(NGINX).exists(),
                       reason="nginx is not installed (scripts/services install nginx)"),
]


class Nginx:
    def __init__(self, workdir: Path, cache_dir: Path):
        self.workdir, self.cache_dir = workdir, cache_dir
        self.conf = workdir / "nginx.conf"
        self.process = None

    def write(self, upstream_port: int) -> None:
        w = self.workdir
        # The snippet as installed: its include of the generated security headers points
        # into the work directory, which holds them written from the settings.
        from django.core.management import call_command

        call_command("nginx_headers", write=str(w / "snippets"))
        snippet = w / "snippets" / "page-cache.conf"
        snippet.write_text(SNIPPET.read_text().replace("/etc/nginx/bantin/", f"{w}/snippets/"))
        self.conf.write_text(f"""
user root;
worker_processes 1;
daemon off;
error_log {w}/error.log warn;
pid {w}/nginx.pid;
events {{ worker_connections 128; }}
http {{
    access_log off;
    client_body_temp_path {w}/body; proxy_temp_path {w}/proxy;
    fastcgi_temp_path {w}/fastcgi; uwsgi_temp_path {w}/uwsgi; scgi_temp_path {w}/scgi;
    upstream bantin {{ server 127.0.0.1:{upstream_port}; }}
    upstream bantin_admin {{ server 127.0.0.1:{upstream_port}; }}
    server {{
        listen 127.0.0.1:{PORT};
        server_name _;
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-Proto $scheme;
        set $bantin_pagecache_root {self.cache_dir};
        include {snippet};
    }}
}}
""")

    def start(self, upstream_port: int) -> None:
        self.write(upstream_port)
        check = subprocess.run([NGINX, "-t", "-c", str(self.conf)], capture_output=True,
                               text=True)
        assert check.returncode == 0, check.stderr
        self.process = subprocess.Popen([NGINX, "-c", str(self.conf)])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/nginx-probe", timeout=2)  # noqa: S310
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError((self.workdir / "error.log").read_text())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def nginx(tmp_path, page_cache):
    page_cache.mkdir(parents=True, exist_ok=True)
    server = Nginx(tmp_path, page_cache)
    yield server
    server.stop()


def fetch(path, headers=None, method="GET"):
    request = urllib.request.Request(  # noqa: S310 -- our own loopback nginx
        f"http://127.0.0.1:{PORT}{path}", method=method,
        headers={"Host": "testserver", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_nginx_serves_stored_pages_without_django(live_server, nginx, hub, make_article):
    article = make_article()
    other = make_article()
    path = article.get_url_parts()[2]
    nginx.start(int(live_server.url.rsplit(":", 1)[1]))

    status, miss, first = fetch(path)
    assert status == 200 and miss["X-Page-Cache"] == "MISS"  # rendered by Django
    status, headers, body = fetch(path)
    assert status == 200 and headers["X-Page-Cache"] == "HIT" and body == first
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-cache" and headers["X-Frame-Options"] == "DENY"
    # nginx sends the security headers Django sends with the page.
    from bantin.core.security import public_headers

    for name, value in public_headers().items():
        assert headers[name] == miss[name] == value, name
    status, headers, zipped = fetch(path, {"Accept-Encoding": "gzip"})
    assert headers.get("Content-Encoding") == "gzip" and gzip.decompress(zipped) == first
    fetch("/van-ban/atom.xml")

    # Django out of reach: nginx now points at a port nobody listens on.
    nginx.stop()
    nginx.start(free_port())
    status, headers, body = fetch(path)
    assert status == 200 and headers["X-Page-Cache"] == "HIT" and body == first
    status, headers, _ = fetch(path, method="HEAD")
    assert status == 200
    status, headers, feed = fetch("/van-ban/atom.xml")
    assert status == 200 and headers["Content-Type"].startswith("application/atom+xml")
    assert b"<feed" in feed
    assert fetch(path + "?fbclid=IwAR0x")[0] == 200
    # Everything the cache must not answer goes to Django (here: a gateway error).
    assert fetch(other.get_url_parts()[2])[0] == 502  # never stored
    assert fetch(path, {"Cookie": "csrftoken=a; sessionid=abc"})[0] == 502
    assert fetch(path, {"Cookie": "messages=abc"})[0] == 502
    assert fetch(path + "?q=x")[0] == 502
    assert fetch(path, method="POST")[0] == 502
    assert fetch("/quan-tri/")[0] == 502


def test_nginx_stops_serving_a_purged_page(live_server, nginx, hub, make_article):
    from bantin.news.models import ArticlePage

    article = make_article()
    path = article.get_url_parts()[2]
    nginx.start(int(live_server.url.rsplit(":", 1)[1]))
    fetch(path)
    assert fetch(path)[1]["X-Page-Cache"] == "HIT"
    page = ArticlePage.objects.get(pk=article.pk)
    page.title = "Tiêu đề mới"
    page.save_revision().publish()  # committed: transactional test
    status, headers, body = fetch(path)
    assert headers["X-Page-Cache"] == "MISS" and "Tiêu đề mới" in body.decode()
    assert fetch(path)[1]["X-Page-Cache"] == "HIT"
