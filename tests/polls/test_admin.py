"""The admin: unit-scoped poll listing, results charts, CSV/XLSX exports of polls and
survey responses (with formula injection neutralised), and stored XSS rendered inert."""

from __future__ import annotations

import csv
import io

import pytest
from django.http import HttpRequest
from openpyxl import load_workbook

from bantin.polls.models import PollChoice, PollVote, SurveySubmission

from .conftest import PASSWORD

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
INJECTIONS = ["=HYPERLINK(\"http://evil.example\",\"bấm\")", "+1+2", "-3+4", "@SUM(A1:A2)"]


def login(client, name):
    # django-axes checks every authentication against its request.
    assert client.login(request=HttpRequest(), username=name, password=PASSWORD)
    return client


def add_votes(poll, *groups):
    choices = list(poll.choices.all())
    for group in groups:
        vote = PollVote.objects.create(poll=poll)
        vote.choices.set([choices[i] for i in group])


def rows_of_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def rows_of_xlsx(response) -> list[list]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(body)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_poll_listing_shows_only_the_units_own_polls(client, world):
    login(client, "mod-a")
    listing = client.get("/quan-tri/snippets/polls/poll/").content.decode()
    assert "Xã nên ưu tiên việc gì?" in listing
    assert "Câu hỏi riêng của xã Beta" not in listing
    poll_b = world["poll_b"]
    for url in (f"/quan-tri/snippets/polls/poll/edit/{poll_b.pk}/",
                f"/quan-tri/snippets/polls/poll/ket-qua/{poll_b.pk}/",
                f"/quan-tri/snippets/polls/poll/ket-qua/{poll_b.pk}/csv/",
                f"/quan-tri/snippets/polls/poll/ket-qua/{poll_b.pk}/xlsx/"):
        assert client.get(url).status_code in (403, 404), url


def test_the_hub_sees_its_units_polls(client, world):
    login(client, "mod-hub")
    listing = client.get("/quan-tri/snippets/polls/poll/").content.decode()
    assert "Xã nên ưu tiên việc gì?" in listing and "Câu hỏi riêng của xã Beta" in listing


def test_the_admin_results_chart_and_exports(client, world):
    poll = world["multi_a"]
    add_votes(poll, [0], [0, 1], [2])
    login(client, "editor-a")
    page = client.get(f"/quan-tri/snippets/polls/poll/ket-qua/{poll.pk}/").content.decode()
    assert "3 người bình chọn" in page
    assert "2 (66,7%)" in page and "1 (33,3%)" in page
    rows = rows_of_csv(client.get(f"/quan-tri/snippets/polls/poll/ket-qua/{poll.pk}/csv/"))
    assert rows[0] == ["Câu hỏi", "Phương án", "Số phiếu", "Tỷ lệ (%)", "Tổng số người bình chọn"]
    assert rows[1:] == [
        ["Bạn đọc tin qua kênh nào?", "Loa", "2", "66.7", "3"],
        ["Bạn đọc tin qua kênh nào?", "Trang web", "1", "33.3", "3"],
        ["Bạn đọc tin qua kênh nào?", "Zalo", "1", "33.3", "3"],
    ]
    rows = rows_of_xlsx(client.get(f"/quan-tri/snippets/polls/poll/ket-qua/{poll.pk}/xlsx/"))
    assert rows[1] == ["Bạn đọc tin qua kênh nào?", "Loa", 2, 66.7, 3]
    assert client.get(f"/quan-tri/snippets/polls/poll/ket-qua/{poll.pk}/pdf/").status_code == 404


def test_poll_exports_neutralise_formulas(client, world):
    poll = world["poll_a"]
    for choice, text in zip(poll.choices.all(), INJECTIONS, strict=False):
        PollChoice.objects.filter(pk=choice.pk).update(label=text)
    login(client, "mod-a")
    base = f"/quan-tri/snippets/polls/poll/ket-qua/{poll.pk}/"
    labels = [row[1] for row in rows_of_csv(client.get(base + "csv/"))[1:]]
    assert labels == ["'" + text for text in INJECTIONS[:3]]
    sheet = rows_of_xlsx(client.get(base + "xlsx/"))
    assert [row[1] for row in sheet[1:]] == ["'" + text for text in INJECTIONS[:3]]


def _submit(survey, remark, kind="Hộ tịch", scale=4, channels=("Loa",)):
    names = [f.clean_name for f in survey.form_fields.order_by("sort_order")]
    return SurveySubmission.objects.create(page=survey, form_data=dict(zip(
        names, [kind, scale, list(channels), remark], strict=True)))


def test_survey_results_and_exports_in_the_admin(client, world):
    survey = world["survey_a"]
    _submit(survey, "Cán bộ nhiệt tình.", scale=5)
    _submit(survey, INJECTIONS[0], kind="Đất đai", scale=2, channels=("Loa", "Zalo"))
    _submit(survey, INJECTIONS[3], scale=3, channels=())
    login(client, "mod-a")
    page = client.get(f"/quan-tri/khao-sat/{survey.pk}/ket-qua/").content.decode()
    assert "Số phiếu đã nhận: <strong>3</strong>" in page
    assert "điểm trung bình 3,33/5" in page
    assert "Cán bộ nhiệt tình." in page  # free text is listed to staff, not charted
    assert "2 (66,7%)" in page
    listing = f"/quan-tri/forms/submissions/{survey.pk}/"
    rows = rows_of_csv(client.get(listing + "?export=csv"))
    assert rows[0][1:] == ["Bạn làm thủ tục gì?", "Mức độ hài lòng", "Kênh thông tin", "Góp ý"]
    by_remark = {row[4]: row for row in rows[1:]}
    assert set(by_remark) == {"Cán bộ nhiệt tình.", "'" + INJECTIONS[0], "'" + INJECTIONS[3]}
    assert by_remark["'" + INJECTIONS[0]][1:4] == ["Đất đai", "2", "Loa, Zalo"]
    sheet = rows_of_xlsx(client.get(listing + "?export=xlsx"))
    remarks = {row[4] for row in sheet[1:]}
    assert remarks == {"Cán bộ nhiệt tình.", "'" + INJECTIONS[0], "'" + INJECTIONS[3]}
    # Only the answers leave: never the hashes.
    assert not any("hash" in str(cell) for row in sheet for cell in row)


