from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "bantin.importers"
    label = "importers"
    verbose_name = "Nhập dữ liệu"
