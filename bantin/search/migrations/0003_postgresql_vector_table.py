from django.db import migrations

from bantin.search import pg


class Migration(migrations.Migration):
    """PostgreSQL: the tsvectors move from generated columns of the entry table to a
    narrow table of their own, stored in the row (see bantin.search.pg). Nothing on
    SQLite."""

    dependencies = [("portal_search", "0002_title_index_and_postgresql")]

    operations = [migrations.RunPython(pg.create_table, pg.drop_table)]
