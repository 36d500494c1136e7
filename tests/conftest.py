"""Shared fixtures: a hub site with categories, article factories and the seed page."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from PIL import Image as PILImage

from tests import shared_data
from tests.hub_world import article_maker, build_hub

SEED_FILE = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_8883bf7a7285d397.txt"
SEED_DATE_RE = re.compile(
    r"^(?P<weekday>.+?) - (?P<date>\d{2}/\d{2}/\d{4}) (?P<time>\d{2}:\d{2}) "
    r"(?P<views>\d+) (?P<comments>\d+)$"
)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Data shared by a module's tests (tests/shared_data.py) lives in an open transaction:
    a test runs inside it only when it asks for that data and needs no committed data."""
    shared_data.prepare(item)


# Second factor (bantin.accounts): staff must pass it before any admin page. Tests that
# log a staff user in (force_login or the login form, in this process) get a session that
# has passed it, as after a real OTP step, so the rest of the suite keeps testing the admin
# itself; tests marked `real_2fa` (tests/accounts) go through the real steps instead.
_AUTO_SECOND_FACTOR = {"on": True}


def _second_factor_at_login(sender, request, user, **kwargs):
    if not _AUTO_SECOND_FACTOR["on"] or request is None or not hasattr(request, "session"):
        return
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from bantin.accounts.factors import needs_second_factor

    if needs_second_factor(user):
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name="tests", defaults={"confirmed": True})
        request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id


user_logged_in.connect(_second_factor_at_login, dispatch_uid="tests_second_factor")


# The test database just after `migrate`, kept once per run (a file on SQLite, a template
# database on PostgreSQL): a server process that needs a migrated database of its own
# (`portal_server`) starts from a copy instead of applying every migration again.
_MIGRATED: dict = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    import os
    import sqlite3
    from contextlib import closing

    from django.db import connection

    admin_url = os.environ.get("BANTIN_TEST_DATABASE_URL", "").strip()
    with django_db_blocker.unblock():
        name = connection.settings_dict["NAME"]
        if connection.vendor == "sqlite":
            _MIGRATED["sqlite"] = f"{name}.migrated"
            with closing(sqlite3.connect(name)) as source, \
                    closing(sqlite3.connect(_MIGRATED["sqlite"])) as target:
                source.backup(target)
        elif connection.vendor == "postgresql":
            connection.close()  # a template must have no other session
            _MIGRATED["postgresql"] = _LiveDatabase(admin_url, f"{name}_migrated",
                                                    template_of=name).name
    yield
    with django_db_blocker.unblock():
        if "sqlite" in _MIGRATED:
            Path(_MIGRATED.pop("sqlite")).unlink(missing_ok=True)
        if "postgresql" in _MIGRATED:
            _LiveDatabase.drop_named(admin_url, _MIGRATED.pop("postgresql"))


@pytest.fixture(autouse=True)
def _second_factor(request):
    _AUTO_SECOND_FACTOR["on"] = request.node.get_closest_marker("real_2fa") is None
    yield
    _AUTO_SECOND_FACTOR["on"] = True


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _counter_spool(tmp_path_factory, settings):
    """Each test counts into spool files of its own."""
    settings.BANTIN_COUNTER_SPOOL_DIR = tmp_path_factory.mktemp("counters")


@pytest.fixture(autouse=True)
def _page_cache_off(settings, tmp_path_factory):
    """Tests see pages as rendered now; a test that turns the page cache on stores into a
    directory of its own, since the stored files outlive the test's transaction."""
    settings.BANTIN_PAGE_CACHE = False
    settings.BANTIN_PAGE_CACHE_DIR = tmp_path_factory.mktemp("pagecache")


def parse_seed(path: Path = SEED_FILE) -> dict:
    """The seed article's parts, as the page shows them."""
    lines = path.read_text(encoding="utf-8").split("\n")
    match = SEED_DATE_RE.match(lines[2].strip())
    assert match, "the seed's date line has changed shape"
    author_at = next(i for i, line in enumerate(lines) if line.startswith("Tác giả:"))
    body = [line.strip() for line in lines[8:author_at] if line.strip()]
    day, month, year = map(int, match["date"].split("/"))
    hour, minute = map(int, match["time"].split(":"))
    tz = dt.timezone(dt.timedelta(hours=7))
    documents = []
    for i, line in enumerate(lines):
        m = re.match(r"^Số:? (\S+)$", line.strip())
        if m:
            counts = re.search(r"lượt xem: (\d+) \| lượt tải:(\d+)", lines[i + 4])
            documents.append({
                "number": m.group(1), "summary_line": lines[i + 2].strip(),
                "views": int(counts.group(1)), "downloads": int(counts.group(2)),
            })
    return {
        "title": lines[0].strip(),
        "date_line": f"{match['weekday']} - {match['date']} {match['time']}",
        "published_at": dt.datetime(year, month, day, hour, minute, tzinfo=tz),
        "views": int(match["views"]),
        "comments": int(match["comments"]),
        "caption": lines[4].strip(),
        "lead": lines[7].strip(),
        "body": body,
        "author": lines[author_at].split(":", 1)[1].strip(),
        "rating_line": next(line for line in lines if line.startswith("Tổng số điểm")).strip(),
        "documents": documents,
    }


