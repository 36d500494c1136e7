from django.db import migrations

from bantin.search import fts, pg


class Migration(migrations.Migration):
    """The index's vocabulary for "did you mean": FTS5's vocab table on SQLite, a table of
    words on PostgreSQL. Each step does nothing on the other database."""

    dependencies = [("portal_search", "0003_postgresql_vector_table")]

    operations = [
        migrations.RunPython(fts.create_vocab, fts.drop_vocab),
        migrations.RunPython(pg.create_words, pg.drop_words),
    ]
