"""Cross-site scripting, attacked: 260 payloads (tests/browser/xss_corpus.py) sent through
every query parameter of every public page, every field of every public form, and stored
in everything the public can send (comments, opinions on drafts, questions, contact
messages), then every page that shows them -- public pages and the admin screens staff
read them on -- rendered in Debian's chromium. A payload that runs calls `__xss()`, opens
a dialog or fetches `/xss-beacon`; the tests fail on any of the three.

Pages are rendered as the server answered them but without their Content-Security-Policy
header, so that the escaping itself is tested (the policy is a second wall).
"""

from __future__ import annotations

import datetime as dt
import itertools
import mimetypes
import threading
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

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
from tests.browser.xss_corpus import payloads

pytestmark = [pytest.mark.browser]

PAYLOADS = payloads()
BATCH = 20  # payloads joined in one value: each batch is one request and one render


def _batches():
    for i in range(0, len(PAYLOADS), BATCH):
        yield " ".join(PAYLOADS[i:i + BATCH])


world_snapshot = shared_data.per_module(build_world)


@pytest.fixture
def world(request, world_snapshot, db, settings):
    lift_rate_limits(settings)
    return world_snapshot.get(request)


class Renderer:
    """Shows server answers in chromium and records what ran.

    `check` only keeps an answer; `assert_clean` renders all of them, one page at a time,
    in a Playwright started for it and stopped after, from an HTTP server of its own on
    loopback (so chromium keeps the static files it has loaded, as it does for a reader).
    Answers that are the same bytes (with the same status and type) are rendered once: a
    page that does not echo a parameter answers every batch of payloads alike, and renders
    alike. Nothing touches the database while Playwright runs: its sync API keeps an event
    loop on this thread, inside which Django refuses database calls (and would use another
    connection)."""

    def __init__(self):
        self.answers: list[tuple[str, str, int, str, bytes]] = []
        self.failures: list[str] = []
        self.documents: dict[str, tuple[int, str, bytes]] = {}
        self.hits: list[str] = []
        self.static: dict[str, str | None] = {}
        self.rendered = 0  # distinct answers rendered

    def check(self, where: str, response, sent: str = "") -> None:
        body = (b"".join(response.streaming_content) if response.streaming
                else response.content)
        content_type = response.get("Content-Type", "text/html; charset=utf-8")
        self.answers.append((where, sent, response.status_code, content_type, body))

    def _dialog(self, dialog):
        self.hits.append(f"dialog {dialog.message!r}")
        dialog.dismiss()

    def _request(self, request):
        # Watched, not intercepted: intercepting requests turns chromium's cache off, and
        # every render would then load and compile the pages' scripts and styles again.
        if "xss-beacon" in request.url:
            self.hits.append("request to /xss-beacon")

    def _static_file(self, path: str) -> str | None:
        if path not in self.static:
            self.static[path] = finders.find(path.removeprefix("/static/"))
        return self.static[path]

    def _serve(self, method: str, path: str) -> tuple[int, str, bytes, str]:
        """(status, type, body, cache policy) for a request chromium makes: the answer
        being rendered at its address, static files from the finders, else 404."""
        if path in self.documents:
            status, content_type, body = self.documents[path]
            return status, content_type, body, "no-store"
        if method == "GET" and path.startswith("/static/") and (found := self._static_file(path)):
            content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
            return 200, content_type, Path(found).read_bytes(), "max-age=3600"
        return (204 if "xss-beacon" in path else 404), "text/plain", b"", "no-store"

    def _server(self):
        """An HTTP server on loopback for chromium; every host name resolves to it."""
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        renderer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body are separate writes

            def log_message(self, *args):
                pass

            def _answer(self):
                if length := int(self.headers.get("Content-Length") or 0):
                    self.rfile.read(length)
                status, content_type, body, cache = renderer._serve(
                    self.command, urlsplit(self.path).path)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", cache)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = do_OPTIONS = _answer

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    def render_all(self) -> None:
        from playwright.sync_api import sync_playwright

        from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

        distinct: dict[tuple[int, str, bytes], list[tuple[str, str]]] = {}
        for where, sent, status, content_type, body in self.answers:
            distinct.setdefault((status, content_type, body), []).append((where, sent))
        self.rendered = len(distinct)
        server = self._server()
        port = server.server_address[1]
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=str(CHROMIUM),
                    args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP * 127.0.0.1"])
                page = browser.new_context().new_page()
                page.add_init_script(
                    "window.__xssHits = []; window.__xss = function () {"
                    " try { window.top.__xssHits.push(1); }"
                    " catch (e) { window.__xssHits.push(1); } };")
                page.on("dialog", self._dialog)
                page.on("request", self._request)
                for number, ((status, content_type, body), sources) in enumerate(
                        distinct.items()):
                    where, sent = sources[0]
                    if len(sources) > 1:
                        where += f" (and {len(sources) - 1} identical answers)"
                    path = f"/__render/{number}/"
                    self.documents = {path: (status, content_type, body)}
                    self.hits = []
                    page.goto(f"http://{HOST}:{port}{path}", wait_until="load")
                    page.wait_for_timeout(15)  # events queued at load (toggle, focus, animations)
                    marked = page.evaluate("window.__xssHits.length")
                    if marked:
                        self.hits.append(f"__xss() called {marked}×")
                    if self.hits:
                        self.failures.append(f"{where} [{sent[:120]}]: {'; '.join(self.hits)}")
                browser.close()
        finally:
            server.shutdown()
            server.server_close()

    def assert_clean(self, minimum: int) -> None:
        assert len(self.answers) >= minimum, f"only {len(self.answers)} answers kept"
        self.render_all()
        assert not self.failures, "script ran:\n" + "\n".join(self.failures[:30])