@pytest.fixture
def seed() -> dict:
    if not SEED_FILE.is_file():
        pytest.skip(f"The seed page is not available at {SEED_FILE}: seed-parity tests need it.")
    return parse_seed()


def jpeg_bytes(size=(640, 360), color=(40, 120, 60)) -> bytes:
    buf = io.BytesIO()
    PILImage.new("RGB", size, color).save(buf, "JPEG")
    return buf.getvalue()


# Built once per test module (tests/shared_data.py); each test gets its own copies.
hub_snapshot = shared_data.per_module(build_hub)


@pytest.fixture
def hub(request, hub_snapshot, db):
    """A hub site answering on the test client's host, with two categories."""
    return hub_snapshot.get(request)


@pytest.fixture
def make_unit(hub):
    """Unit sites under the hub (or under another unit), each with a "Tin xã" category."""
    from wagtail.models import Site

    from bantin.news.models import CategoryPage
    from bantin.units.models import UnitHomePage

    def make(slug: str, name: str, parent=None) -> dict:
        home = UnitHomePage(title=f"Trang thông tin điện tử {name}", slug=slug)
        (parent or hub["home"]).add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.create(hostname=f"{slug}.localhost", port=80, root_page=home,
                                   site_name=name)
        news = CategoryPage(title="Tin xã", slug="tin-xa")
        home.add_child(instance=news)
        news.save_revision().publish()
        return {"site": site, "home": home, "news": news, "host": f"{slug}.localhost"}

    return make


@pytest.fixture
def make_article(hub):
    return article_maker(hub)


