"""Let SQLite use an index for "pages below this one" (`path LIKE 'prefix%'`).

Wagtail finds descendants with `path__startswith`, which Django turns into a LIKE. SQLite's
LIKE ignores case, so it cannot use the ordinary index on `path` and reads the whole page
table instead; an index on `path COLLATE NOCASE` is one it can use. Tree paths hold only
digits and capital letters, so ignoring case changes no result. The admin's page explorer
asks such a question for every row it lists (can this page be deleted or moved?): at
100,000 pages that was seconds per listing (see docs/performance.md, units at scale).

PostgreSQL needs nothing: Django already gives the unique `path` column a pattern index.
"""

from django.db import migrations

INDEX = "bantin_page_path_prefix_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (path COLLATE NOCASE)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_page_url_path_index"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