@pytest.fixture
def renderer():
    return Renderer()


@pytest.fixture
def visitor(client):
    client.defaults.update(HTTP_HOST=HOST, HTTP_USER_AGENT=UA)
    return client


def test_no_query_parameter_of_any_public_page_runs_a_payload(world, visitor, renderer):
    for url in public_urls(world):
        first = visitor.get(url, follow=True)
        assert first.status_code in (200, 400), url  # 400: an API asked with no parameter
        names = sorted(named_parameters(first.content, urlsplit(url).path)
                       | set(KNOWN_PARAMETERS))
        for value in _batches():
            response = visitor.get(url + "?" + urlencode({n: value for n in names}),
                                   follow=True)
            renderer.check(f"GET {url}", response, value)
    renderer.assert_clean(len(public_urls(world)) * (len(PAYLOADS) // BATCH))


def test_no_field_of_any_public_form_runs_a_payload(world, visitor, renderer):
    forms = []
    for key in FORM_PAGES:
        url = form_page_url(world, key)
        page_forms = post_forms(visitor.get(url).content)
        assert page_forms, f"no form on {url}"
        forms += [(url, action or url, fixed, poisoned)
                  for action, fixed, poisoned in page_forms if poisoned]
    for (_, action, fixed, poisoned), value in itertools.product(forms, _batches()):
        data = {**fixed, **{name: value for name in poisoned}}
        response = visitor.post(action, data, follow=True)
        renderer.check(f"POST {action} ({', '.join(poisoned)})", response, value)
    assert len(forms) >= len(FORM_PAGES)
    renderer.assert_clean(len(forms) * (len(PAYLOADS) // BATCH))


def _stored(world) -> None:
    """Every payload in every field the public can fill, as if moderators approved it."""
    from bantin.interaction.models import Comment, ContactMessage, Opinion
    from bantin.questions.models import Question

    site, now = world["unit"].site, timezone.now()
    Comment.objects.bulk_create(
        Comment(page=world["article"], name=p[:100], email="a@example.vn", text=p,
                status=Comment.APPROVED) for p in PAYLOADS)
    Opinion.objects.bulk_create(
        Opinion(document=world["draft"], name=p[:100], organisation=p[:200], provision=p[:100],
                text=p, status=Opinion.APPROVED) for p in PAYLOADS)
    ContactMessage.objects.bulk_create(
        ContactMessage(site=site, department_name="Văn phòng", name=p[:100], phone=p[:20],
                       subject=p[:200], text=p, note=p) for p in PAYLOADS)
    for i, p in enumerate(PAYLOADS):
        Question.objects.create(site=site, area=world["area"], name=p[:100], title=p[:200],
                                text=p, answer=p, phone=p[:20], status=Question.PUBLISHED,
                                answered_at=now, published_at=now - dt.timedelta(minutes=i))


def _all_pages(client, url: str, parameter: str):
    """A listing page after page, while it has more."""
    for number in itertools.count(1):
        response = client.get(f"{url}{'&' if '?' in url else '?'}{parameter}={number}")
        if response.status_code == 404 or number > 60:
            return
        yield number, response
        if f"{parameter}={number + 1}" not in response.content.decode():
            return


def test_stored_payloads_run_on_no_public_page_and_no_admin_screen(world, visitor, client,
                                                                  renderer):
    from bantin.interaction.models import ContactMessage, Opinion
    from bantin.questions.models import Question

    _stored(world)
    for url in (world["article"].url, f"/van-ban/{world['draft'].pk}/"):
        renderer.check(f"GET {url}", visitor.get(url))
    pages = 0
    for number, response in _all_pages(visitor, "/hoi-dap/", "trang"):
        renderer.check(f"GET /hoi-dap/ page {number}", response)
        pages += 1
    assert pages >= 2
    for question in Question.objects.filter(site=world["unit"].site)[:40]:
        renderer.check(f"GET {question.get_absolute_url()}",
                       visitor.get(question.get_absolute_url()))
    client.force_login(world["admin"])
    client.defaults.update(HTTP_HOST=HOST)
    for listing in ("comment", "opinion", "contactmessage"):
        url = f"/quan-tri/snippets/interaction/{listing}/"
        for number, response in _all_pages(client, url, "p"):
            renderer.check(f"GET {url}?p={number}", response)
    for opinion in Opinion.objects.all()[:20]:
        url = f"/quan-tri/snippets/interaction/opinion/kiem-duyet/{opinion.pk}/"
        renderer.check(f"GET {url}", client.get(url))
    for message in ContactMessage.objects.all()[:20]:
        url = f"/quan-tri/snippets/interaction/contactmessage/inspect/{message.pk}/"
        renderer.check(f"GET {url}", client.get(url))
    question_admin = "/quan-tri/snippets/questions/question/"
    for number, response in _all_pages(client, question_admin, "p"):
        renderer.check(f"GET {question_admin}?p={number}", response)
    renderer.assert_clean(40)


def test_the_renderer_sees_each_way_a_payload_can_run(renderer, db):
    """The watch itself: a page that does echo payloads raw is caught, whichever of the
    three signs the payload gives. (It asks for the database only to run with the other
    tests of this module, before any test starts the session-wide Playwright.)"""
    from django.http import HttpResponse

    for raw in ("<img src=x onerror=__xss(1)>", "<script>alert(1)</script>",
                "<svg onload=fetch('/xss-beacon')>",
                '<iframe srcdoc="<script>parent.__xss(1)</script>"></iframe>',
                "<details open ontoggle=__xss(1)>"):
        renderer.check("a raw echo", HttpResponse(f"<p>{raw}</p>"), raw)
    renderer.check("an escaped echo", HttpResponse("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"))
    # The same answer again is rendered once and named once, with its count; the same
    # bytes with another status are another answer.
    renderer.check("a raw echo", HttpResponse("<p><img src=x onerror=__xss(1)></p>"))
    renderer.check("a raw echo", HttpResponse("<p><img src=x onerror=__xss(1)></p>", status=400))
    renderer.render_all()
    assert renderer.rendered == 7
    assert len(renderer.failures) == 6
    assert all(failure.startswith("a raw echo") for failure in renderer.failures)
    assert sum("(and 1 identical answers)" in failure for failure in renderer.failures) == 1