class PortalServer:
    """The portal served for real on loopback by gunicorn, with its own database and media.

    On the suite's PostgreSQL run (BANTIN_TEST_DATABASE_URL set) the server gets a database
    of its own on that PostgreSQL and, with BANTIN_TEST_REDIS_URL, the next Redis database
    number for its cache; otherwise an SQLite file and a file cache in its work directory.
    """

    def __init__(self, workdir: Path, migrated: bool = False):
        """With `migrated`, the server's database starts as a copy of the test database
        just after `migrate` (`django_db_setup`) when this run has created one; otherwise
        it starts empty."""
        import os
        import socket
        import sys

        self.workdir = workdir
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bantin.settings.dev",
            "BANTIN_VAR_DIR": str(workdir),
            "BANTIN_IDLE_SECONDS": "65",
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("DATABASE_URL", None)
        self.env.pop("REDIS_URL", None)
        self.database = None
        database_url = os.environ.get("BANTIN_TEST_DATABASE_URL", "").strip()
        if database_url:
            self.database = _LiveDatabase(
                database_url, f"test_bantin_live_{os.getpid()}",
                template_of=_MIGRATED.get("postgresql") if migrated else None)
            self.env["DATABASE_URL"] = self.database.url
        elif migrated and "sqlite" in _MIGRATED:
            import shutil

            shutil.copyfile(_MIGRATED["sqlite"], workdir / "bantin.sqlite3")
        redis_url = os.environ.get("BANTIN_TEST_REDIS_URL", "").strip()
        if redis_url:
            self.env["REDIS_URL"] = _flushed_next_redis_db(redis_url)
        self.python = sys.executable
        self.process = None

    def manage(self, *args: str, check: bool = True):
        import subprocess

        result = subprocess.run(
            [self.python, "-m", "bantin", *args], env=self.env, cwd=self.workdir,
            capture_output=True, text=True, check=False, timeout=600,
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"`python -m bantin {' '.join(args)}` exited with {result.returncode}:\n"
                f"{result.stdout[-2000:]}\n{result.stderr[-6000:]}"
            )
        return result

    def shell(self, code: str) -> str:
        """Run Python in the server's environment; returns the last line it printed."""
        return self.manage("shell", "-c", code).stdout.strip().splitlines()[-1]

    def backup_code(self, username: str = "admin") -> str:
        """A fresh one-time backup code for `username` (a backup-code device is made if the
        user has none), for the login form's second-factor step."""
        return self.shell(
            "from django.contrib.auth import get_user_model;"
            "from bantin.accounts import factors;"
            f"u = get_user_model().objects.get(username={username!r});"
            "print(factors.new_backup_codes(u)[0])"
        )

    def login(self, page, username: str = "admin", password: str = "bantin-demo-2026",
              base: str = ""):
        """Logs in through the admin's forms: password, then a backup code."""
        code = self.backup_code(username)
        page.goto((base or self.url) + "/quan-tri/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.locator("button[type=submit], input[type=submit]").first.click()
        page.wait_for_url("**/quan-tri/xac-thuc/**")
        page.fill("input[name=token]", code)
        page.locator("form.login-form button[type=submit]").click()
        page.wait_for_url(lambda url: "/xac-thuc/" not in url and "/login/" not in url)

    def start(self):
        import subprocess
        import time
        import urllib.request

        log = (self.workdir / "server.log").open("w")
        # gunicorn, as in production: its listen backlog takes hundreds of simultaneous
        # connections, where runserver's queue of 10 resets them.
        self.process = subprocess.Popen(
            [self.python, "-m", "gunicorn", "bantin.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "2", "--threads", "8", "--backlog", "2048", "--timeout", "120"],
            env=self.env, cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/", timeout=5):  # noqa: S310
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError((self.workdir / "server.log").read_text()) from None
                time.sleep(0.3)
        raise RuntimeError("the portal server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        if self.database:
            self.database.drop()


class _LiveDatabase:
    """A fresh PostgreSQL database next to the test database, for a server process."""

    def __init__(self, admin_url: str, name: str, template_of: str | None = None):
        from urllib.parse import urlsplit, urlunsplit

        self.admin_url = admin_url
        self.name = name
        self.url = urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))
        self.drop()
        template = f' TEMPLATE "{template_of}"' if template_of else ""
        self._execute(admin_url, f'CREATE DATABASE "{name}"{template}')

    @staticmethod
    def _execute(admin_url: str, sql: str) -> None:
        import psycopg

        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql)

    @classmethod
    def drop_named(cls, admin_url: str, name: str) -> None:
        cls._execute(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop(self) -> None:
        self.drop_named(self.admin_url, self.name)


def _flushed_next_redis_db(url: str) -> str:
    """The URL of the Redis database after the one `url` names, emptied.

    The test process empties its own database between tests; the server must not lose
    its cache under it, nor find a previous run's entries.
    """
    from urllib.parse import urlsplit, urlunsplit

    import redis

    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0) + 1
    server_url = urlunsplit(parts._replace(path=f"/{number}"))
    client = redis.Redis.from_url(server_url)
    client.flushdb()
    client.close()
    return server_url


@pytest.fixture(scope="session")
def portal_server(tmp_path_factory):
    """The demo portal, plus the seed article when the seed is present, served for real."""
    workdir = tmp_path_factory.mktemp("portal")
    server = PortalServer(workdir, migrated=True)
    server.manage("migrate", "--noinput")  # nothing left to apply: checks the copy is whole
    server.manage("load_demo")
    server.seed_url = None
    if SEED_FILE.is_file():
        import html as html_lib
        import json

        seed = parse_seed()
        image = workdir / "seed.jpg"
        image.write_bytes(jpeg_bytes(size=(1300, 731)))
        line = {
            "id": "seed-1", "title": seed["title"], "lead": seed["lead"],
            "body_html": "".join(f"<p>{html_lib.escape(p)}</p>" for p in seed["body"]),
            "author": seed["author"], "published_at": seed["published_at"].isoformat(),
            "category": "Tin tức/Xây dựng Đảng", "image": str(image),
            "image_caption": seed["caption"], "views": seed["views"],
        }
        (workdir / "seed.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n")
        server.manage("import_articles", str(workdir / "seed.jsonl"), "--site", "localhost")
        server.seed_url = server.shell(
            "from bantin.news.models import ArticlePage;"
            "print(ArticlePage.objects.get(import_key='seed-1').get_url_parts()[2])"
        )
    server.start()
    yield server
    server.stop()


@pytest.fixture
def one_instant(monkeypatch):
    """The rate limits' fixed windows do not roll over in the middle of a test."""
    from types import SimpleNamespace

    from bantin.interaction import spam

    monkeypatch.setattr(spam, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))
