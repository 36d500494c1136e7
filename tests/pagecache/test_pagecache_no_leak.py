"""No session, CSRF token or logged-in view ever reaches a stored page.

The demo portal, served for real (its page cache on, as in `make demo`), is crawled as an
anonymous visitor (whose beacon has set a CSRF cookie), then by a logged-in administrator
over the same pages; every stored file is then scanned.
"""

import http.client
import re
from http.cookies import SimpleCookie

import pytest

pytestmark = pytest.mark.live

HREF = re.compile(r'href="(/[^"#?]*)"')
SKIP = ("/quan-tri/", "/api/", "/media/", "/static/", "/tai-lieu/", "/tim-kiem/", "/lien-ket/")
# What only a personal page carries.
PERSONAL = (b"csrfmiddlewaretoken", b"idle-warning", b"data-keepalive-url", b"userbar",
            b"sessionid")
HOSTS = {"localhost": 50, "phuc-khoa.localhost": 12, "ta-mit.localhost": 12}


class Visitor:
    def __init__(self, server):
        self.server, self.cookies = server, {}

    def request(self, method, path, host="localhost", body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        try:
            sent = {"Host": host, "User-Agent": "Mozilla/5.0 Firefox/120", **(headers or {})}
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            conn.request(method, path, body.encode() if isinstance(body, str) else body, sent)
            response = conn.getresponse()
            content = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response, content
        finally:
            conn.close()


def crawl(visitor, host: str, limit: int) -> list[str]:
    seen, queue = [], ["/"]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen or path.startswith(SKIP) or path.endswith("/luu/"):
            continue
        response, content = visitor.request("GET", path, host)
        seen.append(path)
        if response.status == 200 and response.headers["Content-Type"].startswith("text/html"):
            queue.extend(HREF.findall(content.decode()))
    return seen


def stored_files(server):
    root = server.workdir / "pagecache"
    return [p for p in root.rglob("index*") if p.is_file() and not p.name.endswith(".gz")]


def test_no_token_or_session_in_any_stored_page(portal_server):
    server = portal_server
    server.manage("purge_page_cache")
    anonymous = Visitor(server)
    # The beacon of the first page sets the CSRF cookie that the rating script reads.
    home, _ = anonymous.request("GET", "/")
    anonymous.request("POST", "/api/audience/hit/", body='{"page": 3}',
                      headers={"Content-Type": "application/json"})
    visited = {host: crawl(anonymous, host, limit) for host, limit in HOSTS.items()}
    assert sum(len(v) for v in visited.values()) >= 50
    assert len(stored_files(server)) >= 40
    token = anonymous.cookies.get("csrftoken", "")

    # An administrator logs in and reads the same pages.
    admin = Visitor(server)
    _, form = admin.request("GET", "/quan-tri/login/")
    form_token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1).decode()
    response, _ = admin.request(
        "POST", "/quan-tri/login/",
        body=f"username=admin&password=bantin-demo-2026&csrfmiddlewaretoken={form_token}",
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "Referer": f"http://localhost:{server.port}/quan-tri/login/"},
    )
    assert response.status == 302 and "sessionid" in admin.cookies
    for host, paths in visited.items():
        for path in paths:
            response, content = admin.request("GET", path, host)
            assert response.headers.get("X-Page-Cache") is None, path
    _, personal = admin.request("GET", "/")
    assert b"idle-warning" in personal

    files = stored_files(server)
    assert len(files) >= 40
    secrets = [m for m in (token, admin.cookies["sessionid"], admin.cookies.get("csrftoken"))
               if m]
    for path in files:
        body = path.read_bytes()
        for marker in (*PERSONAL, *(s.encode() for s in secrets)):
            assert marker not in body, f"{marker!r} in {path}"
