from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "bantin.units"
    label = "units"
    verbose_name = "Đơn vị"

    def ready(self):
        from . import access

        access.narrow_page_listing_filters()
