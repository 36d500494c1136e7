from django.db import migrations

from bantin.search import fts, pg


class Migration(migrations.Migration):
    """The titles' own FTS5 table on SQLite; the weighted tsvector and its GIN indexes on
    PostgreSQL. Each step does nothing on the other database."""

    dependencies = [("portal_search", "0001_initial")]

    operations = [
        migrations.RunPython(fts.create_titles, fts.drop_titles),
        migrations.RunPython(pg.create, pg.drop),
    ]
