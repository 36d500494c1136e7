from django.apps import AppConfig


class InteractionConfig(AppConfig):
    name = "bantin.interaction"
    label = "interaction"
    verbose_name = "Tương tác"

    def ready(self):
        from . import (
            comments,  # noqa: F401 -- connects the recount signals
            personal_data,
        )

        personal_data.register_interaction()
