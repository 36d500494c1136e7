from django.apps import AppConfig


class AudienceConfig(AppConfig):
    name = "bantin.audience"
    label = "audience"
    verbose_name = "Thống kê truy cập"

    def ready(self):
        from . import counting  # noqa: F401  (connects the setting_changed receiver)
