from django.db import migrations

from bantin.search import pg


class Migration(migrations.Migration):
    """PostgreSQL: the title vectors move to a narrow table of their own, so finding the
    newest entries whose title holds the query no longer reads a wide row per entry (see
    bantin.search.pg). Nothing on SQLite."""

    dependencies = [("portal_search", "0006_vocabulary_follows_index")]

    operations = [migrations.RunPython(pg.split_titles, pg.join_titles)]
