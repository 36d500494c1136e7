from django.apps import AppConfig


class EditorConfig(AppConfig):
    """The daily jobs of a unit's officials: the admin dashboard and articles from Word."""

    name = "bantin.editor"
    label = "editor"
    verbose_name = "Biên tập hằng ngày"
