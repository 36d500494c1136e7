"""Attacks other than script injection, aimed at every way in: SQL and full-text query
injection on every query parameter of every public page and every public form field; a
POST without its CSRF token on every view that takes one; path traversal on media,
static and download addresses; open redirects through every `next`-style parameter.
(Unit isolation of every admin URL is tests/units/test_isolation.py; odd Host headers and
the page cache are tests/pagecache and tests/security headers tests.)"""

from __future__ import annotations

import json
from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import get_resolver
from wagtail.models import Page

from tests import shared_data
from tests.attack_world import (
    FORM_PAGES,
    HOST,
    KNOWN_PARAMETERS,
    UA,
    build_world,
    form_page_url,
    lift_rate_limits,
    named_parameters,
    post_forms,
    public_urls,
)
from tests.units.test_isolation import _walk

INJECTIONS = (
    "' OR '1'='1", "' OR 1=1--", "'; DROP TABLE wagtailcore_page;--", '" OR ""="',
    "1 UNION SELECT username, password FROM auth_user--", "%' AND 1=0 UNION SELECT NULL--",
    "\\'", "1; SELECT pg_sleep(5)--", "1' AND (SELECT 1 FROM sqlite_master)='1",
    # Full-text query syntax of SQLite FTS5 and PostgreSQL tsquery.
    "NEAR(a b", '"unbalanced', "a OR", "AND", "*", "title:x", "^a", "{a b}:c", "a NOT",
    "-a", "(", ")", "a:*", "a & | b", "!!a", "<->", "a <-> b", "'", '""', "\\",
    # Odd values.
    "\x00", "\u202e", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "a" * 3000, "1e999", "-1", "99999999999999999999",
    "2026-13-45", "../../etc/passwd", "%00", "%s%s%s", "{0}", "NaN", "²", "①", "١٢",
)
LEAKS = ("Traceback", "OperationalError", "ProgrammingError", "syntax error",
         "DatabaseError", "sqlite3", "psycopg")

world_snapshot = shared_data.per_module(build_world)


@pytest.fixture
def world(request, world_snapshot, db, settings):
    lift_rate_limits(settings)
    return world_snapshot.get(request)


@pytest.fixture
def visitor(client):
    client.defaults.update(HTTP_HOST=HOST, HTTP_USER_AGENT=UA)
    return client


def _body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8", "replace")


def _intact(world) -> tuple:
    return (Page.objects.count(), get_user_model().objects.count())


def test_no_query_parameter_breaks_a_query_or_leaks_an_error(world, visitor):
    before = _intact(world)
    problems = []
    for url in public_urls(world):
        names = sorted(named_parameters(visitor.get(url, follow=True).content,
                                        urlsplit(url).path) | set(KNOWN_PARAMETERS))
        for value in INJECTIONS:
            response = visitor.get(url + "?" + urlencode({n: value for n in names}),
                                   follow=True)
            body = _body(response)
            if response.status_code >= 500 or any(leak in body for leak in LEAKS):
                problems.append(f"GET {url} {value[:40]!r}: {response.status_code}")
            if "/api/" in url and response.status_code == 200:
                json.loads(body)
    assert not problems, "\n".join(problems)
    assert _intact(world) == before


def test_no_form_field_breaks_a_query_or_leaks_an_error(world, visitor):
    before = _intact(world)
    problems, posted = [], 0
    for key in FORM_PAGES:
        url = form_page_url(world, key)
        for action, fixed, poisoned in post_forms(visitor.get(url).content):
            for value in INJECTIONS:
                response = visitor.post(action or url,
                                        {**fixed, **{name: value for name in poisoned}},
                                        follow=True)
                posted += 1
                body = _body(response)
                if response.status_code >= 500 or any(leak in body for leak in LEAKS):
                    problems.append(f"POST {action or url} {value[:40]!r}: "
                                    f"{response.status_code}")
    assert posted >= len(FORM_PAGES) * len(INJECTIONS)
    assert not problems, "\n".join(problems)
    assert _intact(world) == before


# CSRF ------------------------------------------------------------------------------------

# Views that take a POST without Django's CSRF token, and why that is safe: each refuses
# a request a browser marks as cross-site (Origin, Sec-Fetch-Site), and none acts on an
# account (the public forms: their pages are page-cached, which forbids a token), or it
# authenticates by a bearer token a browser never sends by itself (the device API), or it
# carries nothing to forge (the counters' beacon). Wagtail's admin API is Django REST
# framework's: exempt from the middleware, it checks the token itself for a session.
EXEMPT = {
    "interaction:comment", "interaction:report", "interaction:opinion", "interaction:contact",
    "questions:ask", "questions:lookup", "polls:vote",
}
EXEMPT_PREFIXES = ("api/devices/v1/", "api/audience/", "quan-tri/api/main/")


def _exempt_views():
    for route, name, callback in _walk(get_resolver().url_patterns):
        if getattr(callback, "csrf_exempt", False):
            yield route, name


def test_only_the_listed_views_take_a_post_without_a_csrf_token():
    unexpected = [f"{route} ({name})" for route, name in _exempt_views()
                  if name not in EXEMPT and not route.startswith(EXEMPT_PREFIXES)]
    assert not unexpected, "CSRF-exempt views not reviewed: " + ", ".join(unexpected)
    names = {name for _, name in _exempt_views()}
    assert EXEMPT <= names  # the list names nothing that is gone


