"""Retention: the hashes of old votes and survey responses are blanked by the purge (the
command and the daily task cover both kinds); votes, answers and counts stay."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

from bantin.interaction import personal_data
from bantin.polls import results
from bantin.polls.models import PollVote, SurveySubmission

HASHES = {"ip_hash": "a" * 64, "visitor_hash": "b" * 64, "agent_hash": "c" * 64}


def test_both_kinds_are_registered_with_their_days(world, settings):
    assert personal_data.retention_days("poll_votes") == 180
    assert personal_data.retention_days("survey_responses") == 180
    settings.BANTIN_RETENTION_DAYS = {**settings.BANTIN_RETENTION_DAYS, "poll_votes": 30}
    assert personal_data.retention_days("poll_votes") == 30


def test_the_purge_blanks_old_hashes_and_keeps_the_counts(world):
    poll, survey = world["poll_a"], world["survey_a"]
    choice = poll.choices.first()
    old, recent = [PollVote.objects.create(poll=poll, **HASHES) for _ in range(2)]
    for vote in (old, recent):
        vote.choices.set([choice])
    PollVote.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=181))
    old_answer = SurveySubmission.objects.create(page=survey, form_data={"gop_y": "Tốt"},
                                                 **HASHES)
    new_answer = SurveySubmission.objects.create(page=survey, form_data={"gop_y": "Khá"},
                                                 **HASHES)
    SurveySubmission.objects.filter(pk=old_answer.pk).update(
        submit_time=timezone.now() - dt.timedelta(days=200))
    before = results.poll_results(poll)

    call_command("purge_personal_data", verbosity=0)

    old.refresh_from_db()
    recent.refresh_from_db()
    old_answer.refresh_from_db()
    new_answer.refresh_from_db()
    assert (old.ip_hash, old.visitor_hash, old.agent_hash) == ("", "", "")
    assert recent.ip_hash == HASHES["ip_hash"]
    assert (old_answer.ip_hash, old_answer.visitor_hash, old_answer.agent_hash) == ("", "", "")
    assert old_answer.form_data == {"gop_y": "Tốt"}
    assert new_answer.agent_hash == HASHES["agent_hash"]
    assert results.poll_results(poll) == before
    assert list(old.choices.all()) == [choice]
    # Nothing left to purge.
    assert personal_data.purge(kinds=["poll_votes", "survey_responses"]) == {
        "poll_votes": (0, 0), "survey_responses": (0, 0)}
