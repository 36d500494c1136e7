from django.apps import AppConfig


class AudienceConfig(AppConfig):
    name = "bantin.audience"
    label = "audience"
    verbose_name = "Thống kê truy cập"
