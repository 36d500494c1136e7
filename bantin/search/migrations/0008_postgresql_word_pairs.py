from django.db import migrations

from bantin.search import pg


class Migration(migrations.Migration):
    """PostgreSQL: indexes of the pairs of adjacent words of every entry and every title,
    so that the entries holding a phrase are found from the phrase's pairs rather than
    from its words, which may each be in most entries (see bantin.search.pg). Nothing on
    SQLite."""

    dependencies = [("portal_search", "0007_postgresql_title_table")]

    operations = [migrations.RunPython(pg.add_pairs, pg.drop_pairs)]
