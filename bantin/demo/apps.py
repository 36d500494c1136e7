from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "bantin.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu"
