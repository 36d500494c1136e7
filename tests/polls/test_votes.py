"""Voting: valid and invalid votes, one vote per visitor (also with cookies cleared), the
cap per shared address, rate limits, bots, cross-site posts and the live results."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bantin.polls import views, voters
from bantin.polls.models import Poll, PollVote

from .conftest import OTHER_UA, UA, make_poll

JSON = {"HTTP_ACCEPT": "application/json"}


def vote_url(poll):
    return f"/tham-do/{poll.pk}/binh-chon/"


def ballot(*choices, consent=True):
    data = {"lua-chon": [str(c.pk) for c in choices], "website": ""}
    if consent:
        data["consent"] = "on"
    return data


def test_a_vote_without_javascript_redirects_to_the_poll_with_a_message(browser, world):
    poll = world["poll_a"]
    choice = poll.choices.get(label="Sửa trường")
    response = browser.post(vote_url(poll), ballot(choice))
    assert response.status_code == 302
    assert response["Location"] == f"/tham-do/{poll.pk}/#tham-do-{poll.pk}"
    assert "bt_vid" in response.cookies
    page = browser.get(response["Location"]).content.decode()
    assert views.VOTED in page
    assert "Bạn đã bình chọn trong cuộc thăm dò này." in page
    assert "Sửa trường" in page and "1 (100,0%)" in page
    vote = PollVote.objects.get(poll=poll)
    assert list(vote.choices.all()) == [choice]
    assert vote.ip_hash and vote.agent_hash and vote.visitor_hash
    assert "127.0.0.1" not in (vote.ip_hash + vote.agent_hash)


def test_a_vote_with_javascript_answers_json_with_the_results(browser, world):
    poll = world["multi_a"]
    loa, web, _ = poll.choices.all()
    response = browser.post(vote_url(poll), ballot(loa, web), **JSON)
    assert response.status_code == 201
    data = response.json()
    assert data["message"] == views.VOTED
    counts = {c["label"]: (c["count"], c["percent"]) for c in data["results"]["choices"]}
    assert counts == {"Loa": (1, 100.0), "Trang web": (1, 100.0), "Zalo": (0, 0.0)}
    assert data["results"]["voters"] == 1


@pytest.mark.parametrize("case, status, message", [
    ("no choice", 400, views.NO_CHOICE),
    ("two in a single-choice poll", 400, views.ONE_ONLY),
    ("a choice of another poll", 400, views.BAD_CHOICE),
    ("not a number", 400, views.BAD_CHOICE),
    ("no consent", 400, views.NO_CONSENT),
])
def test_invalid_votes_are_refused_in_vietnamese_and_store_nothing(
        browser, world, case, status, message):
    poll, other = world["poll_a"], world["poll_b"]
    first, second = list(poll.choices.all())[:2]
    data = {
        "no choice": ballot(),
        "two in a single-choice poll": ballot(first, second),
        "a choice of another poll": ballot(other.choices.first()),
        "not a number": {"lua-chon": ["1 OR 1=1"], "consent": "on"},
        "no consent": ballot(first, consent=False),
    }[case]
    response = browser.post(vote_url(poll), data, **JSON)
    assert response.status_code == status
    assert response.json()["error"] == message
    # Without JavaScript: back to the poll with the same message.
    response = browser.post(vote_url(poll), data, follow=True)
    assert message in response.content.decode()
    assert not PollVote.objects.exists()


def test_more_choices_than_the_poll_allows_are_refused(browser, world):
    poll = world["multi_a"]
    response = browser.post(vote_url(poll), ballot(*poll.choices.all()), **JSON)
    assert response.status_code == 400
    assert response.json()["error"] == "Chỉ được chọn tối đa 2 phương án."
    assert not PollVote.objects.exists()


@pytest.mark.parametrize("when, message", [("closed", views.CLOSED), ("not_yet", views.NOT_YET)])
def test_a_closed_or_not_yet_open_poll_takes_no_vote(browser, world, when, message):
    now = timezone.now()
    dates = ({"starts_at": now - dt.timedelta(days=5), "ends_at": now - dt.timedelta(days=1)}
             if when == "closed" else {"starts_at": now + dt.timedelta(days=1)})
    poll = make_poll(world["a"].site, "Thăm dò có hạn", ["Có", "Không"], **dates)
    response = browser.post(vote_url(poll), ballot(poll.choices.first()), **JSON)
    assert response.status_code == 403
    assert response.json()["error"] == message
    assert not PollVote.objects.exists()
    assert message in browser.get(f"/tham-do/{poll.pk}/").content.decode()


def test_unknown_poll_and_wrong_method(browser, world):
    assert browser.post("/tham-do/999999/binh-chon/", {}, **JSON).status_code == 404
    assert browser.get("/tham-do/999999/ket-qua.json").status_code == 404
    assert browser.get(vote_url(world["poll_a"])).status_code == 405


def test_one_vote_per_visitor_even_with_cookies_cleared(browser, world, settings):
    poll = world["poll_a"]
    choice = poll.choices.first()
    assert browser.post(vote_url(poll), ballot(choice), **JSON).status_code == 201
    # Same browser, cookie kept.
    again = browser.post(vote_url(poll), ballot(choice), **JSON)
    assert again.status_code == 409 and again.json()["error"] == voters.ALREADY_VOTED
    # The cookie kept but another address (a phone moving from wifi to 4G): still the visitor.
    again = browser.post(vote_url(poll), ballot(choice), HTTP_X_FORWARDED_FOR="203.0.113.9",
                         **JSON)
    assert again.status_code == 409
    # Cookies cleared: same address, same browser.
    browser.cookies.clear()
    again = browser.post(vote_url(poll), ballot(choice), **JSON)
    assert again.status_code == 409 and again.json()["error"] == voters.ALREADY_VOTED
    browser.post(vote_url(world["multi_a"]), ballot(world["multi_a"].choices.first()), **JSON)
    # Another browser on the same address (a neighbour behind the same NAT): allowed.
    browser.cookies.clear()
    other = browser.post(vote_url(poll), ballot(choice), HTTP_USER_AGENT=OTHER_UA, **JSON)
    assert other.status_code == 201
    assert PollVote.objects.filter(poll=poll).count() == 2
    # Voting in one poll does not block another.
    assert PollVote.objects.filter(poll=world["multi_a"]).count() == 1


def test_votes_per_bare_address_are_capped(browser, world, settings):
    settings.BANTIN_POLL_VOTES_PER_ADDRESS = 3
    poll = world["poll_a"]
    choice = poll.choices.first()
    answers = []
    for n in range(5):
        browser.cookies.clear()
        answers.append(browser.post(vote_url(poll), ballot(choice),
                                    HTTP_USER_AGENT=f"{UA} Phone/{n}", **JSON))
    assert [a.status_code for a in answers] == [201, 201, 201, 409, 409]
    assert answers[3].json()["error"] == voters.ADDRESS_FULL
    # Another address is not affected.
    browser.cookies.clear()
    assert browser.post(vote_url(poll), ballot(choice), HTTP_X_FORWARDED_FOR="198.51.100.7",
                        **JSON).status_code == 201
    assert PollVote.objects.filter(poll=poll).count() == 4


def test_rate_limit_per_address(browser, world, settings, one_instant):
    settings.BANTIN_POLL_RATE_LIMITS = {"ip": [(60, 2)], "visitor": [(60, 100)]}
    poll = world["poll_a"]
    statuses = [browser.post(vote_url(poll), ballot(), **JSON).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]
    response = browser.post(vote_url(poll), ballot(poll.choices.first()), **JSON)
    assert response.json()["error"] == voters.TOO_MANY
    assert not PollVote.objects.exists()


@pytest.mark.parametrize("extra", [
    {"HTTP_USER_AGENT": "curl/8.5"}, {"HTTP_USER_AGENT": ""}, {"website": "http://spam.example"},
])
def test_bots_and_the_honeypot_store_nothing(browser, world, extra):
    poll = world["poll_a"]
    data = ballot(poll.choices.first())
    headers = dict(JSON)
    if "website" in extra:
        data.update(extra)
    else:
        headers.update(extra)
    response = browser.post(vote_url(poll), data, **headers)
    assert response.status_code == 200
    assert not PollVote.objects.exists()


@pytest.mark.parametrize("headers", [
    {"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_SEC_FETCH_SITE": "cross-site"},
])
def test_cross_site_votes_are_refused(browser, world, headers):
    poll = world["poll_a"]
    response = browser.post(vote_url(poll), ballot(poll.choices.first()), **headers, **JSON)
    assert response.status_code == 403
    assert response.json()["error"] == voters.CROSS_SITE
    assert not PollVote.objects.exists()


def test_results_json_counts_and_percentages(browser, world):
    poll = world["multi_a"]
    loa, web, zalo = poll.choices.all()
    for n, chosen in enumerate([(loa,), (loa, web), (web, zalo), (loa,)]):
        browser.cookies.clear()
        assert browser.post(vote_url(poll), ballot(*chosen), HTTP_USER_AGENT=f"{UA} v{n}",
                            **JSON).status_code == 201
    data = browser.get(f"/tham-do/{poll.pk}/ket-qua.json").json()
    assert data["visible"] and data["state"] == "open"
    assert data["results"]["voters"] == 4
    assert [(c["label"], c["count"], c["percent"]) for c in data["results"]["choices"]] == [
        ("Loa", 3, 75.0), ("Trang web", 2, 50.0), ("Zalo", 1, 25.0)]
    assert browser.get(f"/tham-do/{poll.pk}/ket-qua.json")["Cache-Control"].startswith(
        "max-age=0")


def test_results_visibility(browser, world):
    poll = world["poll_a"]
    results_url = f"/tham-do/{poll.pk}/ket-qua.json"
    Poll.objects.filter(pk=poll.pk).update(results_visibility=Poll.STAFF_ONLY)
    data = browser.get(results_url).json()
    assert data["visible"] is False and data["results"] is None
    Poll.objects.filter(pk=poll.pk).update(results_visibility=Poll.AFTER_VOTE)
    assert browser.get(results_url).json()["visible"] is False
    page = browser.get(f"/tham-do/{poll.pk}/").content.decode()
    assert "Kết quả sẽ được công bố sau." in page
    browser.post(vote_url(poll), ballot(poll.choices.first()), **JSON)
    assert browser.get(results_url).json()["results"]["voters"] == 1
    Poll.objects.filter(pk=poll.pk).update(results_visibility=Poll.AFTER_CLOSE)
    assert browser.get(results_url).json()["visible"] is False
    Poll.objects.filter(pk=poll.pk).update(ends_at=timezone.now() - dt.timedelta(minutes=1))
    assert browser.get(results_url).json()["visible"] is True
