"""The demo polls and survey: loaded once, not twice, and shown."""

from bantin.polls import demo
from bantin.polls.models import Poll, PollVote, SurveyPage, SurveySubmission


def test_demo_polls_and_survey(client, world):
    hub, commune = world["hub"].site, world["a"].site
    assert demo.load_demo(hub, commune) == 3
    assert demo.load_demo(hub, commune) == 0
    hub_poll = Poll.objects.get(site=hub)
    assert hub_poll.kind == Poll.MULTIPLE and hub_poll.state() == "open"
    assert PollVote.objects.filter(poll=hub_poll).count() == sum(demo.HUB_POLL[4])
    assert all(v.choices.count() <= hub_poll.max_choices
               for v in PollVote.objects.filter(poll=hub_poll))
    assert Poll.objects.filter(site=commune, question=demo.UNIT_POLL[0]).exists()
    survey = SurveyPage.objects.get(title=demo.SURVEY_TITLE)
    assert SurveySubmission.objects.filter(page=survey).count() == len(demo.SURVEY_ANSWERS)
    home = client.get("/", HTTP_HOST="alpha.example.vn").content.decode()
    assert demo.UNIT_POLL[0] in home
    page = client.get("/khao-sat-muc-do-hai-long/", HTTP_HOST="hub.example.vn").content.decode()
    assert "Khảo sát mức độ hài lòng" in page and "điểm trung bình" in page
    results = client.get(f"/tham-do/{hub_poll.pk}/ket-qua.json").json()
    assert results["results"]["voters"] == sum(demo.HUB_POLL[4])
