from django.apps import AppConfig


class PollsConfig(AppConfig):
    name = "bantin.polls"
    label = "polls"
    verbose_name = "Thăm dò ý kiến"

    def ready(self):
        from bantin.interaction import personal_data

        from . import invalidation

        invalidation.connect()
        personal_data.register(personal_data.Kind(
            key="poll_votes", label="phiếu thăm dò", model="polls.PollVote",
            fields={"ip_hash": "", "visitor_hash": "", "agent_hash": ""},
            default_days=180,
        ))
        personal_data.register(personal_data.Kind(
            key="survey_responses", label="phiếu khảo sát", model="polls.SurveySubmission",
            fields={"ip_hash": "", "visitor_hash": "", "agent_hash": ""},
            date_field="submit_time", default_days=180,
        ))
