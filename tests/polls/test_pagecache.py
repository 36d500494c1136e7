"""Polls on stored pages: the home page's box is stored without any count, the live results
come from the never-cached JSON endpoint, a poll's edit purges the stored home page, a poll
ending expires it, and survey pages (with their CSRF token) are never stored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from bantin.pagecache.models import CachedPage
from bantin.polls.models import Poll

from .conftest import OTHER_UA

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def page_cache(settings, tmp_path):
    settings.BANTIN_PAGE_CACHE = True
    settings.BANTIN_PAGE_CACHE_DIR = tmp_path / "pagecache"
    return Path(settings.BANTIN_PAGE_CACHE_DIR)


def home_files(root: Path):
    return [p for p in root.rglob("index.html") if "alpha.example.vn" in str(p)]


def test_the_stored_home_page_holds_the_poll_but_never_a_count(
        browser, world, page_cache, django_capture_on_commit_callbacks):
    poll = world["poll_a"]
    first = browser.get("/")
    assert first["X-Page-Cache"] == "MISS"
    html = first.content.decode()
    assert "Thăm dò ý kiến" in html and poll.question in html
    assert f'data-results-url="/tham-do/{poll.pk}/ket-qua.json"' in html
    assert "csrfmiddlewaretoken" not in html
    stored = home_files(page_cache)
    assert len(stored) == 1
    body = stored[0].read_bytes()
    assert f"polls:{world['a'].site_id}" in CachedPage.objects.get().tags.values_list(
        "tag", flat=True)
    # A vote purges nothing, and the stored page shows no count that could be stale ...
    with django_capture_on_commit_callbacks(execute=True):
        assert browser.post(f"/tham-do/{poll.pk}/binh-chon/",
                            {"lua-chon": poll.choices.first().pk, "consent": "on"},
                            **JSON).status_code == 201
    assert stored[0].read_bytes() == body
    browser.cookies.clear()
    assert browser.get("/", HTTP_USER_AGENT=OTHER_UA)["X-Page-Cache"] == "HIT"
    assert "người đã bình chọn" not in body.decode()
    # ... the script reads the counts live.
    data = browser.get(f"/tham-do/{poll.pk}/ket-qua.json").json()
    assert data["results"]["voters"] == 1


def test_editing_a_poll_purges_the_stored_home_page(
        browser, world, page_cache, django_capture_on_commit_callbacks):
    poll = world["poll_a"]
    assert browser.get("/")["X-Page-Cache"] == "MISS"
    assert browser.get("/")["X-Page-Cache"] == "HIT"
    # Another unit's poll changes nothing here.
    with django_capture_on_commit_callbacks(execute=True):
        other = world["poll_b"]
        other.question = "Câu hỏi mới của Beta"
        other.save()
    assert browser.get("/")["X-Page-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        poll.question = "Câu hỏi đã sửa: xã nên làm gì trước?"
        poll.save()
    response = browser.get("/")
    assert response["X-Page-Cache"] == "MISS"
    assert "Câu hỏi đã sửa: xã nên làm gì trước?" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        choice = poll.choices.first()
        choice.label = "Phương án đã sửa"
        choice.save()
    response = browser.get("/")
    assert response["X-Page-Cache"] == "MISS"
    assert "Phương án đã sửa" in response.content.decode()


def test_a_stored_home_page_expires_when_a_poll_ends_or_starts(browser, world, page_cache):
    now = timezone.now()
    ends = now + dt.timedelta(hours=3)
    starts = now + dt.timedelta(hours=1)
    Poll.objects.filter(pk=world["poll_a"].pk).update(ends_at=ends)
    Poll.objects.create(site=world["a"].site, question="Sắp mở", starts_at=starts)
    assert browser.get("/")["X-Page-Cache"] == "MISS"
    assert CachedPage.objects.get().expires_at == starts


def test_closed_polls_leave_the_home_page(browser, world):
    Poll.objects.filter(pk=world["poll_a"].pk).update(
        ends_at=timezone.now() - dt.timedelta(minutes=1))
    html = browser.get("/").content.decode()
    assert world["poll_a"].question not in html
    assert world["multi_a"].question in html
    for poll in Poll.objects.filter(site=world["a"].site):
        poll.show_on_home = False
        poll.save()
    assert "Thăm dò ý kiến" not in browser.get("/").content.decode()


def test_survey_and_poll_pages_are_never_stored(browser, world, page_cache):
    response = browser.get("/khao-sat/")
    assert response.status_code == 200 and response["X-Page-Cache"] == "SKIP"
    poll_page = browser.get(f"/tham-do/{world['poll_a'].pk}/")
    assert poll_page.status_code == 200 and "X-Page-Cache" not in poll_page
    assert browser.get(f"/tham-do/{world['poll_a'].pk}/")["Cache-Control"].startswith(
        "max-age=0")
    assert not list(page_cache.rglob("index.html"))