def test_survey_submissions_and_results_stay_within_the_unit(client, world):
    survey_a = world["survey_a"]
    _submit(survey_a, "Ý kiến riêng của Alpha")
    login(client, "mod-b")
    for url in (f"/quan-tri/khao-sat/{survey_a.pk}/ket-qua/",
                f"/quan-tri/forms/submissions/{survey_a.pk}/",
                f"/quan-tri/forms/submissions/{survey_a.pk}/?export=csv",
                f"/quan-tri/forms/submissions/{survey_a.pk}/?export=xlsx",
                "/quan-tri/forms/"):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert "Ý kiến riêng của Alpha" not in response.content.decode()
    assert client.get(f"/quan-tri/khao-sat/{world['survey_b'].pk}/ket-qua/").status_code == 200
    # A page that is not a survey has no survey results.
    home_b = world["b"].site.root_page_id
    assert client.get(f"/quan-tri/khao-sat/{home_b}/ket-qua/").status_code == 404


@pytest.mark.parametrize("where", ["public", "admin"])
def test_stored_xss_renders_inert(client, browser, world, where):
    poll, survey = world["poll_a"], world["survey_a"]
    PollChoice.objects.filter(pk=poll.choices.first().pk).update(label=XSS)
    type(poll).objects.filter(pk=poll.pk).update(question=XSS, description=XSS)
    add_votes(poll, [0])
    _submit(survey, XSS, kind=XSS)
    survey.results_public = True
    survey.save_revision().publish()
    if where == "public":
        pages = [browser.get(f"/tham-do/{poll.pk}/"), browser.get("/"),
                 browser.get("/khao-sat/")]
    else:
        login(client, "mod-a")
        pages = [client.get("/quan-tri/snippets/polls/poll/"),
                 client.get(f"/quan-tri/snippets/polls/poll/ket-qua/{poll.pk}/"),
                 client.get(f"/quan-tri/khao-sat/{survey.pk}/ket-qua/"),
                 client.get(f"/quan-tri/forms/submissions/{survey.pk}/")]
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        assert "<script>alert" not in html and "<img src=x onerror" not in html
    assert "&lt;script&gt;alert" in pages[0].content.decode()
    if where == "public":
        assert "&lt;script&gt;alert" in pages[1].content.decode()  # the home page's box
    results = browser.get(f"/tham-do/{poll.pk}/ket-qua.json")
    assert results["Content-Type"] == "application/json"


def _poll_form(site, **extra):
    data = {
        "site": site.pk, "question": "Bạn có hài lòng với đường liên thôn?", "description": "",
        "kind": "single", "max_choices": "0", "starts_at": "2026-01-01 08:00",
        "ends_at": "", "results_visibility": "always", "show_on_home": "on",
        "choices-TOTAL_FORMS": "2", "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "2", "choices-MAX_NUM_FORMS": "20",
        "choices-0-label": "Hài lòng", "choices-0-ORDER": "1", "choices-0-id": "",
        "choices-0-DELETE": "",
        "choices-1-label": "Chưa hài lòng", "choices-1-ORDER": "2", "choices-1-id": "",
        "choices-1-DELETE": "",
    }
    data.update(extra)
    return data


def test_an_editor_adds_a_poll_in_their_own_unit_only(client, world):
    from bantin.polls.models import Poll

    login(client, "editor-a")
    url = "/quan-tri/snippets/polls/poll/add/"
    form = client.get(url).content.decode()
    assert "Xã Alpha" in form and "Xã Beta" not in form
    response = client.post(url, _poll_form(world["a"].site))
    assert response.status_code == 302, response.content.decode()[:3000]
    poll = Poll.objects.get(question="Bạn có hài lòng với đường liên thôn?")
    assert poll.site == world["a"].site
    assert [c.label for c in poll.choices.all()] == ["Hài lòng", "Chưa hài lòng"]
    # Another unit's site, or an end before the start, is refused.
    response = client.post(url, _poll_form(world["b"].site, question="Khác"))
    assert response.status_code == 200 and not Poll.objects.filter(question="Khác").exists()
    response = client.post(url, _poll_form(world["a"].site, question="Ngày sai",
                                           ends_at="2025-12-31 08:00"))
    assert "Thời điểm kết thúc phải sau thời điểm bắt đầu." in response.content.decode()
    assert not Poll.objects.filter(question="Ngày sai").exists()


def test_an_editor_opens_the_survey_editor(client, world):
    login(client, "editor-a")
    home = world["a"].site.root_page_id
    form = client.get(f"/quan-tri/pages/add/polls/surveypage/{home}/").content.decode()
    assert "Thang điểm từ 1 đến 5" in form
    edit = client.get(f"/quan-tri/pages/{world['survey_a'].pk}/edit/")
    assert edit.status_code == 200
