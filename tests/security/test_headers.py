"""Security headers: one set of settings, sent the same by Django (pages, admin, API, files,
pages the page cache answers) and by nginx (deploy/nginx snippets generated from them)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import RequestFactory

from bantin.core import security
from bantin.pagecache import storage

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "nginx"


def assert_headers(response, expected: dict[str, str]) -> None:
    for name, value in expected.items():
        assert response.get(name) == value, (name, response.get(name))


def test_public_pages_get_the_strict_policy(client, hub, make_article):
    article = make_article()
    for path in ("/", article.get_url_parts()[2], "/van-ban/", "/tim-kiem/?q=xa"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_headers(response, security.public_headers())
    csp = response["Content-Security-Policy"]
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "nonce-", "*"):
        assert unsafe not in csp
    for directive in ("default-src 'self'", "script-src 'self';", "style-src 'self';",
                      "object-src 'none'", "base-uri 'self'", "form-action 'self'",
                      "frame-ancestors 'none'"):
        assert directive in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response  # plain http


def test_api_answers_carry_the_headers_too(client, hub):
    response = client.get("/api/search/suggest?q=xa")
    assert response.status_code == 200
    assert_headers(response, security.public_headers())


def test_the_admin_gets_its_own_looser_policy(client, hub, django_user_model):
    admin = django_user_model.objects.create_superuser("qt", "qt@example.vn", "mat-khau-dai-12")
    client.force_login(admin)
    response = client.get("/quan-tri/")
    assert response.status_code == 200
    assert_headers(response, security.admin_headers())
    csp = response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in csp and "object-src 'none'" in csp
    assert "frame-ancestors 'self'" in csp  # Wagtail's preview frames its own pages
    assert "microphone=(self)" in response["Permissions-Policy"]  # the "Ghi âm" recorder
    login = client.get("/quan-tri/login/")
    assert login["Content-Security-Policy"] == security.admin_headers()["Content-Security-Policy"]


def test_hsts_on_https_only_and_in_the_nginx_snippet(client, hub, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    assert client.get("/").get("Strict-Transport-Security") is None
    secure = client.get("/", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert security.hsts() == secure["Strict-Transport-Security"]
    snippet = security.nginx_snippets()["security-headers.conf"]
    assert ('add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" '
            "always;") in snippet


def test_pages_from_the_page_cache_carry_the_same_headers(client, hub, make_article, settings,
                                                         tmp_path):
    settings.BANTIN_PAGE_CACHE = True
    settings.BANTIN_PAGE_CACHE_DIR = tmp_path / "pagecache"
    path = make_article().get_url_parts()[2]
    miss = client.get(path)
    hit = client.get(path)
    assert miss["X-Page-Cache"] == "MISS" and hit["X-Page-Cache"] == "HIT"
    for name in security.public_headers():
        assert hit[name] == miss[name], name


def _nginx_headers(text: str) -> dict[str, str]:
    return dict(re.findall(r'^add_header (\S+) "(.*)" always;$', text, flags=re.M))


def test_the_nginx_snippets_are_generated_from_the_settings():
    call_command("nginx_headers", check=str(DEPLOY))  # raises when stale
    page = _nginx_headers((DEPLOY / "security-headers.conf").read_text())
    assert page == security.public_headers()
    files = _nginx_headers((DEPLOY / "file-headers.conf").read_text())
    assert files == security.file_headers()
    assert "sandbox" in files["Content-Security-Policy"]


def test_the_nginx_locations_include_the_snippets():
    page_cache = (DEPLOY / "page-cache.conf").read_text()
    location = page_cache[page_cache.index("location / {"):page_cache.index("location @bantin")]
    assert "include /etc/nginx/bantin/security-headers.conf;" in location
    # An add_header of its own for a security header would send it twice.
    own = set(re.findall(r"add_header (\S+)", location))
    assert own == {"Cache-Control", "X-Page-Cache"}
    site = (DEPLOY / "bantin.conf").read_text()
    for name in ("location /media/ {", "location /_protected/media/ {"):
        block = site[site.index(name):]
        block = block[:block.index("\n    }\n")]
        assert "include /etc/nginx/bantin/file-headers.conf;" in block, name


def test_the_command_writes_and_checks(tmp_path, capsys):
    call_command("nginx_headers", write=str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file-headers.conf",
                                                          "security-headers.conf"]
    (tmp_path / "file-headers.conf").write_text("# old\n")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="file-headers.conf"):
        call_command("nginx_headers", check=str(tmp_path))


def test_session_csrf_and_visitor_cookies(client, hub, make_article, django_user_model):
    article = make_article()
    response = client.get(f"/api/audience/hit/?page={article.pk}", secure=True,
                          HTTP_USER_AGENT="Mozilla/5.0 Firefox/120")
    visitor = response.cookies["bt_vid"]
    assert visitor["httponly"] and visitor["secure"] and visitor["samesite"] == "Lax"
    assert response.cookies["csrftoken"]["samesite"] == "Lax"
    django_user_model.objects.create_user("bt", "bt@example.vn", "mat-khau-dai-12")
    login = client.post("/quan-tri/login/", {"username": "bt", "password": "mat-khau-dai-12"})
    session = login.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"


def test_production_cookies_are_secure_and_hosts_come_from_the_environment(tmp_path):
    env = {**os.environ, "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "tanuyen.example.vn,.example.vn",
           "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", "BANTIN_HSTS_SECONDS": "600",
           "PYTHONPATH": str(ROOT)}
    code = ("from bantin.settings import production as p; print(p.SESSION_COOKIE_SECURE, "
            "p.CSRF_COOKIE_SECURE, p.SESSION_COOKIE_HTTPONLY, p.SESSION_COOKIE_SAMESITE, "
            "p.CSRF_COOKIE_SAMESITE, p.SECURE_HSTS_SECONDS, p.ALLOWED_HOSTS)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.strip()
    assert out == "True True True Lax Lax 600 ['tanuyen.example.vn', '.example.vn']"


def test_an_unknown_host_is_refused_and_never_cached(client, hub, make_article, settings,
                                                    tmp_path):
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.BANTIN_PAGE_CACHE = True
    settings.BANTIN_PAGE_CACHE_DIR = tmp_path / "pagecache"
    path = make_article().get_url_parts()[2]
    for _ in range(2):
        response = client.get(path, HTTP_HOST="evil.example")
        assert response.status_code == 400
        assert "X-Page-Cache" not in response
    # A forwarded host is not believed: the page is stored under the real host, without it.
    forwarded = client.get(path, HTTP_X_FORWARDED_HOST="evil.example")
    assert forwarded["X-Page-Cache"] == "MISS" and b"evil" not in forwarded.content
    assert client.get(path)["X-Page-Cache"] == "HIT"
    stored = [p.relative_to(tmp_path / "pagecache").as_posix()
              for p in (tmp_path / "pagecache").rglob("index*.html")]
    assert stored and all(p.startswith("http/testserver/") for p in stored)
    assert not any("evil" in p for p in stored)


def test_the_page_cache_key_includes_the_host(settings):
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    factory = RequestFactory()
    first = storage.key_for(factory.get("/tin-tuc/", HTTP_HOST="a.example"))
    second = storage.key_for(factory.get("/tin-tuc/", HTTP_HOST="b.example"))
    assert first.relative("html") == "http/a.example/tin-tuc/index.html"
    assert second.relative("html") == "http/b.example/tin-tuc/index.html"
    assert storage.key_for(factory.get("/tin-tuc/", HTTP_HOST="c.example")) is None
