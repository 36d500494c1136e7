from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "bantin.units"
    label = "units"
    verbose_name = "Đơn vị"
