"""Site root pages resolve a whole path with one lookup by url_path (core.pages.FastRouteMixin);
Wagtail does not index that column, so the lookup would scan every page."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS bantin_page_url_path_idx ON wagtailcore_page (url_path);",
            "DROP INDEX IF EXISTS bantin_page_url_path_idx;",
        )
    ]