def test_every_exempt_public_form_refuses_a_cross_site_post(world, visitor):
    from bantin.interaction.models import Comment, ContactMessage, Opinion
    from bantin.polls.models import PollVote as Vote
    from bantin.questions.models import Question

    before = [m.objects.count() for m in (Comment, Opinion, ContactMessage, Question, Vote)]
    targets = []
    for key in FORM_PAGES:
        url = form_page_url(world, key)
        targets += [(action or url, fixed, poisoned)
                    for action, fixed, poisoned in post_forms(visitor.get(url).content)]
    refused = 0
    for action, fixed, poisoned in targets:
        if "csrfmiddlewaretoken" in fixed:
            continue  # a form with a token: Django's own check (the next test)
        data = {**fixed, **{name: "Nội dung hợp lệ gửi từ trang khác" for name in poisoned}}
        for headers in ({"HTTP_ORIGIN": "https://evil.example"},
                        {"HTTP_SEC_FETCH_SITE": "cross-site"}):
            response = visitor.post(action, data, HTTP_ACCEPT="application/json", **headers)
            assert response.status_code == 403, (action, headers, response.status_code)
            refused += 1
    assert refused >= 2 * 6
    assert [m.objects.count() for m in (Comment, Opinion, ContactMessage, Question, Vote)] \
        == before


def test_a_post_without_its_token_is_refused_on_forms_that_carry_one(world):
    admin = world["admin"]
    guarded = Client(enforce_csrf_checks=True, HTTP_HOST=HOST, HTTP_USER_AGENT=UA)
    survey = form_page_url(world, "survey")
    assert guarded.post(survey, {"consent": "on"}).status_code == 403
    assert guarded.post("/quan-tri/login/", {"username": "quan-tri",
                                              "password": "mat-khau-dai-12"}).status_code == 403
    guarded.force_login(admin)
    for url in (f"/quan-tri/pages/add/news/articlepage/{world['news'].pk}/",
                "/quan-tri/snippets/interaction/comment/",
                "/quan-tri/snippets/interaction/contactmessage/edit/0/",
                "/quan-tri/account/", "/quan-tri/users/add/", "/quan-tri/logout/",
                f"/quan-tri/api/main/pages/{world['article'].pk}/action/copy/"):
        assert guarded.post(url, {"title": "x"}).status_code == 403, url


# Path traversal --------------------------------------------------------------------------

SECRETS = ("SECRET_KEY", "root:x:0:0", "[project]", "DJANGO_SETTINGS_MODULE",
           "BEGIN PRIVATE KEY")
TRAVERSALS = (
    "../../pyproject.toml", "..%2f..%2fpyproject.toml", "%2e%2e/%2e%2e/pyproject.toml",
    "....//....//pyproject.toml", "..\\..\\pyproject.toml", "%2e%2e%5c%2e%2e%5cpyproject.toml",
    "../../../../../../etc/passwd", "%252e%252e/%252e%252e/etc/passwd",
    "/etc/passwd", "..%00/pyproject.toml", "documents/../../bantin/settings/base.py",
)


def test_no_traversal_reaches_a_file_outside_what_is_served(world, visitor):
    doc = world["draft"]
    bases = ["/media/", "/media/documents/", "/media/broadcast/", "/media/questions/",
             "/static/", "/tai-lieu/1/", f"/van-ban/{doc.pk}/tai-ve/", "/hoi-dap/"]
    for base in bases:
        for attack in TRAVERSALS:
            response = visitor.get(base + attack)
            body = _body(response) if response.status_code == 200 else ""
            assert not any(secret in body for secret in SECRETS), (base + attack)
            assert response.status_code in (200, 301, 302, 400, 403, 404), (
                base + attack, response.status_code)
            if response.status_code == 200:  # only a page of the site itself
                assert response["Content-Type"].startswith("text/html"), base + attack


# Open redirects --------------------------------------------------------------------------

OFFSITE = ("https://evil.example/", "//evil.example/", "/\\evil.example/",
           "https:evil.example", "\\\\evil.example", "http://evil.example@alpha.example.vn/",
           "javascript:alert(1)", "%2F%2Fevil.example")


def _offsite(location: str) -> bool:
    parts = urlsplit(location.replace("\\", "/"))
    return bool(parts.netloc and parts.netloc != HOST) or parts.scheme not in ("", "http",
                                                                                "https")


def test_no_next_parameter_sends_a_visitor_elsewhere(world, visitor):
    from bantin.interaction.models import Comment

    comment = Comment.objects.create(page=world["article"], name="Người đọc",
                                     text="Ý kiến đã duyệt.", status=Comment.APPROVED)
    admin = world["admin"]
    for target in OFFSITE:
        response = visitor.post(f"/binh-luan/bao-cao/{comment.pk}/", {"next": target})
        assert response.status_code in (302, 303), target
        assert not _offsite(response["Location"]), (target, response["Location"])
        login = Client(HTTP_HOST=HOST, HTTP_USER_AGENT=UA)
        response = login.post(f"/quan-tri/login/?{urlencode({'next': target})}",
                              {"username": admin.username, "password": "mat-khau-dai-12",
                               "next": target})
        if response.status_code in (301, 302, 303):
            assert not _offsite(response["Location"]), (target, response["Location"])
        for url in ("/quan-tri/logout/", "/tim-kiem/", "/hoi-dap/", "/"):
            response = visitor.get(url, {"next": target})
            if response.status_code in (301, 302, 303):
                assert not _offsite(response["Location"]), (url, target)
