from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "bantin.organisation"
    label = "organisation"
    verbose_name = "Giới thiệu và liên hệ"
