"""Surveys: the form with valid and invalid answers, one response per visitor, open and
closed dates, CSRF and cross-site posts, bots, and the public results."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from bantin.polls import surveys, voters
from bantin.polls.models import SurveyPage, SurveySubmission

from .conftest import OTHER_UA, UA

URL = "/khao-sat/"


def names(page):
    return [f.clean_name for f in page.form_fields.order_by("sort_order")]


def answers(page, **overrides):
    kind, scale, channels, remark = names(page)
    data = {kind: "Hộ tịch", scale: "4", channels: ["Loa", "Zalo"],
            remark: "Nên mở cửa cả sáng thứ bảy.", "consent": "on", "website": ""}
    data.update({({"kind": kind, "scale": scale, "channels": channels,
                   "remark": remark}).get(k, k): v for k, v in overrides.items()})
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_shows_every_question_the_scale_and_the_consent_line(browser, world):
    scale = names(world["survey_a"])[1]
    page = browser.get(URL).content.decode()
    assert "Khảo sát hài lòng Alpha" in page
    for label in ("Bạn làm thủ tục gì?", "Mức độ hài lòng", "Kênh thông tin", "Góp ý"):
        assert label in page
    assert page.count(f'type="radio" name="{scale}"') == 5
    assert "Nghị định 13/2023/NĐ-CP" in page and "180 ngày" in page
    assert "csrfmiddlewaretoken" in page
    assert 'name="website"' in page


def test_a_valid_response_is_stored_with_hashes_only(browser, world):
    survey = world["survey_a"]
    response = browser.post(URL, answers(survey))
    assert response.status_code == 200
    assert "Cảm ơn bạn đã tham gia khảo sát" in response.content.decode()
    assert "bt_vid" in response.cookies
    stored = SurveySubmission.objects.get(page=survey)
    kind, scale, channels, remark = names(survey)
    assert stored.form_data == {kind: "Hộ tịch", scale: 4, channels: ["Loa", "Zalo"],
                                remark: "Nên mở cửa cả sáng thứ bảy."}
    assert stored.ip_hash and stored.visitor_hash and stored.agent_hash


@pytest.mark.parametrize("case, field, message", [
    ("required missing", "kind", surveys.REQUIRED),
    ("scale missing", "scale", surveys.REQUIRED),
    ("scale out of range", "scale", "Vui lòng chọn một điểm từ 1 đến 5."),
    ("scale not a number", "scale", "Vui lòng chọn một điểm từ 1 đến 5."),
    ("unknown choice", "kind", "Lựa chọn không hợp lệ."),
    ("unknown checkbox", "channels", "Lựa chọn không hợp lệ."),
    ("no consent", "consent", "Vui lòng đánh dấu đồng ý để gửi phiếu khảo sát."),
])
def test_invalid_answers_are_refused_in_vietnamese_keeping_what_was_typed(
        browser, world, case, field, message):
    survey = world["survey_a"]
    value = {"required missing": None, "scale missing": None, "scale out of range": "7",
             "scale not a number": "năm", "unknown choice": "Xây nhà",
             "unknown checkbox": ["Loa", "Tivi"], "no consent": None}[case]
    response = browser.post(URL, answers(survey, **{field: value}))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Nên mở cửa cả sáng thứ bảy." in page
    assert not SurveySubmission.objects.exists()


def test_optional_questions_may_be_left_empty(browser, world):
    survey = world["survey_a"]
    response = browser.post(URL, answers(survey, channels=None, remark=""))
    assert response.status_code == 200
    assert SurveySubmission.objects.count() == 1


def test_one_response_per_visitor_even_with_cookies_cleared(browser, world, settings):
    survey = world["survey_a"]
    assert browser.post(URL, answers(survey)).status_code == 200
    again = browser.post(URL, answers(survey))
    assert again.status_code == 409 and voters.ALREADY_ANSWERED in again.content.decode()
    assert voters.ALREADY_ANSWERED in browser.get(URL).content.decode()
    browser.cookies.clear()
    again = browser.post(URL, answers(survey))
    assert again.status_code == 409
    assert browser.post(URL, answers(survey), HTTP_USER_AGENT=OTHER_UA).status_code == 200
    settings.BANTIN_POLL_VOTES_PER_ADDRESS = 2
    browser.cookies.clear()
    full = browser.post(URL, answers(survey), HTTP_USER_AGENT=f"{UA} Phone/3")
    assert full.status_code == 409 and voters.ADDRESS_FULL in full.content.decode()
    assert SurveySubmission.objects.count() == 2


@pytest.mark.parametrize("when, notice", [("closed", surveys.CLOSED),
                                          ("not_yet", surveys.NOT_YET)])
def test_a_closed_survey_shows_a_notice_and_takes_nothing(browser, world, when, notice):
    survey = world["survey_a"]
    now = timezone.now()
    dates = ({"starts_at": now - dt.timedelta(days=9), "ends_at": now - dt.timedelta(days=1)}
             if when == "closed" else {"starts_at": now + dt.timedelta(days=2)})
    SurveyPage.objects.filter(pk=survey.pk).update(**dates)
    page = browser.get(URL)
    assert notice in page.content.decode()
    assert "csrfmiddlewaretoken" not in page.content.decode()
    response = browser.post(URL, answers(survey))
    assert response.status_code == 403
    assert not SurveySubmission.objects.exists()


def test_posts_need_the_csrf_token_and_the_same_site(world):
    survey = world["survey_a"]
    strict = Client(enforce_csrf_checks=True, HTTP_HOST="alpha.example.vn", HTTP_USER_AGENT=UA)
    assert strict.post(URL, answers(survey)).status_code == 403
    form = strict.get(URL)
    token = form.cookies["csrftoken"].value
    assert strict.post(URL, {**answers(survey), "csrfmiddlewaretoken": token}).status_code == 200
    client = Client(HTTP_HOST="alpha.example.vn", HTTP_USER_AGENT=OTHER_UA)
    response = client.post(URL, answers(survey), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403 and voters.CROSS_SITE in response.content.decode()
    assert SurveySubmission.objects.count() == 1


@pytest.mark.parametrize("user_agent, trap", [("python-requests/2.31", ""), (UA, "x")])
def test_bots_and_the_honeypot_store_nothing(client, world, user_agent, trap):
    survey = world["survey_a"]
    response = client.post(URL, {**answers(survey), "website": trap}, HTTP_HOST="alpha.example.vn",
                           HTTP_USER_AGENT=user_agent)
    assert response.status_code == 200
    assert not SurveySubmission.objects.exists()


def test_rate_limit(browser, world, settings, one_instant):
    settings.BANTIN_POLL_RATE_LIMITS = {"ip": [(60, 1)], "visitor": [(60, 100)]}
    survey = world["survey_a"]
    browser.post(URL, answers(survey, kind=None))
    response = browser.post(URL, answers(survey))
    assert response.status_code == 429 and voters.TOO_MANY in response.content.decode()
    assert not SurveySubmission.objects.exists()


def test_public_results_chart_choices_and_never_list_free_text(browser, world):
    survey = world["survey_a"]
    for n, (kind, scale) in enumerate([("Hộ tịch", "5"), ("Hộ tịch", "3"), ("Đất đai", "4")]):
        browser.cookies.clear()
        assert browser.post(URL, answers(survey, kind=kind, scale=scale,
                                         remark=f"Ý kiến riêng số {n}"),
                            HTTP_USER_AGENT=f"{UA} r{n}").status_code == 200
    browser.cookies.clear()
    page = browser.get(URL, HTTP_USER_AGENT=OTHER_UA).content.decode()
    assert "Kết quả khảo sát" not in page
    survey.results_public = True
    survey.save_revision().publish()
    page = browser.get(URL, HTTP_USER_AGENT=OTHER_UA).content.decode()
    assert "Kết quả khảo sát" in page and "Số phiếu đã nhận: <strong>3</strong>" in page
    assert "2 (66,7%)" in page and "1 (33,3%)" in page  # Hộ tịch, Đất đai
    assert "điểm trung bình 4,00/5" in page
    assert "Ý kiến riêng" not in page
