from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "bantin.questions"
    label = "questions"
    verbose_name = "Hỏi đáp"

    def ready(self):
        from bantin.interaction.personal_data import Kind, register

        # The asker's contact details, address hashes and attachment go after the
        # retention period; the published question, answer and name stay.
        register(Kind(
            key="questions", label="câu hỏi", model="questions.Question",
            fields={"email": "", "phone": "", "ip_hash": "", "visitor_hash": ""},
            files=("attachment",), default_days=730,
        ))
